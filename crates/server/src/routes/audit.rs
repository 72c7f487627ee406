//! The audit log for administrators: search (by user, customer, action,
//! time) and export. Nothing here — or anywhere — edits or deletes an entry.

use axum::extract::State;
use axum::response::Response;
use crm_api::Page;
use crm_api::audit::{AuditEntry, AuditQuery};
use crm_api::validate::{Errors, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::csv_stream::{PAGE, field, next_after};
use crate::db::audit::{self, Entry, Filter};
use crate::domain::time;
use crate::error::AppResult;
use crate::extract::{Admins, Auth, Json, Query};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(export))
}

const DAY_FORMAT: Problem = Problem::Format {
    zh: "日期格式为 YYYY-MM-DD。",
    en: "Dates are YYYY-MM-DD.",
};

/// The checked filter of `q`, or every problem at once.
fn filter(q: &AuditQuery) -> Result<Filter, Errors> {
    let mut e = Errors::default();
    let text = |e: &mut Errors, name: &'static str, v: &Option<String>| {
        let v = v.as_deref().map(str::trim).filter(|v| !v.is_empty());
        if v.is_some_and(|v| v.chars().count() > 64) {
            e.add(name, Problem::TooLong { max: 64 });
        }
        v.map(str::to_owned)
    };
    let username = text(&mut e, "user", &q.user);
    let action = text(&mut e, "action", &q.action);
    let mut day = |name: &'static str, v: &Option<String>| {
        let v = v.as_deref().filter(|v| !v.is_empty())?;
        let d = time::parse_date(v);
        if d.is_none() {
            e.add(name, DAY_FORMAT);
        }
        d
    };
    let from = day("from", &q.from);
    let to = day("to", &q.to);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        e.add(
            "to",
            Problem::Format {
                zh: "结束日期不能早于开始日期。",
                en: "The end date is before the start date.",
            },
        );
    }
    if q.customer_id.is_some_and(|c| c < 1) {
        e.add(
            "customer_id",
            Problem::OutOfRange {
                min: 1,
                max: i64::MAX,
            },
        );
    }
    e.into_result()?;
    Ok(Filter {
        username,
        customer_id: q.customer_id,
        action,
        from: from.map(time::start_of_day),
        until: to.and_then(|t| t.succ_opt()).map(time::start_of_day),
    })
}

/// Page and size of `q`: page from 1, 1–200 per page (50 by default).
fn paging(q: &AuditQuery) -> Result<(u32, u32), Errors> {
    let mut e = Errors::default();
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(50);
    if !(1..=100_000).contains(&page) {
        e.add(
            "page",
            Problem::OutOfRange {
                min: 1,
                max: 100_000,
            },
        );
    }
    if !(1..=200).contains(&per_page) {
        e.add("per_page", Problem::OutOfRange { min: 1, max: 200 });
    }
    e.into_result()?;
    Ok((page, per_page))
}

/// Audit entries matching every given filter, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Page<AuditEntry>), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    _auth: Auth<Admins>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Json<Page<AuditEntry>>> {
    let f = filter(&q);
    let p = paging(&q);
    let (f, (page, per_page)) = match (f, p) {
        (Ok(f), Ok(p)) => (f, p),
        (f, p) => {
            let mut all = f.err().unwrap_or_default();
            all.0.extend(p.err().unwrap_or_default().0);
            return Err(all.into());
        }
    };
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (items, total) = audit::search(&state.db, &f, i64::from(per_page), offset).await?;
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
}

/// Header of the audit export.
const CSV_HEADER: &str = "id,at_utc,user_id,username,action,customer_id,detail,ip";

fn csv_lines(rows: &[AuditEntry]) -> (String, Option<i64>) {
    let mut out = String::new();
    for r in rows {
        let at = chrono::DateTime::from_timestamp(r.at, 0)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default();
        out.push_str(&format!(
            "{},{at},{},{},{},{},{},{}\n",
            r.id,
            r.user_id.map(|u| u.to_string()).unwrap_or_default(),
            field(r.username.as_deref().unwrap_or_default()),
            field(&r.action),
            r.customer_id.map(|c| c.to_string()).unwrap_or_default(),
            field(&r.detail),
            field(r.ip.as_deref().unwrap_or_default()),
        ));
    }
    (out, next_after(rows.len(), rows.last().map(|r| r.id)))
}

/// The matching entries as CSV, oldest first, streamed; the export is itself audit-logged.
#[utoipa::path(get, path = "/api/v1/audit.csv", tag = "audit", params(AuditQuery),
    responses((status = 200, content_type = "text/csv", body = String),
              (status = 401, body = crm_api::ApiErrorBody), (status = 403, body = crm_api::ApiErrorBody),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    auth: Auth<Admins>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let f = filter(&q)?;
    let detail = format!(
        "user={} customer={} action={} from={} to={}",
        f.username.as_deref().unwrap_or("*"),
        f.customer_id
            .map_or_else(|| "*".to_owned(), |c| c.to_string()),
        f.action.as_deref().unwrap_or("*"),
        q.from.as_deref().unwrap_or("*"),
        q.to.as_deref().unwrap_or("*"),
    );
    audit::insert(
        &state.db.pool,
        Entry::by(auth.user.id, "export.audit", &detail),
        time::now(),
    )
    .await?;
    let db = state.db.clone();
    let f = std::sync::Arc::new(f);
    Ok(crate::csv_stream::stream(
        "audit.csv",
        CSV_HEADER,
        move |after| {
            let (db, f) = (db.clone(), f.clone());
            async move {
                let rows = audit::page_after(&db, &f, after, PAGE).await?;
                Ok(csv_lines(&rows))
            }
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_checks_dates_and_lengths() {
        let q = AuditQuery {
            from: Some("2026-12-01".into()),
            to: Some("2026-12-07".into()),
            action: Some("user.".into()),
            ..AuditQuery::default()
        };
        let f = filter(&q).unwrap_or_default();
        assert_eq!(f.action.as_deref(), Some("user."));
        assert_eq!(f.until.zip(f.from).map(|(u, s)| u - s), Some(7 * 86_400));
        let bad = AuditQuery {
            from: Some("12/01/2026".into()),
            user: Some("x".repeat(65)),
            ..AuditQuery::default()
        };
        let e = filter(&bad).err().unwrap_or_default();
        assert!(e.get("from").is_some() && e.get("user").is_some());
        let backwards = AuditQuery {
            from: Some("2026-12-07".into()),
            to: Some("2026-12-01".into()),
            ..AuditQuery::default()
        };
        assert!(filter(&backwards).is_err());
        assert!(
            paging(&AuditQuery {
                per_page: Some(201),
                ..AuditQuery::default()
            })
            .is_err()
        );
    }
}
