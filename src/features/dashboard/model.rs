//! Pure dashboard logic: filters in the URL, change arrows, colour scales,
//! CSV text for exports.

use crm_api::dashboard::{DashboardFilter, encode, month_range, months_before, parse_month};

/// Dashboard tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// NPS, CSAT, comments, follow-ups.
    Satisfaction,
    /// Card-business KPIs.
    Cards,
    /// Service KPIs.
    Service,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Self; 3] = [Self::Satisfaction, Self::Cards, Self::Service];

    /// URL spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Satisfaction => "satisfaction",
            Self::Cards => "cards",
            Self::Service => "service",
        }
    }

    /// From the URL (satisfaction when absent or unknown).
    #[must_use]
    pub fn parse(text: Option<&str>) -> Self {
        Self::ALL
            .into_iter()
            .find(|t| Some(t.as_str()) == text)
            .unwrap_or(Self::Satisfaction)
    }
}

/// The filter from query parameters (`get` reads one by name).
#[must_use]
pub fn filter_from(get: impl Fn(&str) -> Option<String>) -> DashboardFilter {
    let clean = |k: &str| get(k).filter(|v| !v.trim().is_empty());
    DashboardFilter {
        from: clean("from"),
        to: clean("to"),
        province: clean("province"),
        product: clean("product"),
        segment: clean("segment"),
    }
}

/// `/dashboard?tab=…&…filters`.
#[must_use]
pub fn dashboard_url(tab: Tab, filter: &DashboardFilter) -> String {
    let q = filter.query_string();
    if q.is_empty() {
        format!("/dashboard?tab={}", tab.as_str())
    } else {
        format!("/dashboard?tab={}&{q}", tab.as_str())
    }
}

/// `/dashboard/drill?metric=…&dim=…&key=…&…filters`.
#[must_use]
pub fn drill_url(filter: &DashboardFilter, metric: &str, dim: &str, key: &str) -> String {
    let mut url = format!("/dashboard/drill?metric={metric}");
    if !dim.is_empty() {
        url.push_str(&format!("&dim={dim}&key={}", encode(key)));
    }
    let q = filter.query_string();
    if !q.is_empty() {
        url.push('&');
        url.push_str(&q);
    }
    url
}

/// The last `n` months up to `current`, newest first (for the month pickers).
#[must_use]
pub fn month_options(current: &str, n: u32) -> Vec<String> {
    let Some(cur) = parse_month(current) else {
        return Vec::new();
    };
    let mut months = month_range(months_before(cur, n.saturating_sub(1)), cur);
    months.reverse();
    months
}

/// `2026-03` → `26-03` for chart axes.
#[must_use]
pub fn axis_month(month: &str) -> String {
    month.get(2..).unwrap_or(month).to_owned()
}

/// Direction of a change and whether it is good news.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    /// Better than before.
    Good,
    /// Worse than before.
    Bad,
    /// No change, or nothing to compare.
    Flat,
}

/// The trend of `now` against `before` when higher (or lower) is better.
#[must_use]
pub fn trend(
    now: Option<f64>,
    before: Option<f64>,
    higher_is_better: bool,
) -> (Option<f64>, Trend) {
    match (now, before) {
        (Some(a), Some(b)) => {
            let delta = a - b;
            let t = if delta.abs() < 1e-9 {
                Trend::Flat
            } else if (delta > 0.0) == higher_is_better {
                Trend::Good
            } else {
                Trend::Bad
            };
            (Some(delta), t)
        }
        _ => (None, Trend::Flat),
    }
}

/// `▲ 2.1` / `▼ 0.4` / `–` with the number formatted by `fmt`.
#[must_use]
pub fn delta_text(delta: Option<f64>, fmt: impl Fn(f64) -> String) -> String {
    match delta {
        Some(d) if d > 1e-9 => format!("▲ {}", fmt(d)),
        Some(d) if d < -1e-9 => format!("▼ {}", fmt(-d)),
        Some(_) => "= 0".to_owned(),
        None => "–".to_owned(),
    }
}

/// NPS with sign and one decimal; a dash without answers.
#[must_use]
pub fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "–".to_owned(), |s| format!("{s:+.1}"))
}

/// Background for an NPS heat-map cell: red below 0, amber near 0–30,
/// green above, grey without answers.
#[must_use]
pub fn heat_color(score: Option<f64>) -> String {
    let Some(s) = score else {
        return "var(--n-100)".to_owned();
    };
    // hue 0 (red) at -40 or below, 130 (green) at +70 or above
    let t = ((s + 40.0) / 110.0).clamp(0.0, 1.0);
    format!("hsl({:.0} 60% 82%)", t * 130.0)
}

/// CSV text (RFC 4180 quoting) with a header row.
#[must_use]
pub fn csv(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        out.push_str(
            &row.iter()
                .map(|c| crm_api::csv::field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// A `data:` URL that downloads `text` as UTF-8 CSV with a byte-order mark
/// (so Excel opens Chinese correctly).
#[must_use]
pub fn csv_href(text: &str) -> String {
    format!("data:text/csv;charset=utf-8,%EF%BB%BF{}", encode(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_every_filter() {
        let f = DashboardFilter {
            from: Some("2026-01".into()),
            to: Some("2026-06".into()),
            province: Some("广东".into()),
            product: Some("platinum".into()),
            segment: None,
        };
        assert_eq!(
            dashboard_url(Tab::Cards, &f),
            "/dashboard?tab=cards&from=2026-01&to=2026-06&province=%E5%B9%BF%E4%B8%9C&product=platinum"
        );
        assert_eq!(
            drill_url(&f, "detractors", "channel", "phone"),
            "/dashboard/drill?metric=detractors&dim=channel&key=phone&from=2026-01&to=2026-06&province=%E5%B9%BF%E4%B8%9C&product=platinum"
        );
        assert_eq!(
            drill_url(&DashboardFilter::default(), "dormant", "", ""),
            "/dashboard/drill?metric=dormant"
        );
        let back = filter_from(|k| match k {
            "province" => Some("广东".into()),
            "segment" => Some("  ".into()),
            _ => None,
        });
        assert_eq!(back.province.as_deref(), Some("广东"));
        assert_eq!(back.segment, None);
        assert_eq!(Tab::parse(Some("service")), Tab::Service);
        assert_eq!(Tab::parse(Some("nonsense")), Tab::Satisfaction);
        assert_eq!(Tab::parse(None), Tab::Satisfaction);
    }

    #[test]
    fn months_and_axes() {
        let m = month_options("2026-02", 4);
        assert_eq!(m, ["2026-02", "2026-01", "2025-12", "2025-11"]);
        assert_eq!(axis_month("2026-02"), "26-02");
        assert!(month_options("bad", 4).is_empty());
    }

    #[test]
    fn trends_know_which_way_is_good() {
        assert_eq!(
            trend(Some(30.0), Some(25.0), true),
            (Some(5.0), Trend::Good)
        );
        assert_eq!(trend(Some(0.05), Some(0.03), false).1, Trend::Bad);
        assert_eq!(trend(Some(0.02), Some(0.03), false).1, Trend::Good);
        assert_eq!(trend(None, Some(1.0), true), (None, Trend::Flat));
        assert_eq!(delta_text(Some(2.14), |d| format!("{d:.1}")), "▲ 2.1");
        assert_eq!(delta_text(Some(-0.44), |d| format!("{d:.1}")), "▼ 0.4");
        assert_eq!(delta_text(None, |d| format!("{d:.1}")), "–");
        assert_eq!(score_text(Some(23.456)), "+23.5");
        assert_eq!(score_text(Some(-5.0)), "-5.0");
    }

    #[test]
    fn heat_colours_run_from_red_to_green() {
        assert_eq!(heat_color(Some(-80.0)), "hsl(0 60% 82%)");
        assert_eq!(heat_color(Some(100.0)), "hsl(130 60% 82%)");
        assert_eq!(heat_color(None), "var(--n-100)");
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let text = csv(
            &["省份".into(), "NPS".into()],
            &[
                vec!["广东".into(), "+12.0".into()],
                vec!["a,\"b\"".into(), "1".into()],
            ],
        );
        assert_eq!(text, "省份,NPS\r\n广东,+12.0\r\n\"a,\"\"b\"\"\",1\r\n");
        assert!(csv_href("a,b").starts_with("data:text/csv;charset=utf-8,%EF%BB%BFa%2Cb"));
    }
}
