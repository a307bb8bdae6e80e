//! Making a campaign call: `POST /api/v1/campaigns/{campaign_id}/call`.
//!
//! A campaign call is queued inside a campaign, not dialled, so campaign calls live in a
//! list of their own (they are not in `calls()` and active-call does not see them) and
//! their status never moves. The duplicate check is what lets clients retry a campaign call
//! safely, so it follows the vendor's page exactly, `existing_call` included. Answers, in
//! order: unknown campaign 404, body 422, campaign not active 400, duplicate 409, credits
//! 402, then 201.

use hyper::StatusCode;
use serde_json::{json, Map, Value};

use crate::calls::{bool_field, error_bag, object_field, Rejection, GIVEN_DATA_INVALID};
use crate::campaigns::CampaignCall;
use crate::endpoints::Reply;
use crate::phone::is_e164;
use crate::server::Inner;
use crate::state::now_rfc3339;

const NOT_FOUND: &str = r#"{"success":false,"message":"Campaign not found"}"#;
const NOT_ACTIVE: &str = r#"{"success":false,"message":"Campaign is not active"}"#;
const INSUFFICIENT_CREDITS: &str =
    r#"{"success":false,"message":"Insufficient credits","code":"INSUFFICIENT_CREDITS"}"#;
const DUPLICATE_MESSAGE: &str = "A call to this number already exists in this campaign";
/// Statuses of a campaign call that make a new one to the same number a duplicate.
const PENDING: [&str; 5] = ["queued", "scheduled", "initiated", "ringing", "answered"];
/// How far ahead a scheduled campaign's calls are put: the next campaign window is unknown
/// to the simulator, so one hour stands for "later".
const SCHEDULE_AHEAD_SECS: i64 = 3600;

/// A campaign-call body that passed validation.
#[derive(Debug)]
pub(crate) struct CampaignCallInput {
    to: String,
    payload: Option<Value>,
    context: Option<Value>,
    is_testing: bool,
    allow_duplicates: bool,
}

/// Validates a campaign-call body; a failure is the 422 `{"success":false,...,"errors"}`.
pub(crate) fn parse(body: &[u8]) -> Result<CampaignCallInput, Rejection> {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return Err(reject_422(&[("body", "The body must be a JSON object.")]));
    };
    let mut errors: Vec<(&str, &str)> = Vec::new();
    let to = match map.get("to") {
        None | Some(Value::Null) => {
            errors.push(("to", "The to field is required."));
            String::new()
        }
        Some(Value::String(s)) if s.is_empty() => {
            errors.push(("to", "The to field is required."));
            String::new()
        }
        Some(Value::String(s)) if is_e164(s) => s.clone(),
        Some(_) => {
            errors.push(("to", "The to must be a valid phone number."));
            String::new()
        }
    };
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
    let is_testing = bool_field(&map, "is_testing", &mut errors);
    let allow_duplicates = bool_field(&map, "allow_duplicates", &mut errors);
    if !errors.is_empty() {
        return Err(reject_422(&errors));
    }
    Ok(CampaignCallInput {
        to,
        payload,
        context,
        is_testing,
        allow_duplicates,
    })
}

fn reject_422(errors: &[(&str, &str)]) -> Rejection {
    let body =
        json!({"success": false, "message": GIVEN_DATA_INVALID, "errors": error_bag(errors)});
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Reply::Owned(body.to_string()),
    )
}

/// Queues the campaign call against the state, or answers why not.
pub(crate) fn make_call(
    inner: &mut Inner,
    campaign_id: &str,
    input: Result<CampaignCallInput, Rejection>,
) -> (StatusCode, Reply) {
    let Some(campaign) = inner
        .campaigns
        .campaigns
        .iter()
        .find(|c| c.id == campaign_id)
    else {
        return (StatusCode::NOT_FOUND, Reply::Static(NOT_FOUND));
    };
    let input = match input {
        Ok(input) => input,
        Err(rejection) => return rejection,
    };
    if campaign.status != "active" {
        return (StatusCode::BAD_REQUEST, Reply::Static(NOT_ACTIVE));
    }
    let summary = json!({"id": campaign.id, "name": campaign.name, "status": campaign.status});
    let scheduled = campaign.scheduled;
    if !input.allow_duplicates {
        let existing = inner.campaigns.calls.iter().find(|c| {
            c.campaign_id == campaign_id && c.to == input.to && PENDING.contains(&c.status.as_str())
        });
        if let Some(existing) = existing {
            let mut body = json!({"success": false, "message": DUPLICATE_MESSAGE});
            if inner.config.duplicate_code {
                body["code"] = Value::from("DUPLICATE_CALL");
            }
            body["existing_call"] = existing.json.clone();
            return (StatusCode::CONFLICT, Reply::Owned(body.to_string()));
        }
    }
    if !inner.spend_credit(input.is_testing) {
        return (
            StatusCode::PAYMENT_REQUIRED,
            Reply::Static(INSUFFICIENT_CREDITS),
        );
    }
    let store = &mut inner.campaigns;
    store.next_call += 1;
    let created_at = now_rfc3339();
    let status = if scheduled { "scheduled" } else { "queued" };
    let mut call = Map::new();
    call.insert(
        "id".into(),
        Value::from(format!("campaign_call_{}", store.next_call)),
    );
    call.insert("campaign_id".into(), Value::from(campaign_id));
    call.insert("to".into(), Value::from(input.to.as_str()));
    call.insert("status".into(), Value::from(status));
    if scheduled {
        let at = chrono::Utc::now() + chrono::Duration::seconds(SCHEDULE_AHEAD_SECS);
        let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        call.insert("scheduled_at".into(), Value::from(at));
    }
    call.insert("created_at".into(), Value::from(created_at));
    let mut state_extra = Map::new();
    if let Some(payload) = input.payload {
        state_extra.insert("payload".into(), payload);
    }
    if let Some(context) = input.context {
        state_extra.insert("context".into(), context);
    }
    state_extra.insert("is_testing".into(), Value::from(input.is_testing));
    state_extra.insert(
        "allow_duplicates".into(),
        Value::from(input.allow_duplicates),
    );
    let call = Value::Object(call);
    let body = json!({"campaign_call": call, "campaign": summary});
    store.calls.push(CampaignCall {
        json: call,
        campaign_id: campaign_id.to_owned(),
        to: input.to,
        status: status.to_owned(),
        state_extra,
    });
    (StatusCode::CREATED, Reply::Owned(body.to_string()))
}
