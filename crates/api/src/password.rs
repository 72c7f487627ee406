//! Password rules (OWASP ASVS 5.0 §6.2): at least 12 characters, at most 128,
//! not a common password (a shipped list of 8,000+, also with digits or
//! symbols stuck on the end: `iloveyou2026!` is `iloveyou`), and not containing
//! the user name. Shared so the browser can tell the user before sending;
//! the server checks again.

use crate::validate::{Errors, Problem};

/// Fewest characters of a password.
pub const MIN_LEN: usize = 12;
/// Most characters of a password (bounds the cost of hashing).
pub const MAX_LEN: usize = 128;

const COMMON: &str = include_str!("common_passwords.txt");

/// Whether `lower` (lower-cased) is on the common-password list.
fn listed(lower: &str) -> bool {
    COMMON
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l == lower)
}

/// Whether `password` is a common password, alone or with digits and
/// symbols on either end.
#[must_use]
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let core = lower.trim_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    listed(&lower) || (core.chars().count() >= 8 && listed(core))
}

/// The first rule `password` breaks for user `username`, if any.
#[must_use]
pub fn problem(password: &str, username: &str) -> Option<Problem> {
    local_problem(password, username).or_else(|| {
        is_common(password).then_some(Problem::Format {
            zh: "这是常见密码，容易被猜中，请换一个。",
            en: "This is a common password and easy to guess; choose another.",
        })
    })
}

/// The rules the browser checks as the user types: everything but the
/// common-password list (which stays on the server, out of the WASM bundle).
#[must_use]
pub fn local_problem(password: &str, username: &str) -> Option<Problem> {
    let len = password.chars().count();
    let name = username.trim().to_lowercase();
    if password.is_empty() {
        Some(Problem::Required)
    } else if len < MIN_LEN {
        Some(Problem::Format {
            zh: "至少 12 个字符。",
            en: "At least 12 characters.",
        })
    } else if len > MAX_LEN {
        Some(Problem::TooLong { max: MAX_LEN })
    } else if name.chars().count() >= 3 && password.to_lowercase().contains(&name) {
        Some(Problem::Format {
            zh: "密码不能包含用户名。",
            en: "Must not contain the user name.",
        })
    } else {
        None
    }
}

/// Adds the problem of `password` (if any) to `errors` under `field`.
pub fn check(errors: &mut Errors, field: &'static str, password: &str, username: &str) {
    if let Some(p) = problem(password, username) {
        errors.add(field, p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Lang;

    #[test]
    fn short_passwords_fail_with_the_length_rule() {
        let p = problem("Abc$12345", "wang").map(|p| p.message(Lang::En));
        assert_eq!(p.as_deref(), Some("At least 12 characters."));
        assert_eq!(problem("", "wang"), Some(Problem::Required));
        assert_eq!(
            problem(&"x".repeat(129), "wang"),
            Some(Problem::TooLong { max: 128 })
        );
    }

    #[test]
    fn common_passwords_fail_even_with_a_suffix() {
        for p in [
            "Cardinal@2026",
            "iloveyou2026!!",
            "PASSWORD123456",
            "!!qwertyuiop12",
        ] {
            assert!(is_common(p), "{p} is common");
            assert!(problem(p, "nobody").is_some(), "{p} is rejected");
        }
        assert!(!is_common("correct horse battery staple"));
        assert_eq!(problem("correct horse battery staple", "wang"), None);
    }

    #[test]
    fn password_must_not_contain_the_user_name() {
        let p = problem("my-zhang.wei-2026-key", "Zhang.Wei").map(|p| p.message(Lang::Zh));
        assert_eq!(p.as_deref(), Some("密码不能包含用户名。"));
        assert_eq!(problem("tide-lantern-quartz-9", "zhang.wei"), None);
    }
}
