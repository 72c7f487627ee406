//! Campaign rules without I/O: holdout assignment, message rendering, SMS
//! length, quiet hours, and the uplift statistics.

use chrono::{DateTime, Duration, Timelike};
use sha2::{Digest, Sha256};

use super::time::shanghai;

/// Which arm a member is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arm {
    /// Receives the campaign.
    Treatment,
    /// Holdout: receives nothing; the baseline for uplift.
    Control,
}

impl Arm {
    /// Database spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Treatment => "treatment",
            Self::Control => "control",
        }
    }
}

/// Reproducible holdout: the first eight bytes of SHA-256(seed ‖ customer)
/// as a number in [0, 10000); below `holdout_pct × 100` is control. The same
/// seed and customer always land in the same arm, whichever order or
/// machine assigns them.
#[must_use]
pub fn assign_arm(seed: i64, customer_id: i64, holdout_pct: u8) -> Arm {
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(customer_id.to_le_bytes());
    let digest = h.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let bucket = u64::from_le_bytes(first) % 10_000;
    if bucket < u64::from(holdout_pct) * 100 {
        Arm::Control
    } else {
        Arm::Treatment
    }
}

/// Values for a template's tokens.
#[derive(Clone, Debug, Default)]
pub struct Personal {
    /// Full name.
    pub name: String,
    /// Surname (first character of a Chinese name).
    pub surname: String,
    /// Last four digits of the primary card.
    pub card_last4: String,
    /// Points balance.
    pub points: i64,
    /// Product name.
    pub product: String,
    /// The offer in words.
    pub offer: String,
    /// Last valid day.
    pub valid_to: String,
}

/// Replaces `{token}`s with the customer's values (unknown tokens stay as they are).
#[must_use]
pub fn render(template: &str, p: &Personal) -> String {
    template
        .replace("{name}", &p.name)
        .replace("{surname}", &p.surname)
        .replace("{card_last4}", &p.card_last4)
        .replace("{points}", &p.points.to_string())
        .replace("{product}", &p.product)
        .replace("{offer}", &p.offer)
        .replace("{valid_to}", &p.valid_to)
}

/// Characters and the number of SMS parts: 160/153 per part in the GSM
/// alphabet, 70/67 when any character needs UCS-2 (e.g. Chinese).
#[must_use]
pub fn sms_parts(text: &str) -> (usize, usize) {
    let chars = text.chars().count();
    let gsm = text
        .chars()
        .all(|c| c.is_ascii() && !c.is_ascii_control() || c == '\n');
    let (single, multi) = if gsm { (160, 153) } else { (70, 67) };
    let parts = if chars <= single {
        usize::from(chars > 0)
    } else {
        chars.div_ceil(multi)
    };
    (chars, parts)
}

/// The earliest time at or after `ts` outside quiet hours (21:00–08:00 in Shanghai).
#[must_use]
pub fn outside_quiet_hours(ts: i64) -> i64 {
    let local = DateTime::from_timestamp(ts, 0)
        .unwrap_or_default()
        .with_timezone(&shanghai());
    let hour = local.hour();
    if (8..21).contains(&hour) {
        return ts;
    }
    let date = if hour >= 21 {
        local.date_naive() + Duration::days(1)
    } else {
        local.date_naive()
    };
    date.and_hms_opt(8, 0, 0)
        .and_then(|d| d.and_local_timezone(shanghai()).single())
        .map_or(ts, |d| d.timestamp())
}

/// Difference of two response rates with a 95% Wald interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Uplift {
    /// Treatment response rate.
    pub treatment_rate: f64,
    /// Control response rate.
    pub control_rate: f64,
    /// Treatment − control.
    pub uplift: f64,
    /// Lower bound (95%).
    pub low: f64,
    /// Upper bound (95%).
    pub high: f64,
}

/// Uplift of `t_resp / t_n` over `c_resp / c_n`, with the normal-approximation
/// interval `d ± 1.96 √(pₜ(1−pₜ)/nₜ + p꜀(1−p꜀)/n꜀)`; an empty arm gives a rate of 0
/// and an interval as wide as the data allow ([-1, 1]).
#[must_use]
pub fn uplift(t_n: i64, t_resp: i64, c_n: i64, c_resp: i64) -> Uplift {
    let rate = |r: i64, n: i64| if n > 0 { r as f64 / n as f64 } else { 0.0 };
    let (pt, pc) = (rate(t_resp, t_n), rate(c_resp, c_n));
    let d = pt - pc;
    if t_n == 0 || c_n == 0 {
        return Uplift {
            treatment_rate: pt,
            control_rate: pc,
            uplift: d,
            low: -1.0,
            high: 1.0,
        };
    }
    let se = (pt * (1.0 - pt) / t_n as f64 + pc * (1.0 - pc) / c_n as f64).sqrt();
    Uplift {
        treatment_rate: pt,
        control_rate: pc,
        uplift: d,
        low: d - 1.96 * se,
        high: d + 1.96 * se,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn holdout_is_reproducible_and_close_to_its_share() {
        let control = (1..=20_000)
            .filter(|id| assign_arm(7, *id, 10) == Arm::Control)
            .count();
        assert!((1_800..2_200).contains(&control), "{control}");
        for id in 1..200 {
            assert_eq!(assign_arm(7, id, 10), assign_arm(7, id, 10));
        }
        assert!((1..=1000).all(|id| assign_arm(7, id, 0) == Arm::Treatment));
        // another seed shuffles the arms
        let differs = (1..=1000)
            .filter(|id| assign_arm(7, *id, 50) != assign_arm(8, *id, 50))
            .count();
        assert!(differs > 300);
    }

    #[test]
    fn templates_are_filled() {
        let p = Personal {
            name: "王芳".into(),
            card_last4: "1234".into(),
            points: 5200,
            ..Default::default()
        };
        assert_eq!(
            render("{name}您好，尾号{card_last4}的卡有{points}积分", &p),
            "王芳您好，尾号1234的卡有5200积分"
        );
    }

    #[test]
    fn sms_parts_follow_the_alphabet() {
        assert_eq!(sms_parts(""), (0, 0));
        assert_eq!(sms_parts(&"a".repeat(160)), (160, 1));
        assert_eq!(sms_parts(&"a".repeat(161)), (161, 2));
        assert_eq!(sms_parts(&"中".repeat(70)), (70, 1));
        assert_eq!(sms_parts(&"中".repeat(71)), (71, 2));
        assert_eq!(sms_parts(&"中".repeat(135)), (135, 3));
    }

    #[test]
    fn quiet_hours_move_sends_to_eight_in_the_morning() {
        let sh = |d: u32, h: u32, m: u32| {
            shanghai()
                .with_ymd_and_hms(2026, 11, d, h, m, 0)
                .unwrap()
                .timestamp()
        };
        assert_eq!(outside_quiet_hours(sh(28, 10, 30)), sh(28, 10, 30));
        assert_eq!(outside_quiet_hours(sh(28, 21, 0)), sh(29, 8, 0));
        assert_eq!(outside_quiet_hours(sh(28, 23, 59)), sh(29, 8, 0));
        assert_eq!(outside_quiet_hours(sh(28, 3, 0)), sh(28, 8, 0));
        assert_eq!(outside_quiet_hours(sh(28, 20, 59)), sh(28, 20, 59));
    }

    #[test]
    fn uplift_interval_by_hand() {
        // 30% of 1000 vs 20% of 100: d = 0.1, se = √(0.21/1000 + 0.16/100) = 0.042544
        let u = uplift(1000, 300, 100, 20);
        assert!((u.uplift - 0.1).abs() < 1e-12);
        let se = (0.21f64 / 1000.0 + 0.16 / 100.0).sqrt();
        assert!(
            (u.low - (0.1 - 1.96 * se)).abs() < 1e-12 && (u.high - (0.1 + 1.96 * se)).abs() < 1e-12
        );
        let empty = uplift(10, 1, 0, 0);
        assert_eq!((empty.low, empty.high), (-1.0, 1.0));
    }
}
