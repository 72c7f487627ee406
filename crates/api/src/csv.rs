//! One CSV field writer for every export, server and browser: RFC 4180
//! quoting, and the formula-injection guard (OWASP "CSV injection").

/// One CSV field, quoted when it holds a comma, quote, CR or LF. Text that
/// starts with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'` so a
/// spreadsheet shows it instead of running it as a formula; plain numbers
/// (`-12.5`, `+3`) are left as they are.
#[must_use]
pub fn field(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = text.trim().parse::<f64>().is_ok_and(f64::is_finite);
    let text = if risky && !number {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+cmd"), "'+cmd");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\t=1+1"), "'\t=1+1");
        assert_eq!(field("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(field("-12.5"), "-12.5");
        assert_eq!(field("+12.0"), "+12.0");
        assert_eq!(field("广东"), "广东");
        assert_eq!(field("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}
