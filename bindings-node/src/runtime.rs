//! Running calls on the shared Tokio runtime, each with a JavaScript promise.
//!
//! [`spawn`] creates the promise, runs the task on napi-rs's shared Tokio runtime (every
//! client, thread and worker shares one set of runtime threads) and hands the outcome to the
//! calling thread's [`Bridge`], which settles the promise.
//!
//! Why every task carries a [`Pending`] guard: whatever ends the task (its result, an abort
//! from an `AbortSignal`, a panic), the guard still settles the promise, so none can hang.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::ptr;
use std::sync::Arc;

use futures_util::FutureExt;
use napi::{sys, Error, Result, Status};

use crate::bridge::Bridge;
use crate::errors;

/// How a task ended, carried to the JavaScript thread to become a settled promise.
pub(crate) enum Outcome {
    Calls(Vec<talkover::Call>),
    Ended(talkover::EndedCall),
    Failed(talkover::Error),
    /// The task was aborted (an `AbortSignal` fired) before it finished.
    Aborted,
    /// The task panicked: a bug, reported as a `TalkoverError`.
    Panicked,
}

/// Tracks one pending promise on a task. Dropped without [`Pending::settle`] (the task was
/// aborted or panicked), it still settles the promise.
struct Pending {
    bridge: Arc<Bridge>,
    deferred: sys::napi_deferred,
}

// SAFETY: see `Bridge`; the deferred is only handed back to the JavaScript thread.
unsafe impl Send for Pending {}

impl Pending {
    fn settle(mut self, outcome: Outcome) {
        let deferred = std::mem::replace(&mut self.deferred, ptr::null_mut());
        self.bridge.push(deferred, outcome);
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.deferred.is_null() {
            let deferred = std::mem::replace(&mut self.deferred, ptr::null_mut());
            self.bridge.push(deferred, Outcome::Aborted);
        }
    }
}

/// A promise settled by `task` on the shared runtime; `on_spawn` receives the task's abort
/// handle (how an `AbortSignal` drops the task, and with it the HTTP request).
pub(crate) fn spawn<F>(
    env: sys::napi_env,
    task: F,
    on_spawn: impl FnOnce(tokio::task::AbortHandle),
) -> Result<sys::napi_value>
where
    F: Future<Output = Outcome> + Send + 'static,
{
    let bridge = Bridge::current(env)?;
    let (deferred, promise) = create_promise(env)?;
    bridge.begin(env);
    let pending = Pending { bridge, deferred };
    let handle = napi::bindgen_prelude::spawn(async move {
        let outcome = AssertUnwindSafe(task)
            .catch_unwind()
            .await
            .unwrap_or(Outcome::Panicked);
        pending.settle(outcome);
    });
    on_spawn(handle.abort_handle());
    Ok(promise)
}

/// A promise already rejected with `err`: bad arguments fail without touching the runtime.
pub(crate) fn rejected(env: sys::napi_env, err: &talkover::Error) -> Result<sys::napi_value> {
    let (deferred, promise) = create_promise(env)?;
    let reason = unsafe { errors::payload(env, err) }?;
    check(unsafe { sys::napi_reject_deferred(env, deferred, reason) })?;
    Ok(promise)
}

fn create_promise(env: sys::napi_env) -> Result<(sys::napi_deferred, sys::napi_value)> {
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    check(unsafe { sys::napi_create_promise(env, &mut deferred, &mut promise) })?;
    Ok((deferred, promise))
}

/// A napi status as a `Result`.
pub(crate) fn check(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(
            Status::from(status),
            "a Node-API call failed".to_owned(),
        ))
    }
}
