//! Validation shared by browser and server, with messages in both languages.
//!
//! The browser runs the same checks before sending, so the user sees the
//! message next to the field at once; the server runs them again and is the
//! authority.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The two UI languages. Chinese is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese (zh-CN), the default.
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// BCP 47 tag.
    #[must_use]
    pub const fn tag(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    /// Picks the language from an `Accept-Language` header: English when its
    /// first preference is English, Chinese otherwise.
    #[must_use]
    pub fn from_accept_language(header: &str) -> Self {
        let first = header
            .split(',')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if first.starts_with("en") {
            Self::En
        } else {
            Self::Zh
        }
    }
}

/// What is wrong with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Must not be empty.
    Required,
    /// Longer than `max` characters.
    TooLong {
        /// Maximum length in characters.
        max: usize,
    },
    /// Outside `min..=max`.
    OutOfRange {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// Not one of the allowed values.
    NotAllowed,
    /// Wrong format; the text says what is expected.
    Format {
        /// Expected format, Chinese.
        zh: &'static str,
        /// Expected format, English.
        en: &'static str,
    },
}

impl Problem {
    /// The message shown next to the field.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Required, Lang::Zh) => "必填。".to_owned(),
            (Self::Required, Lang::En) => "Required.".to_owned(),
            (Self::TooLong { max }, Lang::Zh) => format!("最多 {max} 个字符。"),
            (Self::TooLong { max }, Lang::En) => format!("At most {max} characters."),
            (Self::OutOfRange { min, max }, Lang::Zh) => format!("应在 {min} 到 {max} 之间。"),
            (Self::OutOfRange { min, max }, Lang::En) => format!("Must be from {min} to {max}."),
            (Self::NotAllowed, Lang::Zh) => "不是允许的值。".to_owned(),
            (Self::NotAllowed, Lang::En) => "Not an allowed value.".to_owned(),
            (Self::Format { zh, .. }, Lang::Zh) => (*zh).to_owned(),
            (Self::Format { en, .. }, Lang::En) => (*en).to_owned(),
        }
    }
}

/// Collected field problems of one request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Errors(pub Vec<(String, Problem)>);

impl Errors {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push((field.into(), problem));
    }

    /// True when nothing is wrong.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problem recorded for `field`, if any (the first one).
    #[must_use]
    pub fn get(&self, field: &str) -> Option<&Problem> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, p)| p)
    }

    /// Field → message map for the error body.
    #[must_use]
    pub fn messages(&self, lang: Lang) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        for (field, problem) in &self.0 {
            map.entry(field.clone())
                .or_insert_with(|| problem.message(lang));
        }
        map
    }

    /// `Ok(())` when empty, else `Err(self)`.
    pub fn into_result(self) -> Result<(), Self> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Requires a non-blank text of at most `max` characters.
    pub fn text(&mut self, field: &'static str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, Problem::Required);
        } else if value.chars().count() > max {
            self.add(field, Problem::TooLong { max });
        }
    }

    /// Requires `min <= value <= max`.
    pub fn range(&mut self, field: &'static str, value: i64, min: i64, max: i64) {
        if value < min || value > max {
            self.add(field, Problem::OutOfRange { min, max });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_english_only_when_asked_first() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Lang::Zh
        );
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
    }

    #[test]
    fn text_rule_catches_blank_and_long_values() {
        let mut errors = Errors::default();
        errors.text("name", "   ", 10);
        errors.text("city", "一二三四五六", 5);
        errors.text("ok", "fine", 10);
        assert_eq!(errors.get("name"), Some(&Problem::Required));
        assert_eq!(errors.get("city"), Some(&Problem::TooLong { max: 5 }));
        assert_eq!(errors.get("ok"), None);
        let messages = errors.messages(Lang::Zh);
        assert_eq!(messages["city"], "最多 5 个字符。");
        assert_eq!(errors.messages(Lang::En)["name"], "Required.");
    }

    #[test]
    fn range_rule_is_inclusive() {
        let mut errors = Errors::default();
        errors.range("nps", 10, 0, 10);
        errors.range("nps2", 0, 0, 10);
        assert!(errors.is_empty());
        errors.range("nps3", 11, 0, 10);
        assert_eq!(
            errors.get("nps3"),
            Some(&Problem::OutOfRange { min: 0, max: 10 })
        );
        assert!(errors.into_result().is_err());
    }
}
