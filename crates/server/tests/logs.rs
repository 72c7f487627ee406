//! The server's logs hold no personal data: a session that searches by name
//! and mobile, opens a 360, reveals a national ID, exports, fails a sign-in
//! and hits errors is logged at TRACE level (every crate, `log` records
//! included), and the captured text is searched for the customer's name,
//! mobile, national ID and card number fragments, and for anything shaped
//! like a mobile, national ID or card number.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::json;

/// Everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs of digits (bounded by characters that are not letters or digits)
/// at least `min` long: mobiles (11), national IDs (17 + check), PANs (16–19).
fn long_digit_runs(text: &str, min: usize) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let digits = word.trim_end_matches(['X', 'x']);
        if digits.len() >= min && digits.chars().all(|c| c.is_ascii_digit()) {
            out.push(word.to_owned());
        }
    }
    out
}

#[tokio::test]
async fn logs_hold_no_personal_data() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter("trace")
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .try_init()
        .expect("this test binary installs the only subscriber");
    let app = TestApp::sqlite().await;
    let name: String = sqlx::query_scalar("SELECT name FROM customers WHERE id = 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let mobile: String = sqlx::query_scalar("SELECT mobile FROM customers WHERE id = 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (first6, last4): (String, String) = {
        let row: (String, String) = sqlx::query_as(
            "SELECT pan_first6, pan_last4 FROM cards WHERE customer_id = 1 ORDER BY id LIMIT 1",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        row
    };
    let manager = app.sign_in("manager").await;
    let prefix: String = name.chars().take(2).collect();
    for q in [prefix.as_str(), mobile.as_str(), last4.as_str()] {
        let r = app
            .get(&format!("/api/v1/customers?q={}", urlencode(q)), &manager)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    }
    let r = app.get("/api/v1/customers/1", &manager).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .call(
            Method::POST,
            "/api/v1/customers/1/national-id",
            Some(json!({"reason": "客户来电核实身份"})),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let national_id = r.json["national_id"].as_str().unwrap().to_owned();
    let (status, _) = app.get_text("/api/v1/customers.csv", &manager).await;
    assert_eq!(status, StatusCode::OK);
    // failures are logged too: a wrong password, bad input, a missing record
    let r = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(json!({"username": mobile, "password": national_id})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app
        .call(
            Method::POST,
            "/api/v1/customers/1/national-id",
            Some(json!({"reason": ""})),
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .get(&format!("/api/v1/customers?q={mobile}0"), &manager)
        .await;
    assert!(r.status.is_client_error() || r.status.is_success());
    app.finish().await;

    let text = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(
        text.contains("/api/v1/customers"),
        "the capture saw the requests"
    );
    for (what, value) in [
        ("name", name.as_str()),
        ("mobile", mobile.as_str()),
        ("national ID", national_id.as_str()),
        (
            "card first six + last four",
            &format!("{first6}******{last4}"),
        ),
    ] {
        assert!(!text.contains(value), "the logs hold the customer's {what}");
    }
    let runs = long_digit_runs(&text, 11);
    assert!(
        runs.is_empty(),
        "number-shaped personal data in the logs: {runs:?}"
    );
}

/// Percent-encodes a query value.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn digit_runs_are_found_only_when_whole() {
    assert_eq!(
        long_digit_runs("mobile=13800138000 at 1733616000", 11),
        vec!["13800138000"]
    );
    assert_eq!(
        long_digit_runs("id 11010519491231002X ok", 11),
        vec!["11010519491231002X"]
    );
    assert!(long_digit_runs("hash=a1234567890123b", 11).is_empty());
}
