//! What an operation produced, as the value a promise resolves with or the reason it
//! rejects with.
//!
//! The outcome type and the panic guard are shared with the Python binding
//! (`talkover_bindings_common::outcome`): runtime workers never touch a Node-API environment,
//! so they hand over plain Rust values, and the JavaScript values are built here, on the
//! JavaScript thread, when its bridge drains (see `bridge.rs`).

use std::ptr;

use napi::{sys, Result};
use talkover_bindings_common::Outcome;

use crate::{errors, models};

/// The JavaScript value of an outcome: `Ok` to resolve with, `Err` to reject with.
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread.
unsafe fn convert(
    env: sys::napi_env,
    outcome: &Outcome,
) -> Result<std::result::Result<sys::napi_value, sys::napi_value>> {
    unsafe {
        match outcome {
            Outcome::Calls(calls) => models::calls(env, calls).map(Ok),
            Outcome::Ended(ended) => models::ended_call(env, ended).map(Ok),
            Outcome::Placed(placed) => models::placed_call(env, placed).map(Ok),
            Outcome::CampaignCall(call) => models::campaign_call(env, call).map(Ok),
            Outcome::Page(page) => models::call_page(env, page).map(Ok),
            Outcome::Failed(err) => errors::payload(env, err).map(Err),
            Outcome::Stopped => errors::aborted(env).map(Err),
            Outcome::Panicked(message) => errors::internal(env, message).map(Err),
        }
    }
}

/// Resolves or rejects one promise with its outcome, converted in a handle scope of its own.
///
/// # Safety
/// `env` must be the live environment of the JavaScript thread that created `deferred`.
pub(crate) unsafe fn settle(env: sys::napi_env, deferred: sys::napi_deferred, outcome: Outcome) {
    let mut scope = ptr::null_mut();
    unsafe { sys::napi_open_handle_scope(env, &mut scope) };
    let converted = unsafe { convert(env, &outcome) };
    unsafe {
        match converted {
            Ok(Ok(value)) => sys::napi_resolve_deferred(env, deferred, value),
            Ok(Err(reason)) => sys::napi_reject_deferred(env, deferred, reason),
            Err(err) => {
                // A conversion failed (out of memory, a terminating worker): clear whatever it
                // left pending and still settle the promise.
                let mut ignored = ptr::null_mut();
                sys::napi_get_and_clear_last_exception(env, &mut ignored);
                let message = format!(
                    "internal error in the talkover native module: could not convert the result: {}",
                    err.reason
                );
                match errors::internal(env, &message) {
                    Ok(reason) => sys::napi_reject_deferred(env, deferred, reason),
                    Err(_) => sys::napi_reject_deferred(env, deferred, ignored),
                }
            }
        };
        sys::napi_close_handle_scope(env, scope);
    }
}
