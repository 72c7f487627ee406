//! Settings fixed at start-up.

use std::path::PathBuf;

/// Server configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// 32-byte secret: keys the national-ID lookup hash and seals the ID.
    pub secret: [u8; 32],
    /// A session ends after this many seconds without a request.
    pub session_idle_secs: i64,
    /// A session ends this many seconds after sign-in, however active.
    pub session_absolute_secs: i64,
    /// Folder with the built web app (`dist/`); `None` serves the API only.
    pub web_dist: Option<PathBuf>,
    /// Mark the session cookie `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Failed sign-ins per user name allowed within `sign_in_window_secs`.
    pub sign_in_max_failures: u32,
    /// Window of the sign-in rate limit.
    pub sign_in_window_secs: i64,
}

impl Config {
    /// Defaults with the given secret: 30 minutes idle, 12 hours absolute,
    /// 5 failed sign-ins per 15 minutes.
    #[must_use]
    pub fn with_secret(secret: [u8; 32]) -> Self {
        Self {
            secret,
            session_idle_secs: 30 * 60,
            session_absolute_secs: 12 * 60 * 60,
            web_dist: None,
            secure_cookies: false,
            sign_in_max_failures: 5,
            sign_in_window_secs: 15 * 60,
        }
    }
}
