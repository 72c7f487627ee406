//! Query strings of the list routes: one type per route, read by the server
//! (`Query<T>`) and written by the browser with [`url`] (`serde_urlencoded`,
//! so values are escaped and absent options left out), never by `format!`.
//!
//! `CustomerSearchQuery` (customers) and `BillQuery` (portal) live beside
//! the types they filter; `DashboardFilter` (dashboard) too.

use serde::{Deserialize, Serialize};

use crate::campaigns::{CampaignStatus, DeliveryStatus};
use crate::customers::CustomerSearchQuery;
use crate::imports::ImportKind;
use crate::tickets::TicketQueue;
use crate::validate::{Errors, Lang};

/// `path?query` with the fields of `query` that are set; `path` alone when
/// none is.
#[must_use]
pub fn url<Q: Serialize>(path: &str, query: &Q) -> String {
    match serde_urlencoded::to_string(query) {
        Ok(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_owned(),
    }
}

/// Paging of a list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct PageQuery {
    /// 1-based page (default 1).
    pub page: Option<u32>,
    /// Rows per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

impl PageQuery {
    /// Page `page` at the default size.
    #[must_use]
    pub const fn page(page: u32) -> Self {
        Self {
            page: Some(page),
            per_page: None,
        }
    }

    /// Page `page` of `per_page` rows.
    #[must_use]
    pub const fn sized(page: u32, per_page: u32) -> Self {
        Self {
            page: Some(page),
            per_page: Some(per_page),
        }
    }

    /// Validated `(page, per_page, offset)`.
    pub fn resolve(&self) -> Result<(u32, u32, i64), Errors> {
        let q = CustomerSearchQuery {
            page: self.page,
            per_page: self.per_page,
            ..CustomerSearchQuery::default()
        };
        let (page, per_page) = q.paging()?;
        Ok((page, per_page, i64::from(page - 1) * i64::from(per_page)))
    }
}

/// `GET /api/v1/campaigns`: status filter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct CampaignListQuery {
    /// Only this status.
    pub status: Option<CampaignStatus>,
}

/// `GET /api/v1/campaigns/{id}/preview`: which customer to preview with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct PreviewQuery {
    /// A customer of the audience (default: the first).
    pub customer_id: Option<i64>,
}

/// `GET /api/v1/campaigns/{id}/deliveries`: filter of the contact list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct DeliveryListQuery {
    /// 1-based page.
    pub page: Option<u32>,
    /// Rows per page, 1–100.
    pub per_page: Option<u32>,
    /// Only this status.
    pub status: Option<DeliveryStatus>,
}

/// `GET /api/v1/follow-ups`: follow-up list filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct FollowUpListQuery {
    /// `open` (default), `overdue` or `done`.
    pub status: Option<String>,
    /// Only this branch.
    pub branch_id: Option<i64>,
    /// 1-based page.
    pub page: Option<u32>,
    /// Rows per page (1–100, default 20).
    pub per_page: Option<u32>,
}

/// `GET /api/v1/tickets`: which tickets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct TicketListQuery {
    /// `mine` (default), `team` (unassigned) or `all`.
    pub view: Option<String>,
    /// Team view: only this queue.
    pub queue: Option<TicketQueue>,
    /// Include resolved and closed tickets (`true`).
    pub all_statuses: Option<bool>,
    /// 1-based page.
    pub page: Option<u32>,
    /// Rows per page (1–100, default 20).
    pub per_page: Option<u32>,
}

/// The dashboard filters plus list parameters (a flat query string).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct DashQuery {
    /// First month `YYYY-MM` (default: 11 months before `to`).
    pub from: Option<String>,
    /// Last month `YYYY-MM` (default: this month).
    pub to: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// Card product code.
    pub product: Option<String>,
    /// RFM segment code or `unscored`.
    pub segment: Option<String>,
    /// Comments: words to look for.
    pub q: Option<String>,
    /// Comments: topic code.
    pub topic: Option<String>,
    /// Comments: only detractors (`true`).
    pub detractors: Option<bool>,
    /// Drill-down: metric.
    pub metric: Option<String>,
    /// Drill-down: breakdown dimension of the bar.
    pub dim: Option<String>,
    /// Drill-down: the bar's key.
    pub key: Option<String>,
    /// 1-based page.
    pub page: Option<u32>,
    /// Rows per page (1–100, default 20).
    pub per_page: Option<u32>,
}

impl DashQuery {
    /// The dashboard filter part, blank values dropped.
    #[must_use]
    pub fn filter(&self) -> crate::dashboard::DashboardFilter {
        let clean = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        crate::dashboard::DashboardFilter {
            from: clean(&self.from),
            to: clean(&self.to),
            province: clean(&self.province),
            product: clean(&self.product),
            segment: clean(&self.segment),
        }
    }

    /// `filter` and nothing else set.
    #[must_use]
    pub fn of(filter: &crate::dashboard::DashboardFilter) -> Self {
        Self {
            from: filter.from.clone(),
            to: filter.to.clone(),
            province: filter.province.clone(),
            product: filter.product.clone(),
            segment: filter.segment.clone(),
            ..Self::default()
        }
    }
}

/// `GET /api/v1/me/installments/quote`: one purchase and term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct QuoteQuery {
    /// The purchase.
    pub transaction_id: i64,
    /// 3, 6 or 12.
    pub months: u32,
}

/// `POST /api/v1/imports`: what the body holds and how to read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ImportQuery {
    /// customers, cards, transactions, statements, payments or survey_responses.
    pub kind: ImportKind,
    /// Validate and count only.
    #[serde(default)]
    pub dry_run: bool,
    /// The file's name, for the history.
    #[serde(default)]
    pub file_name: Option<String>,
    /// Header → field as a JSON object (`""` ignores a column), overriding
    /// the automatic mapping.
    #[serde(default)]
    pub mapping: Option<String>,
    /// Answer only when the run is done (default: answer at once; poll the run).
    #[serde(default)]
    pub wait: bool,
}

/// Language of a download.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct LangQuery {
    /// `zh-CN` (default) or `en`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub lang: Lang,
}

/// `GET /api/v1/import-mappings`: which mappings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct MappingListQuery {
    /// Only this kind's.
    pub kind: Option<ImportKind>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_options_are_left_out_and_values_escaped() {
        assert_eq!(url("/api/v1/users", &PageQuery::default()), "/api/v1/users");
        assert_eq!(
            url("/api/v1/users", &PageQuery::page(2)),
            "/api/v1/users?page=2"
        );
        let q = DashQuery {
            province: Some("广东".into()),
            q: Some("a&b=c".into()),
            detractors: Some(true),
            page: Some(1),
            ..DashQuery::default()
        };
        assert_eq!(
            url("/d", &q),
            "/d?province=%E5%B9%BF%E4%B8%9C&q=a%26b%3Dc&detractors=true&page=1"
        );
    }

    #[test]
    fn enums_use_their_wire_names_and_round_trip() {
        let q = TicketListQuery {
            view: Some("team".into()),
            queue: Some(TicketQueue::Disputes),
            all_statuses: Some(true),
            page: Some(3),
            per_page: None,
        };
        let text = url("", &q);
        assert_eq!(text, "?view=team&queue=disputes&all_statuses=true&page=3");
        let back: TicketListQuery =
            serde_urlencoded::from_str(text.trim_start_matches('?')).expect("parses");
        assert_eq!(back, q);
        assert_eq!(
            url(
                "",
                &CampaignListQuery {
                    status: Some(CampaignStatus::Launched)
                }
            ),
            "?status=launched"
        );
        assert_eq!(url("", &LangQuery { lang: Lang::En }), "?lang=en");
    }

    #[test]
    fn the_dashboard_filter_part_drops_blanks() {
        let f = crate::dashboard::DashboardFilter {
            from: Some("2026-01".into()),
            province: Some("广东".into()),
            ..Default::default()
        };
        let q = DashQuery::of(&f);
        assert_eq!(q.filter(), f);
        let blank = DashQuery {
            to: Some("  ".into()),
            ..q
        };
        assert_eq!(blank.filter(), f);
    }
}
