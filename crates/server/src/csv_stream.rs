//! CSV downloads: UTF-8 with a BOM (so Excel reads Chinese), either built
//! whole ([`download`]) or streamed a page at a time ([`stream`]: the header,
//! then each page as it is read, keyset pages, so a large export is never held
//! in memory whole); the one field escaper ([`field`]) and the customer list
//! lines every member export writes ([`member_lines`]).

use std::future::Future;

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use crm_api::mask::{mask_mobile, mask_surname};
use futures_util::StreamExt;

use crate::db::customers::MemberRow;
use crate::error::AppError;

/// Where a streamed export is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cursor {
    Start,
    After(i64),
    Done,
}

/// Rows per page of a streamed export.
pub const PAGE: i64 = 2_000;

/// A CSV download named `name`: `header` (a line without the newline), then
/// the text of `page(after)` for `after` = 0 and each returned cursor until
/// a page returns `None`. A failing page ends the download with an error
/// (the client sees a broken transfer, never a silently short file).
pub fn stream<F, Fut>(name: &str, header_line: &'static str, page: F) -> Response
where
    F: Fn(i64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(String, Option<i64>), AppError>> + Send + 'static,
{
    let page = std::sync::Arc::new(page);
    // fused: the compression layer may poll once more after the end
    let body = futures_util::stream::unfold(Cursor::Start, move |cursor| {
        let page = page.clone();
        async move {
            let after = match cursor {
                Cursor::Start => 0,
                Cursor::After(id) => id,
                Cursor::Done => return None,
            };
            let mut out = String::new();
            if cursor == Cursor::Start {
                out.push('\u{feff}');
                out.push_str(header_line);
                out.push('\n');
            }
            match page(after).await {
                Ok((text, next)) => {
                    out.push_str(&text);
                    let next = next.map_or(Cursor::Done, Cursor::After);
                    Some((Ok::<_, std::io::Error>(Bytes::from(out)), next))
                }
                Err(e) => {
                    tracing::warn!("CSV export stopped: {e}");
                    Some((Err(std::io::Error::other("export failed")), Cursor::Done))
                }
            }
        }
    })
    .fuse();
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

/// The next cursor of a page: its last key when the page was full.
#[must_use]
pub fn next_after(rows: usize, last: Option<i64>) -> Option<i64> {
    if rows as i64 == PAGE { last } else { None }
}

/// A CSV download built whole: UTF-8 with a BOM so Excel reads Chinese correctly.
#[must_use]
pub fn download(name: &str, body: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        format!("\u{feff}{body}"),
    )
        .into_response()
}

/// One CSV field: the shared writer (quoting and the formula guard).
pub use crm_api::csv::field;

/// Header of a customer list export.
pub const MEMBER_CSV_HEADER: &str = "customer_no,name,mobile,province,city,rfm_segment,value_tier";

/// Customers as export lines (surname only, masked mobile) and the next page's cursor.
#[must_use]
pub fn member_lines(rows: &[MemberRow]) -> (String, Option<i64>) {
    let mut out = String::new();
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            field(&r.customer_no),
            field(&mask_surname(&r.name)),
            mask_mobile(&r.mobile),
            field(&r.province),
            field(&r.city),
            r.rfm_segment,
            r.value_tier
        ));
    }
    (out, next_after(rows.len(), rows.last().map(|r| r.id)))
}
