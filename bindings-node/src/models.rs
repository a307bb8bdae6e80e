//! Results as JavaScript values: flat arrays that `src-ts/models.ts` shapes into objects.
//!
//! `activeCall` is the hot path. Setting seven named properties one by one through Node-API
//! walks V8's property-transition machinery seven times per call, which costs several times
//! more than filling array slots. So a result crosses as a flat array of field values in a
//! fixed order, and `src-ts/models.ts` builds the object literal from it, which V8 creates in
//! one step with a shared hidden class. Absent optional fields are `null`, as in the API's own
//! JSON; timestamps are `Date`s; fields this version does not know stay reachable under
//! `extra`. The run lengths are exported ([`CALL_FIELDS`], [`CALL_RECORD_FIELDS`],
//! [`META_FIELDS`]) and imported by `models.ts`, so the two sides cannot disagree.
//!
//! Every result's run ends with the [`META_FIELDS`] values of the response it came from
//! (`[requestId, limit, remaining, resetAt]`, each `null` when unknown), which `models.ts`
//! turns into the non-enumerable `_requestId` and `_rateLimit` properties: flat values, so
//! the metadata costs four array slots and no object on this side.
//!
//! The Python binding's `models.rs` wraps the same core models as frozen classes.

use std::ptr;
use std::time::{SystemTime, UNIX_EPOCH};

use napi::bindgen_prelude::ToNapiValue;
use napi::{sys, Result};
use napi_derive::napi;

use crate::convert::{
    array, boolean, check, date_or_null, null, number, number_or_null, string, string_or_null,
};

/// Values at the end of each result's run that describe the response it came from:
/// `[requestId, limit, remaining, resetAt]`, each `null` when the response did not say (and
/// all four for a value that came from no response, such as a duplicate's `existingCall`).
#[napi]
pub const META_FIELDS: u32 = 4;

/// Values per call in the flat array `activeCall` resolves with: `[id, agentId, to, status,
/// startedAt, durationSeconds, extra]`, then the [`META_FIELDS`] values.
#[napi]
pub const CALL_FIELDS: u32 = 7 + META_FIELDS;

/// Values per record in the flat array of a call page: `[id, status, to, sid, toFormatted,
/// from, fromFormatted, isTesting, direction, duration, agent, createdAt, updatedAt, extra]`.
#[napi]
pub const CALL_RECORD_FIELDS: u32 = 14;

/// The calls for `activeCall`, flattened, [`CALL_FIELDS`] values per call.
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread (as for every
/// function of this module).
pub(crate) unsafe fn calls(
    env: sys::napi_env,
    calls: &[talkover::Call],
) -> Result<sys::napi_value> {
    let mut array = ptr::null_mut();
    let len = calls.len() * CALL_FIELDS as usize;
    check(unsafe { sys::napi_create_array_with_length(env, len, &mut array) })?;
    let mut index = 0u32;
    let mut push = |value: sys::napi_value| {
        let status = unsafe { sys::napi_set_element(env, array, index, value) };
        index += 1;
        check(status)
    };
    for call in calls {
        unsafe {
            push(string(env, &call.id)?)?;
            push(string(env, &call.agent_id)?)?;
            push(string(env, &call.to)?)?;
            push(string(env, call.status.as_str())?)?;
            push(date_or_null(env, call.started_at)?)?;
            push(number_or_null(
                env,
                call.duration_seconds.map(|s| s as f64),
            )?)?;
            push(ToNapiValue::to_napi_value(env, &call.extra)?)?;
            for value in meta(env, call.response())? {
                push(value)?;
            }
        }
    }
    Ok(array)
}

/// The [`META_FIELDS`] values of a result's response: `[requestId, limit, remaining,
/// resetAt]`.
unsafe fn meta(
    env: sys::napi_env,
    response: Option<&talkover::ResponseMeta>,
) -> Result<[sys::napi_value; META_FIELDS as usize]> {
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

/// An ended call for `endCall`, flattened: `[id, status, endedAt, endedReason, extra]`, then
/// the [`META_FIELDS`] values.
pub(crate) unsafe fn ended_call(
    env: sys::napi_env,
    ended: &talkover::EndedCall,
) -> Result<sys::napi_value> {
    unsafe {
        let [request_id, limit, remaining, reset_at] = meta(env, ended.response())?;
        array(
            env,
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

/// A placed call for `makeCall`, flattened: `[id, agentId, to, status, createdAt, extra]`,
/// then the [`META_FIELDS`] values.
pub(crate) unsafe fn placed_call(
    env: sys::napi_env,
    placed: &talkover::PlacedCall,
) -> Result<sys::napi_value> {
    unsafe {
        let [request_id, limit, remaining, reset_at] = meta(env, placed.response())?;
        array(
            env,
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

/// A campaign call for `makeCampaignCall` (and a duplicate's `existingCall`), flattened:
/// `[id, campaignId, to, status, scheduledAt, createdAt, campaign, extra]`, `campaign` being
/// `[id, name, status, extra]` or `null`, then the [`META_FIELDS`] values.
pub(crate) unsafe fn campaign_call(
    env: sys::napi_env,
    call: &talkover::CampaignCall,
) -> Result<sys::napi_value> {
    unsafe {
        let campaign = match &call.campaign {
            Some(c) => array(
                env,
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
        array(
            env,
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

/// A page of `listCalls`, flattened: `[number, hasMore, currentPage, lastPage, perPage,
/// total, records]`, `records` holding [`CALL_RECORD_FIELDS`] values per call, then the
/// [`META_FIELDS`] values of the page's response.
pub(crate) unsafe fn call_page(
    env: sys::napi_env,
    page: &talkover::CallPage,
) -> Result<sys::napi_value> {
    let as_number = |n: Option<u64>| n.map(|n| n as f64);
    let mut records = Vec::with_capacity(page.items.len() * CALL_RECORD_FIELDS as usize);
    for r in &page.items {
        unsafe {
            let agent = match &r.agent {
                Some(a) => array(
                    env,
                    &[
                        string(env, &a.id)?,
                        string_or_null(env, a.name.as_deref())?,
                        string_or_null(env, a.label.as_deref())?,
                        ToNapiValue::to_napi_value(env, &a.extra)?,
                    ],
                )?,
                None => null(env)?,
            };
            records.extend([
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
                number_or_null(env, as_number(r.duration))?,
                agent,
                date_or_null(env, r.created_at)?,
                date_or_null(env, r.updated_at)?,
                ToNapiValue::to_napi_value(env, &r.extra)?,
            ]);
        }
    }
    let p = &page.pagination;
    unsafe {
        let [request_id, limit, remaining, reset_at] = meta(env, page.response())?;
        array(
            env,
            &[
                number(env, page.number as f64)?,
                boolean(env, page.has_more)?,
                number_or_null(env, as_number(p.current_page))?,
                number_or_null(env, as_number(p.last_page))?,
                number_or_null(env, as_number(p.per_page))?,
                number_or_null(env, as_number(p.total))?,
                array(env, &records)?,
                request_id,
                limit,
                remaining,
                reset_at,
            ],
        )
    }
}
