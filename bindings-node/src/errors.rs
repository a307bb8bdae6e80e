//! Failures cross into JavaScript as plain payload objects; `src-ts/error-base.ts` turns each
//! into an instance of the right `Error` subclass (generated into `src-ts/errors.ts` from the
//! core's catalogue).
//!
//! Node-API cannot construct a JavaScript class defined in the package's own JavaScript, and
//! an error built here would carry a stack from nowhere. So the core decides the class
//! ([`talkover::ErrorKind::class_name`]) and this module copies the structured fields into a
//! payload `{ kind, message, status?, code?, requestId?, body?, retryAfter?, fieldErrors?,
//! existingCall?, mayHaveSucceeded?, param?, headers?, rateLimit? }` (`headers` being the
//! response's, lower-case names; `rateLimit` the flat `[limit, remaining, resetAt]` of
//! `models.rs`); the TypeScript layer rebuilds the error where the caller awaits it, so its
//! stack points there.
//!
//! The core names the argument at fault in neutral words (`agent_id`, `timeout`); this
//! module names it as JavaScript callers wrote it (`agentId`, `timeoutMs`), see [`js_name`].
//!
//! The token never reaches a payload: core errors never contain it.

use std::ffi::CStr;

use napi::bindgen_prelude::ToNapiValue;
use napi::{sys, Error, Result, Status};

use crate::convert::{boolean, number, object, set, string};
use crate::models;

/// `kind` of a payload for a call whose `AbortSignal` fired; JavaScript rejects with
/// `signal.reason` instead.
const ABORTED: &str = "AbortError";
/// `kind` of a payload that is not a core error: a bug, reported as the base class.
const INTERNAL: &str = "TalkoverError";

/// The name of one of the core's arguments as a JavaScript caller wrote it: camelCase, and
/// milliseconds where the core takes seconds: `agent_id` is `agentId`, `timeout` is
/// `timeoutMs`. (`__test__/arguments.test.mjs` checks the names users see.)
pub(crate) fn js_name(param: &str) -> String {
    match param {
        // Node callers give every duration in milliseconds.
        "timeout" => "timeoutMs".to_owned(),
        "connect_timeout" => "connectTimeoutMs".to_owned(),
        other => camel_case(other),
    }
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The error's text: for bad input, `invalid <argument>: <reason>` in JavaScript's words;
/// otherwise the core's description.
fn text(err: &talkover::Error) -> String {
    match err.param() {
        Some(param) => format!("invalid {}: {}", js_name(param), err.message()),
        None => err.to_string(),
    }
}

/// The payload for a core error.
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread.
pub(crate) unsafe fn payload(env: sys::napi_env, err: &talkover::Error) -> Result<sys::napi_value> {
    let obj = unsafe { base(env, err.kind().class_name(), &text(err)) }?;
    let put = |name: &CStr, value: sys::napi_value| unsafe { set(env, obj, name, value) };
    unsafe {
        if let Some(status) = err.status() {
            put(c"status", number(env, f64::from(status))?)?;
        }
        if let Some(code) = err.code() {
            put(c"code", string(env, code)?)?;
        }
        if let Some(request_id) = err.request_id() {
            put(c"requestId", string(env, request_id)?)?;
        }
        if let Some(body) = err.body_value() {
            put(c"body", ToNapiValue::to_napi_value(env, body)?)?;
        }
        if let Some(retry_after) = err.retry_after() {
            put(c"retryAfter", number(env, retry_after.as_secs_f64())?)?;
        }
        if !err.field_errors().is_empty() {
            let fields = object(env)?;
            for (field, messages) in err.field_errors() {
                let key = string(env, field)?;
                let value = ToNapiValue::to_napi_value(env, messages.clone())?;
                crate::convert::check(sys::napi_set_property(env, fields, key, value))?;
            }
            put(c"fieldErrors", fields)?;
        }
        if let Some(call) = err.existing_call() {
            put(c"existingCall", models::campaign_call(env, call)?)?;
        }
        if err.may_have_succeeded() {
            put(c"mayHaveSucceeded", boolean(env, true)?)?;
        }
        if let Some(param) = err.param() {
            put(c"param", string(env, &js_name(param))?)?;
        }
        if !err.headers().is_empty() {
            put(c"headers", headers(env, err.headers())?)?;
        }
        if let Some(rate_limit) = err.rate_limit() {
            put(c"rateLimit", models::rate_limit(env, &rate_limit)?)?;
        }
    }
    Ok(obj)
}

/// Response headers as an object of lower-case names (the core joined a repeated one).
unsafe fn headers(env: sys::napi_env, pairs: &[(String, String)]) -> Result<sys::napi_value> {
    let obj = unsafe { object(env) }?;
    for (name, value) in pairs {
        unsafe {
            let key = string(env, name)?;
            let value = string(env, value)?;
            crate::convert::check(sys::napi_set_property(env, obj, key, value))?;
        }
    }
    Ok(obj)
}

/// The payload for a call aborted through its `AbortSignal`.
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread.
pub(crate) unsafe fn aborted(env: sys::napi_env) -> Result<sys::napi_value> {
    unsafe { base(env, ABORTED, "the request was aborted") }
}

/// The payload for a failure that is a bug in this package, never the user's doing;
/// `message` says so already (see `talkover_bindings_common::panic_message`).
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread.
pub(crate) unsafe fn internal(env: sys::napi_env, message: &str) -> Result<sys::napi_value> {
    unsafe { base(env, INTERNAL, message) }
}

/// Throws the payload for `err` synchronously (from a constructor) and returns the error that
/// tells napi-rs an exception is already pending.
pub(crate) fn throw(env: sys::napi_env, err: &talkover::Error) -> Error {
    match unsafe { payload(env, err) } {
        Ok(value) if unsafe { sys::napi_throw(env, value) } == sys::Status::napi_ok => {
            Error::new(Status::PendingException, text(err))
        }
        _ => Error::new(Status::GenericFailure, text(err)),
    }
}

unsafe fn base(env: sys::napi_env, kind: &str, message: &str) -> Result<sys::napi_value> {
    let obj = unsafe { object(env) }?;
    unsafe {
        set(env, obj, c"kind", string(env, kind)?)?;
        set(env, obj, c"message", string(env, message)?)?;
    }
    Ok(obj)
}
