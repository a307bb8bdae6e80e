//! Parsers of option values, built on the core's own validators (phone, ids, dates,
//! timeout, token), so the command line refuses exactly what the libraries refuse.

use serde_json::{Map, Value};
use std::time::Duration;

/// The core's reason for refusing a value, without the class name clap does not need.
fn reason(err: talkover::Error) -> String {
    err.message()
}

pub(crate) fn parse_phone(raw: &str) -> Result<String, String> {
    talkover::validate::normalize_phone(raw).map_err(reason)
}

fn parse_id(param: &'static str, raw: &str) -> Result<String, String> {
    talkover::validate::validate_id(param, raw).map_err(reason)?;
    Ok(raw.to_owned())
}

pub(crate) fn parse_agent(raw: &str) -> Result<String, String> {
    parse_id("agent_id", raw)
}

pub(crate) fn parse_call_id(raw: &str) -> Result<String, String> {
    parse_id("call_sid", raw)
}

fn parse_text(param: &'static str, raw: &str) -> Result<String, String> {
    talkover::validate::validate_text(param, raw).map_err(reason)?;
    Ok(raw.to_owned())
}

pub(crate) fn parse_status(raw: &str) -> Result<String, String> {
    parse_text("status", raw)
}

pub(crate) fn parse_search(raw: &str) -> Result<String, String> {
    parse_text("search", raw)
}

pub(crate) fn parse_since(raw: &str) -> Result<chrono::NaiveDate, String> {
    talkover::validate::parse_date("date_from", raw).map_err(reason)
}

pub(crate) fn parse_until(raw: &str) -> Result<chrono::NaiveDate, String> {
    talkover::validate::parse_date("date_to", raw).map_err(reason)
}

pub(crate) fn parse_timeout(raw: &str) -> Result<Duration, String> {
    let secs: f64 = raw
        .trim()
        .parse()
        .map_err(|_| "must be a number of seconds, like 2.5".to_owned())?;
    talkover::validate::timeout_from_secs(secs).map_err(reason)
}

/// `key=text` or `key:=JSON`.
pub(crate) fn parse_payload(raw: &str) -> Result<(String, Value), String> {
    let (key, value) = match (raw.find(":="), raw.find('=')) {
        (Some(at), Some(eq)) if at < eq => {
            let json = &raw[at + 2..];
            let value = serde_json::from_str(json)
                .map_err(|e| format!("the value after `:=` is not JSON ({e})"))?;
            (&raw[..at], value)
        }
        (_, Some(eq)) => (&raw[..eq], Value::String(raw[eq + 1..].to_owned())),
        (_, None) => return Err("must be KEY=VALUE or KEY:=JSON".to_owned()),
    };
    if key.trim().is_empty() {
        return Err("the key must not be empty".to_owned());
    }
    Ok((key.to_owned(), value))
}

pub(crate) fn parse_object(raw: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str(raw) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("must be a JSON object, like '{\"order_id\": 42}'".to_owned()),
        Err(e) => Err(format!("is not valid JSON ({e})")),
    }
}

pub(crate) fn parse_mock_token(raw: &str) -> Result<String, String> {
    talkover::validate::validate_token(raw).map_err(reason)?;
    Ok(raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn payload_values_are_text_or_json() {
        assert_eq!(
            parse_payload("name=Ana=B").unwrap(),
            ("name".into(), Value::from("Ana=B"))
        );
        assert_eq!(
            parse_payload("count:=3").unwrap(),
            ("count".into(), Value::from(3))
        );
        assert_eq!(
            parse_payload("url=http://x?a:=1").unwrap().1,
            Value::from("http://x?a:=1")
        );
        assert!(parse_payload("novalue").is_err());
        assert!(parse_payload("=x").is_err());
        assert!(parse_payload("n:={").is_err());
        assert!(parse_object("[1]").is_err());
    }
}
