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
    /// Mark the session cookie `Secure` and send HSTS (default; off only for
    /// a plain-HTTP demo on this machine).
    pub secure_cookies: bool,
    /// Failed sign-ins per user name within `sign_in_window_secs` before each
    /// further attempt on that account is delayed (never locked).
    pub sign_in_max_failures: u32,
    /// Longest delay between attempts on one account, seconds.
    pub sign_in_max_delay_secs: i64,
    /// Failed sign-ins per client address within the window before that
    /// address is refused for the rest of the window.
    pub sign_in_address_max_failures: u32,
    /// Window of the sign-in rate limits.
    pub sign_in_window_secs: i64,
    /// Read the client address from `X-Forwarded-For` (behind a trusted proxy).
    pub trust_forwarded_for: bool,
}

impl Config {
    /// Defaults with the given secret: 30 minutes idle, 12 hours absolute;
    /// after 5 failed sign-ins on an account in 15 minutes each attempt waits
    /// (2 s, doubling, at most 60 s); 30 failures from one address in 15 minutes
    /// block it for the rest of the window.
    #[must_use]
    pub fn with_secret(secret: [u8; 32]) -> Self {
        Self {
            secret,
            session_idle_secs: 30 * 60,
            session_absolute_secs: 12 * 60 * 60,
            web_dist: None,
            secure_cookies: true,
            sign_in_max_failures: 5,
            sign_in_max_delay_secs: 60,
            sign_in_address_max_failures: 30,
            sign_in_window_secs: 15 * 60,
            trust_forwarded_for: false,
        }
    }
}
