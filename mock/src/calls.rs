//! Placing a call: `POST /api/v1/agents/{agent_id}/call`.
//!
//! The body is checked before the state lock is taken (it needs no state); the checks that
//! do need state (the agent, credits) run under the lock. The order of the answers, where
//! the vendor says nothing: unknown agent (404), then the body (422, then 400 for `to`),
//! then the agent's state (400 `AGENT_INACTIVE`), then credits (402). The path is resolved
//! first as Laravel's route binding would; input before account state.

use hyper::StatusCode;
use serde_json::{json, Map, Value};

use crate::endpoints::Reply;
use crate::phone::is_e164;
use crate::server::Inner;
use crate::state::Placement;

const INSUFFICIENT_CREDITS: &str = r#"{"error":{"code":"INSUFFICIENT_CREDITS","message":"Account has insufficient credits to place this call","details":{}}}"#;
const MISSING_PHONE_NUMBER: &str = r#"{"error":{"code":"MISSING_PHONE_NUMBER","message":"Phone number is required","details":{"field":"to"}}}"#;
const INVALID_PHONE_MESSAGE: &str =
    "Phone number must be in international format (e.g., +1234567890)";
/// The Laravel message of a 422.
pub(crate) const GIVEN_DATA_INVALID: &str = "The given data was invalid.";

/// A rejected request: the status and body to answer with.
pub(crate) type Rejection = (StatusCode, Reply);

/// A make-call body that passed every check that needs no state.
#[derive(Debug)]
pub(crate) struct MakeCall {
    to: String,
    payload: Option<Value>,
    context: Option<Value>,
    delay_seconds: u64,
    is_testing: bool,
}

/// Checks a make-call body: 422 for a body that is not a JSON object or a field of the
/// wrong type or range (all such fields reported together), else 400 for a missing or
/// non-E.164 `to`.
pub(crate) fn parse(body: &[u8]) -> Result<MakeCall, Rejection> {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return Err(laravel_422(&[("body", "The body must be a JSON object.")]));
    };
    let mut errors: Vec<(&str, &str)> = Vec::new();
    let payload = object_field(
        &map,
        "payload",
        "The payload must be an array.",
        &mut errors,
    );
    let context = object_field(
        &map,
        "context",
        "The context must be an array.",
        &mut errors,
    );
    let delay_seconds = match map.get("delay_seconds") {
        None | Some(Value::Null) => 0,
        Some(v) => match v.as_i64().or_else(|| v.as_u64().map(|_| i64::MAX)) {
            Some(n @ 0..=3600) => n.unsigned_abs(),
            Some(_) => {
                errors.push((
                    "delay_seconds",
                    "The delay seconds must be between 0 and 3600.",
                ));
                0
            }
            None => {
                errors.push(("delay_seconds", "The delay seconds must be an integer."));
                0
            }
        },
    };
    let is_testing = bool_field(&map, "is_testing", &mut errors);
    if !errors.is_empty() {
        return Err(laravel_422(&errors));
    }
    let to = match map.get("to") {
        None | Some(Value::Null) => {
            return Err((StatusCode::BAD_REQUEST, Reply::Static(MISSING_PHONE_NUMBER)))
        }
        Some(Value::String(s)) if s.is_empty() => {
            return Err((StatusCode::BAD_REQUEST, Reply::Static(MISSING_PHONE_NUMBER)))
        }
        Some(Value::String(s)) if is_e164(s) => s.clone(),
        Some(other) => {
            return Err(error_400(
                "INVALID_PHONE_NUMBER",
                INVALID_PHONE_MESSAGE,
                json!({"field": "to", "value": other}),
            ))
        }
    };
    Ok(MakeCall {
        to,
        payload,
        context,
        delay_seconds,
        is_testing,
    })
}

/// Places the call against the state, or answers why not.
pub(crate) fn place(
    inner: &mut Inner,
    agent_id: &str,
    input: Result<MakeCall, Rejection>,
) -> (StatusCode, Reply) {
    let Some(agent) = inner.agents.get(agent_id) else {
        let body = json!({"error": {"code": "AGENT_NOT_FOUND", "message": "Voice agent not found", "details": {"agent_id": agent_id}}});
        return (StatusCode::NOT_FOUND, Reply::Owned(body.to_string()));
    };
    let input = match input {
        Ok(input) => input,
        Err(rejection) => return rejection,
    };
    if !agent.published {
        return error_400(
            "AGENT_INACTIVE",
            "Agent is not published",
            json!({"agent_id": agent_id}),
        );
    }
    let from = agent.phone_number.clone();
    if !inner.spend_credit(input.is_testing) {
        return (
            StatusCode::PAYMENT_REQUIRED,
            Reply::Static(INSUFFICIENT_CREDITS),
        );
    }
    let data = inner.calls.place(Placement {
        agent_id: agent_id.to_owned(),
        to: input.to,
        from,
        payload: input.payload,
        context: input.context,
        delay_seconds: input.delay_seconds,
        is_testing: input.is_testing,
        ring_after_ms: inner.config.ring_after_ms,
        answer_after_ms: inner.config.answer_after_ms,
    });
    let body = json!({"success": true, "data": data});
    (StatusCode::OK, Reply::Owned(body.to_string()))
}

fn error_400(code: &str, message: &str, details: Value) -> Rejection {
    let body = json!({"error": {"code": code, "message": message, "details": details}});
    (StatusCode::BAD_REQUEST, Reply::Owned(body.to_string()))
}

/// Laravel's 422 without `success`: `{"message": ..., "errors": {field: [message]}}`.
fn laravel_422(errors: &[(&str, &str)]) -> Rejection {
    let body = json!({"message": GIVEN_DATA_INVALID, "errors": error_bag(errors)});
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Reply::Owned(body.to_string()),
    )
}

/// Field -> list of messages, in the order the fields were checked.
pub(crate) fn error_bag(errors: &[(&str, &str)]) -> Value {
    let mut bag = Map::new();
    for (field, message) in errors {
        let entry = bag
            .entry((*field).to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = entry {
            list.push(Value::from(*message));
        }
    }
    Value::Object(bag)
}

/// An optional field that must be an object (Laravel's `array` rule); `null` is absent.
pub(crate) fn object_field<'a>(
    map: &Map<String, Value>,
    field: &'a str,
    message: &'a str,
    errors: &mut Vec<(&'a str, &'a str)>,
) -> Option<Value> {
    match map.get(field) {
        None | Some(Value::Null) => None,
        Some(v @ Value::Object(_)) => Some(v.clone()),
        Some(_) => {
            errors.push((field, message));
            None
        }
    }
}

/// An optional boolean field, default `false`; only JSON `true`/`false` pass.
pub(crate) fn bool_field<'a>(
    map: &Map<String, Value>,
    field: &'a str,
    errors: &mut Vec<(&'a str, &'a str)>,
) -> bool {
    match map.get(field) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            let message = match field {
                "is_testing" => "The is testing field must be true or false.",
                "allow_duplicates" => "The allow duplicates field must be true or false.",
                _ => "The field must be true or false.",
            };
            errors.push((field, message));
            false
        }
    }
}
