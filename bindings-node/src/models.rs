//! Results as JavaScript values, built by the functions `src-ts/models.ts` registers (see
//! `factories.rs`): each result crosses as the arguments of one call to its model's function,
//! which returns the object literal. V8 creates a literal in one step with a shared hidden
//! class, where setting its properties one by one through Node-API would walk the
//! property-transition machinery once per field.
//!
//! Absent optional fields are `null`, as in the API's own JSON; timestamps are `Date`s;
//! fields this version does not know stay reachable under `extra`. Every result's arguments
//! end with the response it came from (`requestId, limit, remaining, resetAt`, each `null`
//! when unknown), which `models.ts` turns into the non-enumerable `_requestId` and
//! `_rateLimit` properties. The argument order of each function is written once on each
//! side: here, and in the parameter list of its function in `models.ts`.
//!
//! The Python binding's `models.rs` wraps the same core models as frozen classes.

use std::ptr;
use std::time::{SystemTime, UNIX_EPOCH};

use napi::bindgen_prelude::ToNapiValue;
use napi::{sys, Result};

use crate::convert::{
    array, boolean, check, date_or_null, null, number, number_or_null, string, string_or_null,
};
use crate::factories::{build, Model};

/// The calls for `activeCall`, as an array of `Call` objects.
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread (as for every
/// function of this module).
pub(crate) unsafe fn calls(
    env: sys::napi_env,
    calls: &[talkover::Call],
) -> Result<sys::napi_value> {
    let mut array = ptr::null_mut();
    check(unsafe { sys::napi_create_array_with_length(env, calls.len(), &mut array) })?;
    for (index, call) in calls.iter().enumerate() {
        unsafe {
            let [request_id, limit, remaining, reset_at] = meta(env, call.response())?;
            let value = build(
                env,
                Model::Call,
                &[
                    string(env, &call.id)?,
                    string(env, &call.agent_id)?,
                    string(env, &call.to)?,
                    string(env, call.status.as_str())?,
                    date_or_null(env, call.started_at)?,
                    number_or_null(env, call.duration_seconds.map(|s| s as f64))?,
                    ToNapiValue::to_napi_value(env, &call.extra)?,
                    request_id,
                    limit,
                    remaining,
                    reset_at,
                ],
            )?;
            check(sys::napi_set_element(env, array, index as u32, value))?;
        }
    }
    Ok(array)
}

/// The values of a result's response: `[requestId, limit, remaining, resetAt]`.
unsafe fn meta(
    env: sys::napi_env,
    response: Option<&talkover::ResponseMeta>,
) -> Result<[sys::napi_value; 4]> {
    let request_id = response.and_then(|r| r.request_id.as_deref());
    let rate = response.and_then(|r| r.rate_limit);
    unsafe {
        let [limit, remaining, reset_at] = rate_limit_values(env, rate.as_ref())?;
        Ok([string_or_null(env, request_id)?, limit, remaining, reset_at])
    }
}

/// `[limit, remaining, resetAt]`: numbers and a `Date`, each `null` when unknown.
unsafe fn rate_limit_values(
    env: sys::napi_env,
    rate: Option<&talkover::RateLimit>,
) -> Result<[sys::napi_value; 3]> {
    let count = |n: Option<u64>| n.map(|n| n as f64);
    unsafe {
        Ok([
            number_or_null(env, rate.and_then(|r| count(r.limit)))?,
            number_or_null(env, rate.and_then(|r| count(r.remaining)))?,
            time_or_null(env, rate.and_then(|r| r.reset_at))?,
        ])
    }
}

/// A rate-limit state as the flat array `[limit, remaining, resetAt]`, for an error payload's
/// `rateLimit`.
pub(crate) unsafe fn rate_limit(
    env: sys::napi_env,
    rate: &talkover::RateLimit,
) -> Result<sys::napi_value> {
    unsafe { array(env, &rate_limit_values(env, Some(rate))?) }
}

/// A `Date` for a point in time, or `null`.
unsafe fn time_or_null(env: sys::napi_env, at: Option<SystemTime>) -> Result<sys::napi_value> {
    let Some(at) = at else {
        return unsafe { null(env) };
    };
    let ms = match at.duration_since(UNIX_EPOCH) {
        Ok(since) => since.as_secs_f64() * 1000.0,
        Err(before) => -before.duration().as_secs_f64() * 1000.0,
    };
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_create_date(env, ms.floor(), &mut value) })?;
    Ok(value)
}

/// The `EndedCall` of `endCall`: `(id, status, endedAt, endedReason, extra)`, then the
/// response.
pub(crate) unsafe fn ended_call(
    env: sys::napi_env,
    ended: &talkover::EndedCall,
) -> Result<sys::napi_value> {
    unsafe {
        let [request_id, limit, remaining, reset_at] = meta(env, ended.response())?;
        build(
            env,
            Model::EndedCall,
            &[
                string(env, &ended.id)?,
                string(env, ended.status.as_str())?,
                date_or_null(env, ended.ended_at)?,
                string_or_null(env, ended.ended_reason.as_deref())?,
                ToNapiValue::to_napi_value(env, &ended.extra)?,
                request_id,
                limit,
                remaining,
                reset_at,
            ],
        )
    }
}

/// The `PlacedCall` of `makeCall`: `(id, agentId, to, status, createdAt, extra)`, then the
/// response.
pub(crate) unsafe fn placed_call(
    env: sys::napi_env,
    placed: &talkover::PlacedCall,
) -> Result<sys::napi_value> {
    unsafe {
        let [request_id, limit, remaining, reset_at] = meta(env, placed.response())?;
        build(
            env,
            Model::PlacedCall,
            &[
                string(env, &placed.id)?,
                string_or_null(env, placed.agent_id.as_deref())?,
                string_or_null(env, placed.to.as_deref())?,
                string_or_null(env, placed.status.as_ref().map(|s| s.as_str()))?,
                date_or_null(env, placed.created_at)?,
                ToNapiValue::to_napi_value(env, &placed.extra)?,
                request_id,
                limit,
                remaining,
                reset_at,
            ],
        )
    }
}

/// The `CampaignCall` of `makeCampaignCall` (and a duplicate's `existingCall`): `(id,
/// campaignId, to, status, scheduledAt, createdAt, campaign, extra)`, then the response;
/// `campaign` is a `Campaign` built from `(id, name, status, extra)`, or `null`.
pub(crate) unsafe fn campaign_call(
    env: sys::napi_env,
    call: &talkover::CampaignCall,
) -> Result<sys::napi_value> {
    unsafe {
        let campaign = match &call.campaign {
            Some(c) => build(
                env,
                Model::Campaign,
                &[
                    string(env, &c.id)?,
                    string_or_null(env, c.name.as_deref())?,
                    string_or_null(env, c.status.as_deref())?,
                    ToNapiValue::to_napi_value(env, &c.extra)?,
                ],
            )?,
            None => null(env)?,
        };
        let [request_id, limit, remaining, reset_at] = meta(env, call.response())?;
        build(
            env,
            Model::CampaignCall,
            &[
                string(env, &call.id)?,
                string_or_null(env, call.campaign_id.as_deref())?,
                string_or_null(env, call.to.as_deref())?,
                string(env, call.status.as_str())?,
                date_or_null(env, call.scheduled_at)?,
                date_or_null(env, call.created_at)?,
                campaign,
                ToNapiValue::to_napi_value(env, &call.extra)?,
                request_id,
                limit,
                remaining,
                reset_at,
            ],
        )
    }
}

/// One `CallRecord` of a page: `(id, status, to, sid, toFormatted, from, fromFormatted,
/// isTesting, direction, duration, agent, createdAt, updatedAt, extra)`; `agent` is an
/// `AgentRef` built from `(id, name, label, extra)`, or `null`.
unsafe fn call_record(env: sys::napi_env, r: &talkover::CallRecord) -> Result<sys::napi_value> {
    unsafe {
        let agent = match &r.agent {
            Some(a) => build(
                env,
                Model::AgentRef,
                &[
                    string(env, &a.id)?,
                    string_or_null(env, a.name.as_deref())?,
                    string_or_null(env, a.label.as_deref())?,
                    ToNapiValue::to_napi_value(env, &a.extra)?,
                ],
            )?,
            None => null(env)?,
        };
        build(
            env,
            Model::CallRecord,
            &[
                string(env, &r.id)?,
                string(env, r.status.as_str())?,
                string(env, &r.to)?,
                string_or_null(env, r.sid.as_deref())?,
                string_or_null(env, r.to_formatted.as_deref())?,
                string_or_null(env, r.from.as_deref())?,
                string_or_null(env, r.from_formatted.as_deref())?,
                match r.is_testing {
                    Some(b) => boolean(env, b)?,
                    None => null(env)?,
                },
                string_or_null(env, r.direction.as_ref().map(|d| d.as_str()))?,
                number_or_null(env, r.duration.map(|n| n as f64))?,
                agent,
                date_or_null(env, r.created_at)?,
                date_or_null(env, r.updated_at)?,
                ToNapiValue::to_napi_value(env, &r.extra)?,
            ],
        )
    }
}

/// A `CallPage` of `listCalls`: `(items, number, hasMore, currentPage, lastPage, perPage,
/// total)`, `items` an array of `CallRecord`s, then the response.
pub(crate) unsafe fn call_page(
    env: sys::napi_env,
    page: &talkover::CallPage,
) -> Result<sys::napi_value> {
    let as_number = |n: Option<u64>| n.map(|n| n as f64);
    let mut items = ptr::null_mut();
    check(unsafe { sys::napi_create_array_with_length(env, page.items.len(), &mut items) })?;
    for (index, record) in page.items.iter().enumerate() {
        unsafe {
            let value = call_record(env, record)?;
            check(sys::napi_set_element(env, items, index as u32, value))?;
        }
    }
    let p = &page.pagination;
    unsafe {
        let [request_id, limit, remaining, reset_at] = meta(env, page.response())?;
        build(
            env,
            Model::CallPage,
            &[
                items,
                number(env, page.number as f64)?,
                boolean(env, page.has_more)?,
                number_or_null(env, as_number(p.current_page))?,
                number_or_null(env, as_number(p.last_page))?,
                number_or_null(env, as_number(p.per_page))?,
                number_or_null(env, as_number(p.total))?,
                request_id,
                limit,
                remaining,
                reset_at,
            ],
        )
    }
}
