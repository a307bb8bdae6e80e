//! Input checks that run before any network I/O, and the one path-segment encoder.
//!
//! A phone number or id typed by a user ends up inside a URL path. Everything here exists so
//! that a bad value becomes a clear [`Error::InvalidRequest`] at the call site instead of a
//! confusing 404 from the server, and so that no value can change which endpoint is hit.

use crate::error::{Error, Result};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::fmt::Display;
use std::time::Duration;

/// Characters left as they are in a path segment: RFC 3986 "unreserved". Everything else,
/// `/`, `+`, `%`, `?`, `#` included, is percent-encoded, so an id is always exactly one
/// segment and `+` goes on the wire as `%2B`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Longest id accepted: far above any real id, far below what proxies refuse in a URL.
pub const MAX_ID_LEN: usize = 1024;

/// Separators people type inside phone numbers, dropped before the E.164 check.
pub(crate) const PHONE_SEPARATORS: [char; 5] = [' ', '-', '.', '(', ')'];

/// Normalises a phone number to E.164: drops spaces, `-`, `.`, `(`, `)`, then requires `+`
/// followed by 7 to 15 digits, the first not `0`.
///
/// ```
/// use talkover::validate::normalize_phone;
///
/// assert_eq!(normalize_phone("+55 (11) 98765-4321").unwrap(), "+5511987654321");
/// assert!(normalize_phone("11987654321").is_err()); // no country code
/// assert!(normalize_phone("+0123456789").is_err()); // country codes never start with 0
/// ```
pub fn normalize_phone(raw: &str) -> Result<String> {
    normalize_phone_as("phone", raw)
}

/// [`normalize_phone`] for an argument named `param` (`"to"` when placing a call).
///
/// ```
/// use talkover::validate::normalize_phone_as;
/// let err = normalize_phone_as("to", "11987654321").unwrap_err();
/// assert_eq!(err.param(), Some("to"));
/// ```
pub fn normalize_phone_as(param: &'static str, raw: &str) -> Result<String> {
    let phone: String = raw
        .chars()
        .filter(|c| !PHONE_SEPARATORS.contains(c))
        .collect();
    let digits = phone.strip_prefix('+').ok_or_else(|| {
        Error::invalid(
            param,
            "must be in E.164 format with a leading '+' and country code, like +5511987654321",
        )
    })?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(
            param,
            "may contain only digits after '+' (spaces, '-', '.', '(' and ')' are ignored)",
        ));
    }
    if !(7..=15).contains(&digits.len()) {
        return Err(Error::invalid(
            param,
            format!("must have 7 to 15 digits after '+', found {}", digits.len()),
        ));
    }
    if digits.starts_with('0') {
        return Err(Error::invalid(
            param,
            "the country code after '+' cannot start with 0",
        ));
    }
    Ok(phone)
}

/// Checks an id (`agent_id`, `call_sid`): not blank, no control characters, not `.` or `..`
/// (URL normalisation would drop those even percent-encoded), at most [`MAX_ID_LEN`] bytes.
///
/// ```
/// use talkover::validate::validate_id;
///
/// assert!(validate_id("agent_id", "2b1c9d1e-agent").is_ok());
/// assert!(validate_id("agent_id", "../admin").is_ok()); // allowed: encoded as one segment
/// assert!(validate_id("agent_id", "..").is_err());
/// assert!(validate_id("call_sid", "").is_err());
/// ```
pub fn validate_id(param: &'static str, id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::invalid(param, "must be a non-empty string"));
    }
    if id.chars().any(char::is_control) {
        return Err(Error::invalid(param, "must not contain control characters"));
    }
    if id == "." || id == ".." {
        return Err(Error::invalid(param, "cannot be '.' or '..'"));
    }
    if id.len() > MAX_ID_LEN {
        return Err(Error::invalid(
            param,
            format!("must be at most {MAX_ID_LEN} bytes long"),
        ));
    }
    Ok(())
}

/// Parses a `YYYY-MM-DD` date (as the listing filters take it) for argument `param`.
///
/// ```
/// use talkover::validate::parse_date;
/// assert_eq!(parse_date("date_from", "2024-02-29").unwrap().to_string(), "2024-02-29");
/// assert!(parse_date("date_from", "2023-02-29").is_err());
/// assert!(parse_date("date_to", "yesterday").is_err());
/// ```
pub fn parse_date(param: &'static str, raw: &str) -> Result<chrono::NaiveDate> {
    let trimmed = raw.trim();
    // chrono alone would also take `+002024-01-01`; the API takes exactly YYYY-MM-DD.
    let shaped = trimmed.len() == 10
        && trimmed.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(Error::invalid(param, "must be a date like 2024-01-31"));
    }
    chrono::NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
        .map_err(|_| Error::invalid(param, format!("is not a valid date ({trimmed})")))
}

/// Checks a free-text filter value (`status`, `direction`, `search`): not blank, no control
/// characters, at most [`MAX_ID_LEN`] bytes. Any other character is fine: it is
/// percent-encoded as one query value.
///
/// ```
/// use talkover::validate::validate_text;
/// assert!(validate_text("search", "+55 11 & co #1").is_ok());
/// assert!(validate_text("search", " ").is_err());
/// ```
pub fn validate_text(param: &'static str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(param, "must be a non-empty string"));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(param, "must not contain control characters"));
    }
    if value.len() > MAX_ID_LEN {
        return Err(Error::invalid(
            param,
            format!("must be at most {MAX_ID_LEN} bytes long"),
        ));
    }
    Ok(())
}

/// Percent-encodes a value as exactly one URL query value: everything but RFC 3986
/// "unreserved" characters is encoded, so `&`, `#`, `+`, `=`, spaces and non-ASCII text can
/// never split or change the query (a `+` left bare would arrive as a space).
///
/// ```
/// use talkover::validate::query_value;
/// assert_eq!(query_value("+55 11&x=1#").to_string(), "%2B55%2011%26x%3D1%23");
/// ```
pub fn query_value(value: &str) -> impl Display + '_ {
    utf8_percent_encode(value, SEGMENT)
}

/// Percent-encodes a value as exactly one URL path segment.
///
/// ```
/// use talkover::validate::path_segment;
///
/// assert_eq!(path_segment("+5511987654321").to_string(), "%2B5511987654321");
/// assert_eq!(path_segment("../x").to_string(), "..%2Fx");
/// ```
pub fn path_segment(value: &str) -> impl Display + '_ {
    utf8_percent_encode(value, SEGMENT)
}

/// Checks an API token: non-empty, no whitespace or control characters (it goes into an
/// HTTP header, and a stray newline from a `.env` file is the usual culprit).
///
/// The token itself never appears in the error.
///
/// ```
/// use talkover::validate::validate_token;
///
/// assert!(validate_token("talq_abc123").is_ok());
/// assert!(validate_token("talq_abc123\n").is_err());
/// ```
pub fn validate_token(token: &str) -> Result<()> {
    if token.is_empty() {
        return Err(Error::invalid("token", "must not be empty"));
    }
    if token
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || !c.is_ascii())
    {
        return Err(Error::invalid(
            "token",
            "must not contain whitespace, control or non-ASCII characters",
        ));
    }
    Ok(())
}

/// Turns a timeout in seconds into a [`Duration`]: finite and > 0. Bindings whose users
/// give another unit (Node's milliseconds) convert first and name the argument their way.
///
/// ```
/// use talkover::validate::timeout_from_secs;
/// assert_eq!(timeout_from_secs(1.5).unwrap().as_millis(), 1500);
/// assert!(timeout_from_secs(0.0).is_err());
/// assert!(timeout_from_secs(f64::NAN).is_err());
/// ```
pub fn timeout_from_secs(secs: f64) -> Result<Duration> {
    // Also refuse absurdly large values, which would overflow timers.
    if !(secs.is_finite() && secs > 0.0 && secs <= 86_400.0 * 365.0) {
        return Err(Error::invalid(
            "timeout",
            "must be a positive, finite number of seconds",
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Headers the client sets itself, refused as extra headers: the token goes in
/// `Authorization` only through the token setting (so it stays redacted), and the others
/// describe the request the client builds.
const RESERVED_HEADERS: [&str; 8] = [
    "authorization",
    "host",
    "content-length",
    "content-type",
    "transfer-encoding",
    "connection",
    "user-agent",
    "x-talkover-retry-count",
];

/// Checks extra headers and builds them: each name a valid HTTP token that the client does
/// not set itself, each value printable text. A later pair with the same name replaces an
/// earlier one. `param` names the setting they came in: `"default_headers"` for a client's,
/// `"headers"` for one call's.
///
/// ```
/// use talkover::validate::extra_headers;
///
/// let headers = extra_headers("headers", &[("traceparent".into(), "00-abc-def-01".into())]);
/// assert_eq!(headers.unwrap()["traceparent"], "00-abc-def-01");
/// let refused = extra_headers("default_headers", &[("Authorization".into(), "x".into())]);
/// assert_eq!(refused.unwrap_err().param(), Some("default_headers"));
/// assert!(extra_headers("headers", &[("x-note".into(), "line\nbreak".into())]).is_err());
/// ```
pub fn extra_headers(
    param: &'static str,
    pairs: &[(String, String)],
) -> Result<reqwest::header::HeaderMap> {
    use reqwest::header::{HeaderName, HeaderValue};
    let mut headers = reqwest::header::HeaderMap::with_capacity(pairs.len());
    for (name, value) in pairs {
        let parsed = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid(param, format!("{name:?} is not a valid header name")))?;
        if RESERVED_HEADERS.contains(&parsed.as_str()) {
            let hint = match parsed.as_str() {
                "authorization" => "; pass the token setting instead",
                "user-agent" => "; add your product with the app info setting",
                _ => "",
            };
            return Err(Error::invalid(
                param,
                format!("{name:?} is set by the client{hint}"),
            ));
        }
        let value = HeaderValue::from_str(value)
            .ok()
            .filter(|_| !value.chars().any(char::is_control))
            .ok_or_else(|| {
                Error::invalid(
                    param,
                    format!("the value of {name:?} must be printable text without line breaks"),
                )
            })?;
        headers.insert(parsed, value);
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_table() {
        let good = [
            ("+5511987654321", "+5511987654321"),
            ("+55 11 98765-4321", "+5511987654321"),
            ("+1 (555) 123.4567", "+15551234567"),
            ("+1234567", "+1234567"),
            ("+123456789012345", "+123456789012345"),
        ];
        for (raw, want) in good {
            assert_eq!(normalize_phone(raw).unwrap(), want, "{raw}");
        }
        let bad = [
            "",
            "+",
            "5511987654321",
            "+123456",
            "+1234567890123456",
            "+0511987654321",
            "+55 11 9876x4321",
            "++5511987654321",
            "+55\t11987654321",
            "+５５11987654321",
            "tel:+5511987654321",
        ];
        for raw in bad {
            let err = normalize_phone(raw).unwrap_err();
            assert!(
                matches!(err, Error::InvalidRequest { param: "phone", .. }),
                "{raw}"
            );
        }
    }

    #[test]
    fn id_table() {
        for ok in [
            "a",
            "agent-uuid",
            "../x",
            "a/b",
            "a b",
            "ação",
            "%2F",
            "...",
        ] {
            assert!(validate_id("agent_id", ok).is_ok(), "{ok:?}");
        }
        let too_long = "a".repeat(MAX_ID_LEN + 1);
        for bad in [
            "",
            "   ",
            ".",
            "..",
            "a\nb",
            "a\u{0}b",
            "\u{7f}",
            too_long.as_str(),
        ] {
            assert!(validate_id("agent_id", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn segments_never_contain_a_slash_or_reserved_character() {
        for raw in ["../x", "a/b", "a?b#c", "100%", "+1", "a b", "ação"] {
            let enc = path_segment(raw).to_string();
            assert!(!enc.contains(['/', '?', '#', '+', ' ']), "{raw} -> {enc}");
            let back = percent_encoding::percent_decode_str(&enc)
                .decode_utf8()
                .unwrap();
            assert_eq!(back, raw);
        }
    }

    #[test]
    fn token_table() {
        assert!(validate_token("talq_x").is_ok());
        for bad in ["", "talq x", " talq", "talq\r\n", "talq\u{0}", "tälq"] {
            let err = validate_token(bad).unwrap_err();
            assert!(!err.to_string().contains(bad.trim()) || bad.trim().is_empty());
        }
    }
}
