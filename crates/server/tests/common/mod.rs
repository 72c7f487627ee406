//! Test harness: a fresh, migrated, seeded database per test — SQLite in a
//! temporary file, or PostgreSQL in a fresh schema when `TEST_DATABASE_URL` is set —
//! and helpers to call the router with `oneshot`.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::NaiveDate;
use crm_server::seed::{self, DEMO_PASSWORD, SeedOptions};
use crm_server::{AppState, Config, Db};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// Fixed as-of date so seeded data is the same on every run.
pub const AS_OF: (i32, u32, u32) = (2026, 11, 28);
/// Customers seeded per test database.
pub const CUSTOMERS: u32 = 40;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// A router over its own database.
pub struct TestApp {
    pub app: Router,
    pub db: Db,
    pub state: AppState,
    kind: Kind,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Schema { admin_url: String, schema: String },
}

/// A response, decoded.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
}

impl Reply {
    /// The `error.code` of an error body.
    pub fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or_default()
    }
}

fn unique() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_subsec_nanos()
    )
}

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap()
}

/// "Now" of the analytics in tests: the seed's as-of date, 20:00 in Shanghai.
pub fn now_for_tests() -> i64 {
    as_of().and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp()
}

pub fn config() -> Config {
    let mut config = Config::with_secret([7; 32]);
    // tests name their client address in X-Forwarded-For
    config.trust_forwarded_for = true;
    config
}

impl TestApp {
    /// SQLite in a temporary file, migrated and seeded.
    pub async fn sqlite() -> Self {
        let path = std::env::temp_dir().join(format!("cardinal_test_{}.db", unique()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        Self::open(&url, Kind::Sqlite, Cleanup::File(path)).await
    }

    /// PostgreSQL in a fresh schema; `None` (the test is skipped) when
    /// `TEST_DATABASE_URL` is not set. When it is set, the database must answer.
    pub async fn postgres() -> Option<Self> {
        let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
            eprintln!("TEST_DATABASE_URL not set: skipping the PostgreSQL run of this test");
            return None;
        };
        let schema = format!("t_{}", unique());
        let admin = Db::connect(&base)
            .await
            .expect("TEST_DATABASE_URL must be reachable");
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin.pool)
            .await
            .unwrap();
        admin.pool.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        Some(
            Self::open(
                &url,
                Kind::Postgres,
                Cleanup::Schema {
                    admin_url: base,
                    schema,
                },
            )
            .await,
        )
    }

    async fn open(url: &str, kind: Kind, cleanup: Cleanup) -> Self {
        let db = Db::connect(url).await.unwrap();
        db.migrate().await.unwrap();
        let config = config();
        seed::seed(
            &db,
            &config,
            &SeedOptions {
                customers: CUSTOMERS,
                seed: 42,
                as_of: as_of(),
                progress: false,
            },
        )
        .await
        .unwrap();
        crm_server::analytics::run(
            &db,
            &crm_server::analytics::AnalyticsOptions::full(now_for_tests()),
        )
        .await
        .unwrap();
        let state = AppState::new(db.clone(), config);
        Self {
            app: crm_server::router(state.clone()),
            db,
            state,
            kind,
            cleanup,
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Drops the database.
    pub async fn finish(self) {
        self.db.pool.close().await;
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Schema { admin_url, schema } => {
                if let Ok(admin) = Db::connect(&admin_url).await {
                    let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                        .execute(&admin.pool)
                        .await;
                    admin.pool.close().await;
                }
            }
        }
    }

    /// Sends a request; `cookie` is the session cookie (`name=value`).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
    ) -> Reply {
        self.call_with(method, path, body.map(|b| b.to_string()), cookie, &[])
            .await
    }

    /// Sends a request with a raw body and extra headers.
    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        cookie: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(path);
        if body.is_some()
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        // the CSRF header the browser app sends; a test that checks the guard
        // sends `x-cardinal-request: ""`, which counts as missing
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("x-cardinal-request"))
        {
            req = req.header("x-cardinal-request", "1");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(body.map_or_else(Body::empty, Body::from)).unwrap();
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        Reply {
            status,
            headers,
            json,
        }
    }

    /// GETs a text body (e.g. a CSV download) with `accept-encoding: encoding`.
    pub async fn get_text_with(
        &self,
        path: &str,
        cookie: &str,
        encoding: &str,
    ) -> (axum::http::StatusCode, String) {
        let req = Request::builder()
            .uri(path)
            .header(header::COOKIE, cookie)
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap();
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    /// GETs a text body uncompressed.
    pub async fn get_text(&self, path: &str, cookie: &str) -> (axum::http::StatusCode, String) {
        self.get_text_with(path, cookie, "identity").await
    }

    pub async fn get(&self, path: &str, cookie: &str) -> Reply {
        self.call(Method::GET, path, None, Some(cookie)).await
    }

    /// Signs in a demo user; returns the cookie to send back.
    pub async fn sign_in(&self, username: &str) -> String {
        let reply = self
            .call(
                Method::POST,
                "/api/v1/session",
                Some(serde_json::json!({"username": username, "password": DEMO_PASSWORD})),
                None,
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "sign-in of {username}: {}",
            reply.json
        );
        session_cookie(&reply.headers).expect("Set-Cookie with the session")
    }

    /// Creates a staff user at `branch` through the API (as `admin`), signs
    /// them in with the one-time password, replaces it, and answers their
    /// session cookie.
    pub async fn new_staff(&self, username: &str, role: &str, branch: i64) -> String {
        let admin = self.sign_in("admin").await;
        let made = self
            .call(
                Method::POST,
                "/api/v1/users",
                Some(
                    serde_json::json!({"username": username, "display_name": "测试员工",
                                        "role": role, "branch_id": branch}),
                ),
                Some(&admin),
            )
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
        let otp = made.json["one_time_password"].as_str().unwrap().to_owned();
        let signed = self
            .call(
                Method::POST,
                "/api/v1/session",
                Some(serde_json::json!({"username": username, "password": otp})),
                None,
            )
            .await;
        assert_eq!(signed.status, StatusCode::OK, "{}", signed.json);
        let cookie = session_cookie(&signed.headers).unwrap();
        let changed = self
            .call(
                Method::PUT,
                "/api/v1/session/password",
                Some(serde_json::json!({"current_password": otp,
                                        "new_password": "tide-lantern-quartz-9"})),
                Some(&cookie),
            )
            .await;
        assert!(changed.status.is_success(), "{}", changed.json);
        cookie
    }

    /// A single integer from SQL.
    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }
}

/// `cardinal_session=…` from a `Set-Cookie` header.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cardinal_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// Runs an async test body on SQLite and, when configured, on PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    let app = $crate::common::TestApp::sqlite().await;
                    super::$name(&app).await;
                    app.finish().await;
                }

                #[tokio::test]
                async fn postgres() {
                    let Some(app) = $crate::common::TestApp::postgres().await else { return };
                    super::$name(&app).await;
                    app.finish().await;
                }
            }
        )+
    };
}
