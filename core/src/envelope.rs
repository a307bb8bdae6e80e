//! Decoding the API's envelopes: `{"success": true, "data": ...}` on success, and the three
//! failure shapes the vendor documents:
//!
//! ```text
//! {"success": false, "message": "..."}
//! {"success": false, "message": "...", "code": "CALL_NOT_ACTIVE"}
//! {"success": false, "error": {"code": "INVALID_TOKEN", "message": "...", "details": {}}}
//! ```
//!
//! Anything else (HTML from a proxy, an empty body, truncated JSON) must still become a typed
//! error, so every function here is total: it returns a value or an [`Error`], never panics.

use crate::error::{truncate_body, Error, Result, StatusError};
use crate::model::{Call, EndedCall};
use crate::transport::RawResponse;
use serde::de::DeserializeOwned;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;

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
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) message: Option<String>,
    pub(crate) code: Option<String>,
}

/// Parses a failure envelope; `None` when the body is not a JSON object with
/// `success: false`, `message` or `error` (so HTML or a bare string is not mistaken for one).
pub(crate) fn parse_failure(body: &[u8]) -> Option<Failure> {
    let Value::Object(obj) = serde_json::from_slice::<Value>(body).ok()? else {
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
    };
    match obj.get("error") {
        Some(Value::Object(err)) => {
            failure.message = failure.message.or_else(|| text(err.get("message")));
            failure.code = failure.code.or_else(|| text(err.get("code")));
        }
        Some(Value::String(msg)) => failure.message = failure.message.or(Some(msg.clone())),
        _ => {}
    }
    Some(failure)
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
    Error::Status(Box::new(StatusError {
        status: raw.status,
        code: failure.code,
        message,
        request_id: raw.request_id.clone(),
        retry_after: raw.retry_after,
        body: truncate_body(&raw.body),
    }))
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
            retry_after: None,
            body: Bytes::from(body.to_owned()),
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
        assert_eq!(
            nested,
            Failure {
                message: Some("bad token".into()),
                code: Some("INVALID_TOKEN".into())
            }
        );
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
