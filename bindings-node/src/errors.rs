//! Failures cross into JavaScript as plain payload objects; `src-ts/errors.ts` turns each into
//! an instance of the right `Error` subclass.
//!
//! Node-API cannot construct a JavaScript class defined in the package's own JavaScript, and
//! an error built here would carry a stack from nowhere. So the core decides the class
//! ([`talkover::ErrorKind::class_name`]) and this module copies the structured fields into a
//! payload `{ kind, message, status?, code?, requestId?, body?, retryAfter? }`; the
//! TypeScript layer rebuilds the error where the caller awaits it, so its stack points there.
//!
//! The token never reaches a payload: core errors never contain it.

use napi::{sys, Error, Result, Status};

use crate::models::{number, object, set, string};

/// `kind` of a payload for a call whose `AbortSignal` fired; JavaScript rejects with
/// `signal.reason` instead.
const ABORTED: &str = "AbortError";
/// `kind` of a payload that is not a core error: a bug, reported as the base class.
const INTERNAL: &str = "TalkoverError";

/// The payload for a core error.
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread.
pub(crate) unsafe fn payload(env: sys::napi_env, err: &talkover::Error) -> Result<sys::napi_value> {
    let obj = unsafe { base(env, err.kind().class_name(), &err.to_string()) }?;
    unsafe {
        if let Some(status) = err.status() {
            set(env, obj, c"status", number(env, f64::from(status))?)?;
        }
        if let Some(code) = err.code() {
            set(env, obj, c"code", string(env, code)?)?;
        }
        if let Some(request_id) = err.request_id() {
            set(env, obj, c"requestId", string(env, request_id)?)?;
        }
        if let Some(body) = err.body_value() {
            let body = napi::bindgen_prelude::ToNapiValue::to_napi_value(env, body)?;
            set(env, obj, c"body", body)?;
        }
        if let Some(retry_after) = err.retry_after() {
            set(
                env,
                obj,
                c"retryAfter",
                number(env, retry_after.as_secs_f64())?,
            )?;
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

/// The payload for a failure that is a bug in this package, never the user's doing.
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread.
pub(crate) unsafe fn internal(env: sys::napi_env, what: &str) -> Result<sys::napi_value> {
    let message = format!("internal error in the talkover native module: {what}");
    unsafe { base(env, INTERNAL, &message) }
}

/// Throws the payload for `err` synchronously (from a constructor) and returns the error that
/// tells napi-rs an exception is already pending.
pub(crate) fn throw(env: sys::napi_env, err: &talkover::Error) -> Error {
    match unsafe { payload(env, err) } {
        Ok(value) if unsafe { sys::napi_throw(env, value) } == sys::Status::napi_ok => {
            Error::new(Status::PendingException, err.to_string())
        }
        _ => Error::new(Status::GenericFailure, err.to_string()),
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
