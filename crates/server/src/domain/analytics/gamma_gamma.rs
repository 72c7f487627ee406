//! The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): a
//! customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ),
//! independent of how often they buy. Gives the expected average transaction
//! value of each customer, and with BG/NBD the customer lifetime value.

use serde::{Deserialize, Serialize};

use super::bgnbd::{BgNbd, Fit};
use super::optimize::{Options, minimize};
use super::special::ln_gamma;

/// Fitted parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GammaGamma {
    /// Shape of the per-transaction value.
    pub p: f64,
    /// Shape of the mixing Gamma.
    pub q: f64,
    /// Scale γ of the mixing Gamma (in the currency unit of the data).
    pub gamma: f64,
}

impl GammaGamma {
    /// Log-likelihood of a customer with `x` repeat purchases of mean value `m`.
    #[must_use]
    pub fn log_likelihood(&self, x: f64, m: f64) -> f64 {
        let Self { p, q, gamma } = *self;
        ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q)
            + q * gamma.ln()
            + (p * x - 1.0) * m.ln()
            + (p * x) * x.ln()
            - (p * x + q) * (x * m + gamma).ln()
    }

    /// Maximum-likelihood fit on `(x, mₓ)` of customers with at least one
    /// repeat purchase of positive value (others carry no spend information).
    /// Log-parameters are searched within ±15 from p = 1, q = 2 and γ = the
    /// mean spend, so the search starts at the data's scale.
    #[must_use]
    pub fn fit(data: &[(f64, f64)]) -> Fit<Self> {
        let rows: Vec<(f64, f64)> = data
            .iter()
            .copied()
            .filter(|(x, m)| *x > 0.0 && *m > 0.0)
            .collect();
        let n = rows.len().max(1) as f64;
        let mean_m = rows.iter().map(|r| r.1).sum::<f64>() / n;
        let objective = |v: &[f64]| {
            // Far out on the log scale the terms are huge and cancel, and rounding
            // noise could look like a better fit: keep the search in a sane box.
            if v.iter().any(|x| x.abs() > 15.0) {
                return f64::INFINITY;
            }
            let m = Self {
                p: v[0].exp(),
                q: v[1].exp(),
                gamma: v[2].exp(),
            };
            let ll: f64 = rows.iter().map(|&(x, mx)| m.log_likelihood(x, mx)).sum();
            if ll.is_finite() {
                -ll / n
            } else {
                f64::INFINITY
            }
        };
        // start at p = 1, q = 2 and γ at the data's scale (population mean = mean spend)
        let start = [0.0, 2f64.ln(), mean_m.max(1e-9).ln()];
        let best = minimize(objective, &start, &Options::default());
        let params = Self {
            p: best.x[0].exp(),
            q: best.x[1].exp(),
            gamma: best.x[2].exp(),
        };
        Fit {
            params,
            log_likelihood: -best.value * n,
            n: rows.len(),
            iterations: best.iterations,
        }
    }

    /// Mean transaction value across the population, γp/(q−1).
    #[must_use]
    pub fn population_mean(&self) -> f64 {
        self.gamma * self.p / (self.q - 1.0)
    }

    /// Expected average transaction value of a customer: a weighted mean of
    /// the population mean and their own mean (FHL 2005, eq. 5). A customer
    /// without repeat purchases gets the population mean.
    #[must_use]
    pub fn expected_average(&self, x: f64, m: f64) -> f64 {
        let Self { p, q, .. } = *self;
        let weight = p * x / (p * x + q - 1.0);
        (1.0 - weight) * self.population_mean() + weight * m
    }
}

/// Customer lifetime value over `months`: expected purchases in each month
/// (BG/NBD) times the expected value per purchase (Gamma-Gamma), discounted
/// at `monthly_discount` per month. `units_per_month` converts a month to the
/// models' time unit (weeks: 365.25 / 12 / 7). Same currency unit as `m`.
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn clv(
    bg: &BgNbd,
    gg: &GammaGamma,
    x: f64,
    t_x: f64,
    t: f64,
    m: f64,
    months: u32,
    monthly_discount: f64,
    units_per_month: f64,
) -> f64 {
    let value = gg.expected_average(x, m);
    let mut total = 0.0;
    let mut previous = 0.0;
    for i in 1..=months {
        let cumulative = bg.expected_purchases(f64::from(i) * units_per_month, x, t_x, t);
        total += (cumulative - previous) * value / (1.0 + monthly_discount).powi(i as i32);
        previous = cumulative;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published CDNOW spend fit.
    const CDNOW: GammaGamma = GammaGamma {
        p: 6.248802,
        q: 3.744588,
        gamma: 15.447748,
    };

    #[test]
    fn expected_average_hand_cases() {
        // cross-checked with `lifetimes`
        assert!((CDNOW.expected_average(2.0, 22.35) - 24.658_616_19).abs() < 1e-6);
        assert!((CDNOW.expected_average(1.0, 11.77) - 18.911_479_87).abs() < 1e-6);
        assert!((CDNOW.expected_average(6.0, 100.0) - 95.578_021_83).abs() < 1e-6);
        // no repeat purchase: the population mean, 35.171
        assert!((CDNOW.expected_average(0.0, 0.0) - 35.171_002_25).abs() < 1e-4);
        // zero spend pulls toward zero but never below it
        let zero = CDNOW.expected_average(3.0, 0.0);
        assert!(zero > 0.0 && zero < CDNOW.population_mean());
    }

    #[test]
    fn clv_is_discounted_expected_spend() {
        let bg = BgNbd {
            r: 0.242593,
            alpha: 4.413532,
            a: 0.792886,
            b: 2.425752,
        };
        let weeks = 365.25 / 12.0 / 7.0;
        let undiscounted = clv(&bg, &CDNOW, 2.0, 30.43, 38.86, 22.35, 12, 0.0, weeks);
        let expected = bg.expected_purchases(12.0 * weeks, 2.0, 30.43, 38.86)
            * CDNOW.expected_average(2.0, 22.35);
        assert!((undiscounted - expected).abs() < 1e-9);
        let discounted = clv(&bg, &CDNOW, 2.0, 30.43, 38.86, 22.35, 12, 0.01, weeks);
        assert!(discounted < undiscounted && discounted > undiscounted * 0.88);
        assert_eq!(
            clv(&bg, &CDNOW, 2.0, 30.43, 38.86, 22.35, 0, 0.01, weeks),
            0.0
        );
    }
}
