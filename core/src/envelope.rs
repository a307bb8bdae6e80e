//! Decoding the API's envelopes.
//!
//! Success is usually `{"success": true, "data": ...}`; the exceptions (an unwrapped
//! make-call answer, the campaign-call answer with no envelope at all) are read by their own
//! decoders below. Failures come in at least six shapes across the vendor's pages, and each
//! gives the same class, `code` and `message`:
//!
//! ```text
//! A {"success": false, "error": {"code": "INVALID_API_KEY", "message": "...", "details": {}}}
//! B {"error": {"code": "INVALID_PHONE_NUMBER", "message": "...", "details": {"field": "to"}}}
//! C {"success": false, "message": "...", "code"?, "errors"?, "details"?, "existing_call"?}
//! D {"message": "The given data was invalid.", "errors": {"field": ["..."]}}   (Laravel)
//! E {"error": "UNAUTHORIZED", "message": "...", "status_code": 401}
//! F {"error": "Failed to generate demo audio"}
//! ```
//!
//! Anything else (HTML from a proxy, an empty body, truncated JSON) must still become a typed
//! error, so every function here is total: it returns a value or an [`Error`], never panics.

use crate::error::{truncate_body, Error, FieldErrors, Result, StatusError};
use crate::model::PlacedCall;
use crate::model::{Call, CallPage, CallRecord, Campaign, CampaignCall, EndedCall, Pagination};
use crate::transport::RawResponse;
use serde::de::DeserializeOwned;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Map;
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

/// The success envelope. Unknown top-level keys are ignored.
#[derive(Deserialize)]
struct Success<T> {
    success: Option<bool>,
    data: Option<T>,
}

/// Decodes the answer to `GET /agents/{agent_id}/active-call/{phone}`: the calls on a 2xx,
/// no calls on the API's 404 envelope, a status error otherwise.
pub(crate) fn decode_active_call(raw: &RawResponse) -> Result<Vec<Call>> {
    match raw.status {
        200..=299 => decode_data::<OneOrMany<Call>>(raw).map(|list| list.0),
        // The API answers "no active call" with a 404 envelope. An HTML 404 (a wrong base
        // URL) is not that answer and stays an error.
        404 if parse_failure(&raw.body).is_some() => Ok(Vec::new()),
        _ => Err(status_error(raw)),
    }
}

/// Decodes the answer to `POST /agents/{agent_id}/end-call`: the ended call on a 2xx, a
/// status error otherwise.
pub(crate) fn decode_end_call(raw: &RawResponse) -> Result<EndedCall> {
    match raw.status {
        200..=299 => decode_data::<EndedCall>(raw),
        _ => Err(status_error(raw)),
    }
}

/// Decodes the answer to `POST /agents/{agent_id}/call`. The call object is `data` when the
/// answer has the success envelope, else the answer itself (the vendor's pages show both),
/// and its id is `id` or `call_id`.
pub(crate) fn decode_make_call(raw: &RawResponse) -> Result<PlacedCall> {
    if !(200..=299).contains(&raw.status) {
        return Err(status_error(raw));
    }
    let mut obj = json_object(raw)?;
    if obj.get("success") == Some(&Value::Bool(false)) {
        return Err(response_error(raw, "success is false in a 2xx response"));
    }
    if let Some(Value::Object(data)) = obj.remove("data") {
        obj = data;
    } else {
        obj.remove("success");
        obj.remove("message");
    }
    PlacedCall::from_object(obj).map_err(|why| response_error(raw, &why))
}

/// Decodes the answer to `POST /campaigns/{campaign_id}/call`: `{"campaign_call": {...},
/// "campaign": {...}}`, with or without a success envelope around it.
pub(crate) fn decode_campaign_call(raw: &RawResponse) -> Result<CampaignCall> {
    if !(200..=299).contains(&raw.status) {
        return Err(status_error(raw));
    }
    let mut obj = json_object(raw)?;
    if let Some(Value::Object(data)) = obj.remove("data") {
        obj = data;
    }
    let campaign = match obj.remove("campaign") {
        Some(Value::Object(c)) => {
            Some(Campaign::from_object(c).map_err(|why| response_error(raw, &why))?)
        }
        _ => None,
    };
    let Some(Value::Object(call)) = obj.remove("campaign_call") else {
        return Err(response_error(
            raw,
            "response has no `campaign_call` object",
        ));
    };
    CampaignCall::from_object(call, campaign).map_err(|why| response_error(raw, &why))
}

/// A page of `GET /calls` or `GET /agents/{agent_id}/calls`: `data` and `pagination` (or
/// Laravel's `meta`), before the paging rules look at it.
#[derive(Deserialize)]
struct ListBody {
    success: Option<bool>,
    data: Option<OneOrMany<CallRecord>>,
    pagination: Option<PaginationBody>,
    meta: Option<PaginationBody>,
}

/// Page numbers as the server wrote them: integers, or the strings some serialisers emit.
#[derive(Deserialize, Default)]
struct PaginationBody {
    current_page: Option<Count>,
    last_page: Option<Count>,
    per_page: Option<Count>,
    total: Option<Count>,
}

/// A non-negative count sent as a number or a numeric string; anything else is `None`.
struct Count(Option<u64>);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(Count(match Value::deserialize(d)? {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }))
    }
}

/// Decodes one page of a call listing (`number` is the page asked for).
pub(crate) fn decode_call_page(raw: &RawResponse, number: u64) -> Result<CallPage> {
    if !(200..=299).contains(&raw.status) {
        return Err(status_error(raw));
    }
    let body: ListBody = serde_json::from_slice(&raw.body)
        .map_err(|e| response_error(raw, &describe_json_error(&e)))?;
    if body.success == Some(false) {
        return Err(response_error(raw, "success is false in a 2xx response"));
    }
    let Some(items) = body.data else {
        return Err(response_error(raw, "response has no `data`"));
    };
    let p = body.pagination.or(body.meta).unwrap_or_default();
    let count = |c: Option<Count>| c.and_then(|c| c.0);
    Ok(CallPage {
        items: items.0,
        number,
        pagination: Pagination {
            current_page: count(p.current_page),
            last_page: count(p.last_page),
            per_page: count(p.per_page),
            total: count(p.total),
        },
        has_more: false,
        origin: Default::default(),
    })
}

fn json_object(raw: &RawResponse) -> Result<Map<String, Value>> {
    match serde_json::from_slice::<Value>(&raw.body) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(_) => Err(response_error(raw, "response is not a JSON object")),
        Err(e) => Err(response_error(raw, &describe_json_error(&e))),
    }
}

/// Decodes a 2xx response whose `data` is a `T`.
fn decode_data<T: DeserializeOwned>(raw: &RawResponse) -> Result<T> {
    match serde_json::from_slice::<Success<T>>(&raw.body) {
        Ok(Success {
            success: Some(true) | None,
            data: Some(data),
        }) => Ok(data),
        Ok(Success {
            success: Some(false),
            ..
        }) => Err(response_error(raw, "success is false in a 2xx response")),
        Ok(Success { data: None, .. }) => Err(response_error(raw, "response has no `data`")),
        Err(e) => Err(response_error(raw, &describe_json_error(&e))),
    }
}

/// A list of calls, or a single call where one object was sent instead of an array.
///
/// Written by hand: `#[serde(untagged)]` would buffer the whole body into an intermediate
/// tree before trying each shape.
pub(crate) struct OneOrMany<T>(pub(crate) Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of objects")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(1).min(64));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(OneOrMany(items))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|one| OneOrMany(vec![one]))
            }
        }
        d.deserialize_any(ListVisitor(PhantomData))
    }
}

/// What a failure body said, from whichever of the documented shapes it used.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Failure {
    pub(crate) message: Option<String>,
    pub(crate) code: Option<String>,
    pub(crate) field_errors: FieldErrors,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) existing_call: Option<CampaignCall>,
}

/// Parses a failure envelope; `None` when the body is not a JSON object with
/// `success: false`, `message` or `error` (so HTML or a bare string is not mistaken for one).
pub(crate) fn parse_failure(body: &[u8]) -> Option<Failure> {
    let Value::Object(mut obj) = serde_json::from_slice::<Value>(body).ok()? else {
        return None;
    };
    let looks_like_envelope = obj.get("success") == Some(&Value::Bool(false))
        || obj.contains_key("message")
        || obj.contains_key("error");
    if !looks_like_envelope {
        return None;
    }
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let mut failure = Failure {
        message: text(obj.get("message")),
        code: text(obj.get("code")),
        ..Failure::default()
    };
    let mut details = obj.remove("details");
    match obj.remove("error") {
        // Shapes A and B: the error is an object.
        Some(Value::Object(mut err)) => {
            failure.message = failure.message.or_else(|| text(err.get("message")));
            failure.code = failure.code.or_else(|| text(err.get("code")));
            details = details.or_else(|| err.remove("details"));
        }
        // Shape E puts a code in `error` next to a `message`; shape F a message alone.
        Some(Value::String(s)) if is_code(&s) && failure.code.is_none() => {
            failure.message = failure.message.or_else(|| Some(s.clone()));
            failure.code = Some(s);
        }
        Some(Value::String(s)) => failure.message = failure.message.or(Some(s)),
        _ => {}
    }
    failure.field_errors = field_errors(obj.get("errors"));
    if let Some(Value::Object(details)) = &details {
        // `{"field": "to", "value": ...}` names the one field at fault.
        if let (Some(field), true) = (text(details.get("field")), failure.field_errors.is_empty()) {
            let message = failure.message.clone().unwrap_or_default();
            failure.field_errors.push((field, vec![message]));
        }
        failure.retry_after = details.get("retry_after").and_then(seconds);
    }
    if let Some(Value::Object(existing)) = obj.remove("existing_call") {
        failure.existing_call = CampaignCall::from_object(existing, None).ok();
    }
    Some(failure)
}

/// Whether an `error` string is a code (`UNAUTHORIZED`) rather than a sentence.
fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// Laravel's `errors`: an object of field -> message or messages. A list of messages (some
/// endpoints send one) names no field, so it is not kept here; it stays in the body.
fn field_errors(errors: Option<&Value>) -> FieldErrors {
    let Some(Value::Object(map)) = errors else {
        return Vec::new();
    };
    map.iter()
        .map(|(field, messages)| {
            let messages = match messages {
                Value::Array(items) => items
                    .iter()
                    .map(|m| m.as_str().map_or_else(|| m.to_string(), str::to_owned))
                    .collect(),
                Value::String(s) => vec![s.clone()],
                other => vec![other.to_string()],
            };
            (field.clone(), messages)
        })
        .collect()
}

/// A wait in seconds sent as a number or numeric string.
fn seconds(value: &Value) -> Option<Duration> {
    let secs = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (secs.is_finite() && secs >= 0.0)
        .then(|| Duration::try_from_secs_f64(secs).ok())
        .flatten()
}

/// Builds the status error for a non-2xx response, using what the body said if anything.
pub(crate) fn status_error(raw: &RawResponse) -> Error {
    let failure = parse_failure(&raw.body).unwrap_or_default();
    let message = failure.message.unwrap_or_else(|| {
        reqwest::StatusCode::from_u16(raw.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Unknown status")
            .to_owned()
    });
    let mut err = StatusError::new(raw.status, message);
    err.code = failure.code;
    err.request_id = raw.request_id.clone();
    // The header wins; a 429 body's `details.retry_after` is the API's documented signal.
    err.retry_after = raw.retry_after.or(failure.retry_after);
    err.body = truncate_body(&raw.body);
    err.field_errors = failure.field_errors;
    err.existing_call = failure.existing_call.map(Box::new);
    err.headers = raw.headers.clone();
    err.rate_limit = raw.rate_limit;
    err.into()
}

fn response_error(raw: &RawResponse, message: &str) -> Error {
    Error::Response {
        status: raw.status,
        message: message.to_owned(),
        request_id: raw.request_id.clone(),
        body: truncate_body(&raw.body),
    }
}

/// Longest decoder message kept: serde quotes offending values, which a broken server can
/// make as long as the body.
const MAX_DETAIL_CHARS: usize = 200;

fn describe_json_error(e: &serde_json::Error) -> String {
    let mut detail = e.to_string();
    if let Some((cut, _)) = detail.char_indices().nth(MAX_DETAIL_CHARS) {
        detail.truncate(cut);
        detail.push('…');
    }
    match e.classify() {
        serde_json::error::Category::Eof => "response body is empty or truncated".to_owned(),
        serde_json::error::Category::Syntax => format!("response body is not JSON ({detail})"),
        _ => format!("response does not have the documented shape ({detail})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            request_id: Some("req_1".into()),
            body: Bytes::from(body.to_owned()),
            ..RawResponse::default()
        }
    }

    #[test]
    fn all_three_failure_shapes_are_read() {
        let plain =
            parse_failure(br#"{"success":false,"message":"Call not found for this agent"}"#);
        assert_eq!(
            plain.unwrap().message.as_deref(),
            Some("Call not found for this agent")
        );
        let coded = parse_failure(
            br#"{"success":false,"message":"Call is not active","code":"CALL_NOT_ACTIVE"}"#,
        )
        .unwrap();
        assert_eq!(coded.code.as_deref(), Some("CALL_NOT_ACTIVE"));
        let nested = parse_failure(
            br#"{"success":false,"error":{"code":"INVALID_TOKEN","message":"bad token","details":{}}}"#,
        )
        .unwrap();
        assert_eq!(nested.message.as_deref(), Some("bad token"));
        assert_eq!(nested.code.as_deref(), Some("INVALID_TOKEN"));
    }

    #[test]
    fn decoder_messages_stay_short_whatever_the_body() {
        let body = format!(r#"{{"success":true,"data":"{}"}}"#, "x".repeat(100_000));
        let err = decode_active_call(&raw(200, &body)).unwrap_err();
        assert!(err.message().len() < 400, "{} bytes", err.message().len());
    }

    #[test]
    fn non_envelopes_are_not_failures() {
        for body in [
            "",
            "<html>502</html>",
            "\"oops\"",
            "[1]",
            "{\"data\":1}",
            "{\"succ",
        ] {
            assert_eq!(parse_failure(body.as_bytes()), None, "{body}");
        }
    }

    #[test]
    fn status_errors_fall_back_to_the_reason_phrase() {
        let err = status_error(&raw(502, "<html>Bad gateway</html>"));
        assert_eq!(err.status(), Some(502));
        assert_eq!(err.message(), "Bad Gateway");
        assert_eq!(err.request_id(), Some("req_1"));
        assert_eq!(err.code(), None);
    }

    #[test]
    fn bad_success_bodies_are_response_errors() {
        for body in [
            "",
            "<html>",
            "{\"success\":true}",
            "{\"success\":false,\"data\":[]}",
            "{\"success\":true,\"data\":\"x\"}",
            "{\"success\":true,\"data\":[{\"id\":1}]}",
        ] {
            let err = decode_data::<OneOrMany<crate::Call>>(&raw(200, body))
                .err()
                .unwrap();
            assert_eq!(err.kind(), crate::ErrorKind::Response, "{body}");
        }
    }
}
