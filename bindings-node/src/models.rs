//! Results as JavaScript values, built directly with Node-API (never JSON text parsed again).
//!
//! `activeCall` is the hot path. Setting seven named properties one by one through Node-API
//! walks V8's property-transition machinery seven times per call, which costs several times
//! more than filling array slots. So a result crosses as a flat array of field values in a
//! fixed order, and `src-ts/models.ts` builds the object literal from it, which V8 creates in
//! one step with a shared hidden class. Absent optional fields are `null`, as in the API's own
//! JSON; timestamps are `Date`s; fields this version does not know stay reachable under
//! `extra`.

use std::ffi::CStr;
use std::ptr;

use napi::bindgen_prelude::ToNapiValue;
use napi::{sys, Result};

use crate::runtime::check;

/// Fields per call in the array [`calls`] returns.
pub(crate) const CALL_FIELDS: usize = 7;

/// The calls for `activeCall`, flattened: `[id, agentId, to, status, startedAt,
/// durationSeconds, extra, id, ...]`, [`CALL_FIELDS`] values per call. `src-ts/models.ts`
/// turns each run into a `Call` object literal.
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread.
pub(crate) unsafe fn calls(
    env: sys::napi_env,
    calls: &[talkover::Call],
) -> Result<sys::napi_value> {
    let mut array = ptr::null_mut();
    let len = calls.len() * CALL_FIELDS;
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
            push(match call.duration_seconds {
                Some(secs) => number(env, secs as f64)?,
                None => null(env)?,
            })?;
            push(ToNapiValue::to_napi_value(env, &call.extra)?)?;
        }
    }
    Ok(array)
}

/// An ended call for `endCall`, flattened: `[id, status, endedAt, endedReason, extra]`.
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread.
pub(crate) unsafe fn ended_call(
    env: sys::napi_env,
    ended: &talkover::EndedCall,
) -> Result<sys::napi_value> {
    let mut array = ptr::null_mut();
    check(unsafe { sys::napi_create_array_with_length(env, 5, &mut array) })?;
    let values = unsafe {
        [
            string(env, &ended.id)?,
            string(env, ended.status.as_str())?,
            date_or_null(env, ended.ended_at)?,
            match &ended.ended_reason {
                Some(reason) => string(env, reason)?,
                None => null(env)?,
            },
            ToNapiValue::to_napi_value(env, &ended.extra)?,
        ]
    };
    for (index, value) in values.into_iter().enumerate() {
        check(unsafe { sys::napi_set_element(env, array, index as u32, value) })?;
    }
    Ok(array)
}

/// A new empty object.
pub(crate) unsafe fn object(env: sys::napi_env) -> Result<sys::napi_value> {
    let mut obj = ptr::null_mut();
    check(unsafe { sys::napi_create_object(env, &mut obj) })?;
    Ok(obj)
}

/// Sets `obj[name] = value`.
pub(crate) unsafe fn set(
    env: sys::napi_env,
    obj: sys::napi_value,
    name: &CStr,
    value: sys::napi_value,
) -> Result<()> {
    check(unsafe { sys::napi_set_named_property(env, obj, name.as_ptr(), value) })
}

pub(crate) unsafe fn string(env: sys::napi_env, s: &str) -> Result<sys::napi_value> {
    let mut value = ptr::null_mut();
    check(unsafe {
        sys::napi_create_string_utf8(env, s.as_ptr().cast(), s.len() as isize, &mut value)
    })?;
    Ok(value)
}

pub(crate) unsafe fn number(env: sys::napi_env, n: f64) -> Result<sys::napi_value> {
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_create_double(env, n, &mut value) })?;
    Ok(value)
}

pub(crate) unsafe fn null(env: sys::napi_env) -> Result<sys::napi_value> {
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_get_null(env, &mut value) })?;
    Ok(value)
}

unsafe fn date_or_null(
    env: sys::napi_env,
    at: Option<talkover::chrono::DateTime<talkover::chrono::Utc>>,
) -> Result<sys::napi_value> {
    let Some(at) = at else {
        return unsafe { null(env) };
    };
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_create_date(env, at.timestamp_millis() as f64, &mut value) })?;
    Ok(value)
}
