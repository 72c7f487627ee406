//! The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the
//! Easy Way"): while alive a customer buys as a Poisson process with rate λ ~
//! Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
//! Fitted by maximum likelihood over the portfolio; gives each customer's
//! probability of being alive and expected purchases in a coming period.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::optimize::{Options, minimize};
use super::special::{hyp2f1, ln_gamma, log_add_exp};

/// Fitted parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BgNbd {
    /// Shape of the purchase-rate Gamma.
    pub r: f64,
    /// Scale of the purchase-rate Gamma (in the time unit of the data).
    pub alpha: f64,
    /// Beta shape a of the drop-out probability.
    pub a: f64,
    /// Beta shape b of the drop-out probability.
    pub b: f64,
}

/// A fit and its quality.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct Fit<P> {
    /// Parameters.
    pub params: P,
    /// Total log-likelihood at the optimum.
    pub log_likelihood: f64,
    /// Customers used.
    pub n: usize,
    /// Optimiser iterations.
    pub iterations: usize,
}

impl BgNbd {
    /// Log-likelihood of one customer with `x` repeat purchases, the last at
    /// `t_x`, observed for `t` (FHL 2005, eq. 6).
    #[must_use]
    pub fn log_likelihood(&self, x: f64, t_x: f64, t: f64) -> f64 {
        let Self { r, alpha, a, b } = *self;
        let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let a2 = ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
        let a3 = -(r + x) * (alpha + t).ln();
        let a4 = if x > 0.0 {
            a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + t_x).ln()
        } else {
            f64::NEG_INFINITY
        };
        a1 + a2 + log_add_exp(a3, a4)
    }

    /// Maximum-likelihood fit on `(x, tₓ, T)` rows; identical rows are
    /// weighted, parameters are searched on the log scale from 1, within ±15.
    #[must_use]
    pub fn fit(data: &[(f64, f64, f64)]) -> Fit<Self> {
        // identical (x, tₓ, T) rows → (x, tₓ, T, count)
        type Key = (u64, u64, u64);
        let mut weights: HashMap<Key, [f64; 4]> = HashMap::new();
        for &(x, t_x, t) in data {
            weights
                .entry((x.to_bits(), t_x.to_bits(), t.to_bits()))
                .or_insert([x, t_x, t, 0.0])[3] += 1.0;
        }
        let rows: Vec<[f64; 4]> = weights.into_values().collect();
        let n = data.len().max(1) as f64;
        let objective = |p: &[f64]| {
            // keep the log-parameters in a sane box: far out the likelihood is
            // flat (e.g. a, b → ∞ with a/b fixed) and only rounding noise moves it
            if p.iter().any(|x| x.abs() > 15.0) {
                return f64::INFINITY;
            }
            let m = Self {
                r: p[0].exp(),
                alpha: p[1].exp(),
                a: p[2].exp(),
                b: p[3].exp(),
            };
            let ll: f64 = rows
                .iter()
                .map(|&[x, t_x, t, w]| w * m.log_likelihood(x, t_x, t))
                .sum();
            if ll.is_finite() {
                -ll / n
            } else {
                f64::INFINITY
            }
        };
        let best = minimize(objective, &[0.0; 4], &Options::default());
        let params = Self {
            r: best.x[0].exp(),
            alpha: best.x[1].exp(),
            a: best.x[2].exp(),
            b: best.x[3].exp(),
        };
        Fit {
            params,
            log_likelihood: -best.value * n,
            n: data.len(),
            iterations: best.iterations,
        }
    }

    /// Probability the customer is still alive (FHL 2005, eq. 11). Always 1
    /// without a repeat purchase: in this model a customer can only drop out
    /// right after a purchase.
    #[must_use]
    pub fn p_alive(&self, x: f64, t_x: f64, t: f64) -> f64 {
        if x <= 0.0 {
            return 1.0;
        }
        let Self { r, alpha, a, b } = *self;
        let odds = (a / (b + x - 1.0)) * ((alpha + t) / (alpha + t_x)).powf(r + x);
        1.0 / (1.0 + odds)
    }

    /// Expected purchases in the next `horizon` time units (FHL 2005, eq. 10).
    #[must_use]
    pub fn expected_purchases(&self, horizon: f64, x: f64, t_x: f64, t: f64) -> f64 {
        let Self { r, alpha, a, b } = *self;
        let z = horizon / (alpha + t + horizon);
        let head = (a + b + x - 1.0) / (a - 1.0);
        let tail = 1.0
            - ((alpha + t) / (alpha + t + horizon)).powf(r + x)
                * hyp2f1(r + x, b + x, a + b + x - 1.0, z);
        let denominator = if x > 0.0 {
            1.0 + (a / (b + x - 1.0)) * ((alpha + t) / (alpha + t_x)).powf(r + x)
        } else {
            1.0
        };
        head * tail / denominator
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published CDNOW fit (Fader, Hardie & Lee 2005).
    const CDNOW: BgNbd = BgNbd {
        r: 0.242593,
        alpha: 4.413532,
        a: 0.792886,
        b: 2.425752,
    };

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-12)
    }

    #[test]
    fn p_alive_hand_cases() {
        // no repeat purchase: alive by construction
        assert_eq!(CDNOW.p_alive(0.0, 0.0, 38.86), 1.0);
        // values cross-checked with the `lifetimes` implementation
        assert!(close(CDNOW.p_alive(2.0, 30.43, 38.86), 0.726_609_14, 1e-6));
        assert!(close(CDNOW.p_alive(1.0, 1.71, 38.86), 0.212_227_39, 1e-6));
        assert!(close(CDNOW.p_alive(7.0, 20.0, 38.86), 0.144_017_19, 1e-6));
        // purchase on the last day of observation
        assert!(close(CDNOW.p_alive(5.0, 38.86, 38.86), 0.890_161_28, 1e-6));
        // by hand: x=1, tₓ=T → odds = a / b
        let p = CDNOW.p_alive(1.0, 10.0, 10.0);
        assert!(close(p, 1.0 / (1.0 + CDNOW.a / CDNOW.b), 1e-12));
    }

    #[test]
    fn expected_purchases_hand_cases() {
        assert!(close(
            CDNOW.expected_purchases(13.0, 0.0, 0.0, 38.86),
            0.069_811_237_5,
            1e-6
        ));
        assert!(close(
            CDNOW.expected_purchases(39.0, 0.0, 0.0, 38.86),
            0.194_780_857_9,
            1e-6
        ));
        assert!(close(
            CDNOW.expected_purchases(13.0, 2.0, 30.43, 38.86),
            0.457_156_787_2,
            1e-6
        ));
        assert!(close(
            CDNOW.expected_purchases(39.0, 5.0, 38.86, 38.86),
            3.389_079_759_4,
            1e-6
        ));
        assert_eq!(CDNOW.expected_purchases(0.0, 3.0, 10.0, 20.0), 0.0);
        // more time, more purchases
        assert!(
            CDNOW.expected_purchases(26.0, 2.0, 30.43, 38.86)
                > CDNOW.expected_purchases(13.0, 2.0, 30.43, 38.86)
        );
    }

    #[test]
    fn fit_recovers_parameters_from_simulated_data() {
        use rand::{Rng, SeedableRng};
        let truth = BgNbd {
            r: 0.8,
            alpha: 5.0,
            a: 1.2,
            b: 3.0,
        };
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let gamma = |rng: &mut rand_chacha::ChaCha8Rng, shape: f64| -> f64 {
            // Marsaglia–Tsang for shape >= 1, boosted for shape < 1
            let boost = if shape < 1.0 {
                rng.r#gen::<f64>().powf(1.0 / shape)
            } else {
                1.0
            };
            let d = shape.max(1.0) + if shape < 1.0 { 1.0 } else { 0.0 } - 1.0 / 3.0;
            let c = 1.0 / (9.0 * d).sqrt();
            loop {
                let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
                let u2: f64 = rng.r#gen();
                let n = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
                let v = (1.0 + c * n).powi(3);
                if v > 0.0 && rng.r#gen::<f64>().ln() < 0.5 * n * n + d - d * v + d * v.ln() {
                    return d * v * boost;
                }
            }
        };
        let mut data = Vec::new();
        for _ in 0..4000 {
            let lambda = gamma(&mut rng, truth.r) / truth.alpha;
            let ga = gamma(&mut rng, truth.a);
            let gb = gamma(&mut rng, truth.b);
            let p = ga / (ga + gb);
            let t_end = 52.0;
            let (mut t, mut x, mut t_x) = (0.0, 0.0, 0.0);
            loop {
                t += -rng.gen_range(f64::EPSILON..1.0f64).ln() / lambda;
                if t > t_end {
                    break;
                }
                x += 1.0;
                t_x = t;
                if rng.r#gen::<f64>() < p {
                    break;
                }
            }
            data.push((x, t_x, t_end));
        }
        let fit = BgNbd::fit(&data);
        let p = fit.params;
        assert!(
            close(p.r, truth.r, 0.15) && close(p.alpha, truth.alpha, 0.2),
            "{p:?}"
        );
        assert!(
            close(p.a, truth.a, 0.35) && close(p.b, truth.b, 0.35),
            "{p:?}"
        );
    }
}
