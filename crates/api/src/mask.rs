//! Masking of personal identifiers. Full card numbers never leave the vault:
//! the database keeps a token plus the first six and last four digits.

/// `622202******1234`: first six and last four digits of a 16-digit card number.
#[must_use]
pub fn mask_pan(first6: &str, last4: &str) -> String {
    format!("{first6}******{last4}")
}

/// `110***********1234`: keeps the first three and last four characters of an
/// 18-character resident ID (anything shorter keeps only the last four).
#[must_use]
pub fn mask_national_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    if let Some(masked) = keep_head3_tail4(&chars) {
        masked
    } else {
        let tail: String = chars[n.saturating_sub(4)..].iter().collect();
        format!("{}{tail}", "*".repeat(n.saturating_sub(4)))
    }
}

/// `138****5678`: keeps the first three and last four digits of a mobile number.
#[must_use]
pub fn mask_mobile(mobile: &str) -> String {
    let chars: Vec<char> = mobile.chars().collect();
    keep_head3_tail4(&chars).unwrap_or_else(|| "*".repeat(chars.len()))
}

/// The first three and last four of `chars` with stars between, when there
/// are at least eight.
fn keep_head3_tail4(chars: &[char]) -> Option<String> {
    let n = chars.len();
    (n >= 8).then(|| {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[n - 4..].iter().collect();
        format!("{head}{}{tail}", "*".repeat(n - 7))
    })
}

/// `z***@example.com`: keeps the first character of the local part and the domain.
#[must_use]
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

/// `王**`: the surname, then one star per further character (at least one).
#[must_use]
pub fn mask_surname(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        format!("{first}{}", "*".repeat(chars.count().max(1)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pan_shows_only_first_six_and_last_four() {
        assert_eq!(mask_pan("622202", "1234"), "622202******1234");
    }

    #[test]
    fn national_id_keeps_three_and_four() {
        assert_eq!(mask_national_id("110101199003071234"), "110***********1234");
        assert_eq!(mask_national_id("11010119900307123X").len(), 18);
        assert_eq!(mask_national_id("12345"), "*2345");
    }

    #[test]
    fn mobile_and_email_are_masked() {
        assert_eq!(mask_mobile("13812345678"), "138****5678");
        assert_eq!(mask_email("zhang.wei@example.com"), "z***@example.com");
        assert_eq!(mask_email("broken"), "***");
    }
}
