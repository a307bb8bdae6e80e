//! Query strings decoded the way PHP (and so Laravel) decodes them.
//!
//! Clients are tested against this server so that a value they forgot to encode goes wrong
//! here as it would on the real API: `+` is a space, `%XX` is decoded, `&` always separates
//! pairs, a repeated key keeps its last value, and `key[]=...` makes the value an array
//! (which the validation then rejects, as Laravel's would for a string rule).
//!
//! The list endpoints' query is then validated here, before the state lock: a bad value is
//! Laravel's 422 with every failing field.

use chrono::NaiveDate;
use hyper::StatusCode;
use percent_encoding::percent_decode_str;
use serde_json::json;

use crate::calls::{error_bag, Rejection, GIVEN_DATA_INVALID};
use crate::endpoints::Reply;

/// One query parameter's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Param {
    Text(String),
    /// Sent as `key[]=` or `key[x]=`: PHP turns it into an array.
    Array,
}

/// The decoded parameters, last value per key winning, in first-seen order.
#[derive(Debug, Default)]
pub(crate) struct Query {
    params: Vec<(String, Param)>,
}

impl Query {
    /// Decodes a raw query string (without the `?`).
    pub(crate) fn parse(raw: &str) -> Query {
        let mut query = Query::default();
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(raw_key);
            // PHP rewrites spaces and dots in names to underscores.
            let key: String = key
                .chars()
                .map(|c| if c == ' ' || c == '.' { '_' } else { c })
                .collect();
            let (name, value) = match key.find('[') {
                Some(i) if i > 0 => (key[..i].to_owned(), Param::Array),
                _ => (key, Param::Text(decode(raw_value))),
            };
            if name.is_empty() {
                continue;
            }
            match query.params.iter_mut().find(|(k, _)| *k == name) {
                Some(slot) => slot.1 = value,
                None => query.params.push((name, value)),
            }
        }
        query
    }

    /// The value of `key`, where an empty string counts as absent (Laravel converts empty
    /// strings to `null`, and every filter here is nullable).
    pub(crate) fn get(&self, key: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, Param::Text(t) if t.is_empty()))
    }
}

/// `+` to space, then percent-decoding; invalid UTF-8 becomes U+FFFD.
fn decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

const STATUSES: [&str; 7] = [
    "initiated",
    "ringing",
    "answered",
    "completed",
    "failed",
    "busy",
    "no-answer",
];
const DEFAULT_PER_PAGE: u64 = 20;
const MAX_PER_PAGE: u64 = 100;

/// A validated list query.
#[derive(Debug, Default)]
pub(crate) struct ListQuery {
    pub(crate) status: Option<String>,
    pub(crate) direction: Option<String>,
    pub(crate) agent_id: Option<String>,
    pub(crate) date_from: Option<NaiveDate>,
    pub(crate) date_to: Option<NaiveDate>,
    pub(crate) search: Option<String>,
    pub(crate) per_page: u64,
    pub(crate) page: u64,
}

/// Decodes and validates the query; `agent_id` is read only for `/calls` (`for_agent` false).
pub(crate) fn parse(raw: Option<&str>, for_agent: bool) -> Result<ListQuery, Rejection> {
    let query = Query::parse(raw.unwrap_or(""));
    let mut errors: Vec<(&str, &str)> = Vec::new();
    let mut out = ListQuery {
        per_page: DEFAULT_PER_PAGE,
        page: 1,
        ..ListQuery::default()
    };
    out.status = one_of(
        &query,
        "status",
        &STATUSES,
        "The selected status is invalid.",
        &mut errors,
    );
    out.direction = one_of(
        &query,
        "direction",
        &["inbound", "outbound"],
        "The selected direction is invalid.",
        &mut errors,
    );
    if !for_agent {
        out.agent_id = text(
            &query,
            "agent_id",
            "The agent id must be a string.",
            &mut errors,
        );
    }
    out.date_from = date(
        &query,
        "date_from",
        "The date from must be a valid date.",
        &mut errors,
    );
    out.date_to = date(
        &query,
        "date_to",
        "The date to must be a valid date.",
        &mut errors,
    );
    if let (Some(from), Some(to)) = (out.date_from, out.date_to) {
        if to < from {
            errors.push((
                "date_to",
                "The date to must be a date after or equal to date from.",
            ));
        }
    }
    out.search = text(
        &query,
        "search",
        "The search must be a string.",
        &mut errors,
    );
    match int(&query, "per_page") {
        Some(Some(n)) if (1..=MAX_PER_PAGE as i64).contains(&n) => out.per_page = n.unsigned_abs(),
        Some(Some(_)) => errors.push(("per_page", "The per page must be between 1 and 100.")),
        Some(None) => errors.push(("per_page", "The per page must be an integer.")),
        None => {}
    }
    match int(&query, "page") {
        Some(Some(n)) if n >= 1 => out.page = n.unsigned_abs(),
        Some(Some(_)) => errors.push(("page", "The page must be at least 1.")),
        Some(None) => errors.push(("page", "The page must be an integer.")),
        None => {}
    }
    if !errors.is_empty() {
        let body =
            json!({"success": false, "message": GIVEN_DATA_INVALID, "errors": error_bag(&errors)});
        return Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            Reply::Owned(body.to_string()),
        ));
    }
    Ok(out)
}

fn text<'a>(
    q: &Query,
    key: &'a str,
    message: &'a str,
    errors: &mut Vec<(&'a str, &'a str)>,
) -> Option<String> {
    match q.get(key)? {
        Param::Text(t) => Some(t.clone()),
        Param::Array => {
            errors.push((key, message));
            None
        }
    }
}

fn one_of<'a>(
    q: &Query,
    key: &'a str,
    allowed: &[&str],
    message: &'a str,
    errors: &mut Vec<(&'a str, &'a str)>,
) -> Option<String> {
    match q.get(key)? {
        Param::Text(t) if allowed.contains(&t.as_str()) => Some(t.clone()),
        _ => {
            errors.push((key, message));
            None
        }
    }
}

/// Strictly `YYYY-MM-DD`, a real calendar date.
fn date<'a>(
    q: &Query,
    key: &'a str,
    message: &'a str,
    errors: &mut Vec<(&'a str, &'a str)>,
) -> Option<NaiveDate> {
    let parsed = match q.get(key)? {
        Param::Text(t) if t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-' => {
            NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
        }
        _ => None,
    };
    if parsed.is_none() {
        errors.push((key, message));
    }
    parsed
}

/// `None`: absent; `Some(None)`: present but not a decimal integer.
fn int(q: &Query, key: &str) -> Option<Option<i64>> {
    match q.get(key)? {
        Param::Text(t) => Some(t.parse().ok()),
        Param::Array => Some(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Option<Param> {
        Some(Param::Text(s.to_owned()))
    }

    #[test]
    fn decodes_like_php() {
        let q = Query::parse("search=+55%2B11&status=a&status=ringing&x=%26y&page=&a.b=1&s[]=1");
        assert_eq!(q.get("search").cloned(), text(" 55+11"));
        assert_eq!(q.get("status").cloned(), text("ringing"));
        assert_eq!(q.get("x").cloned(), text("&y"));
        assert_eq!(q.get("page"), None);
        assert_eq!(q.get("a_b").cloned(), text("1"));
        assert_eq!(q.get("s"), Some(&Param::Array));
        assert_eq!(Query::parse("bad=%ZZ%").get("bad").cloned(), text("%ZZ%"));
        assert_eq!(Query::parse("&&=x&k").get("k"), None);
    }
}
