//! Request-level defences: the client address every audit entry and the
//! sign-in limiter use, the CSRF header on state-changing API calls, and the
//! browser security headers on every response.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::AppError;

/// Header every state-changing API request must carry. A cross-site form
/// cannot send a custom header, and a cross-site `fetch` that tries is
/// stopped by the browser's CORS preflight (the server allows no other origin).
pub const CSRF_HEADER: &str = "x-cardinal-request";

/// The Content-Security-Policy: the WASM app from this origin and nothing
/// else — no inline script (the build moves trunk's loader into a file), no
/// style elements from anywhere else (style attributes are allowed: the
/// charts size their bars with them), no framing, no plugins.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
                       style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
                       object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// HSTS for a year, sent when the server runs behind TLS (`secure_cookies`).
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The client's address: the right-most `X-Forwarded-For` entry when the
/// server is configured to trust its proxy (the one the proxy appended; the
/// client can forge the ones to its left), else the TCP peer.
#[must_use]
pub fn client_address(request: &Request, trust_forwarded: bool) -> String {
    if trust_forwarded
        && let Some(last) = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|s| !s.is_empty())
    {
        return last.chars().take(64).collect();
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "local".to_owned(), |c| c.0.ip().to_string())
}

/// Whether `method` changes state (everything but GET, HEAD, OPTIONS).
fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Middleware: sets the client address for this request's audit entries,
/// refuses a state-changing API call without the CSRF header, and adds the
/// security headers to the answer.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let ip = client_address(&request, state.config.trust_forwarded_for);
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = if is_api
        && changes_state(request.method())
        && request
            .headers()
            .get(CSRF_HEADER)
            .is_none_or(|v| v.as_bytes().is_empty())
    {
        AppError::CsrfRejected.into_response()
    } else {
        crate::db::audit::CLIENT_IP
            .scope(ip, next.run(request))
            .await
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    if state.config.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn req(xff: &[&str]) -> Request {
        let mut b = axum::http::Request::builder().uri("/api/v1/session");
        for v in xff {
            b = b.header("x-forwarded-for", *v);
        }
        b.body(Body::empty()).unwrap_or_default()
    }

    #[test]
    fn forwarded_for_is_read_only_when_trusted_and_right_most_wins() {
        let r = req(&["6.6.6.6, 10.0.0.7"]);
        assert_eq!(client_address(&r, true), "10.0.0.7");
        assert_eq!(client_address(&r, false), "local");
        let r = req(&["1.1.1.1", "10.0.0.9"]);
        assert_eq!(client_address(&r, true), "10.0.0.9");
        assert_eq!(client_address(&req(&[]), true), "local");
    }

    #[test]
    fn only_safe_methods_skip_the_csrf_header() {
        assert!(!changes_state(&Method::GET));
        assert!(!changes_state(&Method::HEAD));
        assert!(changes_state(&Method::POST));
        assert!(changes_state(&Method::DELETE));
        assert!(changes_state(&Method::PATCH));
    }

    #[test]
    fn csp_allows_wasm_and_nothing_inline() {
        assert!(CSP.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(CSP.contains("frame-ancestors 'none'"));
        // The only inline allowance is for style attributes; no directive
        // that governs scripts or style elements allows inline content.
        for directive in CSP.split(';').map(str::trim) {
            if directive.contains("unsafe-inline") {
                assert!(directive.starts_with("style-src-attr "), "{directive}");
            }
        }
        assert!(!CSP.contains(" 'unsafe-eval'"), "only wasm-unsafe-eval");
    }
}
