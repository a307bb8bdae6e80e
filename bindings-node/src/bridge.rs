//! How a request started from a JavaScript thread comes back to it: one promise per call,
//! settled in batches, per JavaScript thread.
//!
//! napi-rs's `async fn` gives every call a thread-safe function of its own, that is a libuv
//! handle created, woken and closed once per promise. At tens of thousands of calls a second
//! that bookkeeping costs more than the HTTP request itself. Here each JavaScript thread (the
//! main thread or a worker) has one [`Bridge`]: a finished task pushes its outcome onto the
//! bridge's queue, and the thread settles every queued promise in one turn. The queue and its
//! batching policy (when a runtime worker wakes the thread) are shared with the Python binding
//! (see `talkover_bindings_common::queue`); this file says how a JavaScript thread is woken
//! ([`JsThread`]: one `napi_call_threadsafe_function`) and starts the calls ([`spawn`]).
//!
//! Why every task carries a [`Pending`] guard: whatever ends the task (its result, an abort
//! from an `AbortSignal`, a panic), the guard still settles the promise, so none can hang.
//!
//! Why the bridge's thread-safe function is referenced only while calls are pending: a
//! referenced one keeps Node's event loop alive. Referenced while any promise is pending, the
//! process cannot exit under an unsettled call; unreferenced when the last one settles, an idle
//! client never holds the process open.

use std::cell::RefCell;
use std::ffi::c_void;
use std::future::Future;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use napi::{sys, Result};
use talkover_bindings_common::{guarded, Completions, Outcome, Wake};

use crate::convert::check;
use crate::outcome::settle;

/// A finished call: the promise to settle and what to settle it with.
pub(crate) struct Completion {
    deferred: sys::napi_deferred,
    outcome: Outcome,
}

// SAFETY: the deferred is an opaque token on other threads; it is only used on the
// JavaScript thread that created it (in `drain`).
unsafe impl Send for Completion {}

/// The per-JavaScript-thread queue of finished calls. See the module docs.
pub(crate) type Bridge = Completions<Completion, JsThread>;

/// One JavaScript thread, as its bridge sees it: how to wake it, and its pending promises.
pub(crate) struct JsThread {
    /// Null once Node has finalized the function (the environment is going away).
    tsfn: Mutex<sys::napi_threadsafe_function>,
    /// Promises created and not yet settled. Only the JavaScript thread changes it.
    pending: AtomicUsize,
    open: AtomicBool,
    env: sys::napi_env,
}

// SAFETY: the raw napi handles inside are opaque tokens on other threads. `napi_env` is only
// used on the JavaScript thread that created it (in `drain` and `begin`); the thread-safe
// function is the one napi object documented as callable from any thread, and it is only
// called under its lock while Node has not finalized it.
unsafe impl Send for JsThread {}
unsafe impl Sync for JsThread {}

impl JsThread {
    fn tsfn(&self) -> MutexGuard<'_, sys::napi_threadsafe_function> {
        self.tsfn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Wake for JsThread {
    fn wake(&self) {
        let tsfn = self.tsfn();
        if tsfn.is_null() {
            return;
        }
        // Anything but success means the environment is closing: nothing will be settled,
        // so the status is not worth acting on.
        unsafe {
            sys::napi_call_threadsafe_function(
                *tsfn,
                ptr::null_mut(),
                sys::ThreadsafeFunctionCallMode::nonblocking,
            )
        };
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Bridge>>> = const { RefCell::new(None) };
}

/// The bridge of the JavaScript thread running `env`, created on first use.
fn current(env: sys::napi_env) -> Result<Arc<Bridge>> {
    CURRENT.with(|slot| {
        let mut slot = slot.borrow_mut();
        if let Some(bridge) = slot.as_ref() {
            let thread = bridge.waker();
            if thread.env == env && thread.open.load(Ordering::Relaxed) {
                return Ok(Arc::clone(bridge));
            }
        }
        let bridge = create(env)?;
        *slot = Some(Arc::clone(&bridge));
        Ok(bridge)
    })
}

fn create(env: sys::napi_env) -> Result<Arc<Bridge>> {
    let bridge = Arc::new(Bridge::new(JsThread {
        tsfn: Mutex::new(ptr::null_mut()),
        pending: AtomicUsize::new(0),
        open: AtomicBool::new(false),
        env,
    }));
    let name = c"talkover";
    let mut js_name = ptr::null_mut();
    check(unsafe { sys::napi_create_string_utf8(env, name.as_ptr(), 8, &mut js_name) })?;
    // The function owns one strong count, given back in `finalize`.
    let context = Arc::into_raw(Arc::clone(&bridge)) as *mut c_void;
    let mut tsfn = ptr::null_mut();
    let status = unsafe {
        sys::napi_create_threadsafe_function(
            env,
            ptr::null_mut(),
            ptr::null_mut(),
            js_name,
            0,
            1,
            context,
            Some(finalize),
            context,
            Some(call_js),
            &mut tsfn,
        )
    };
    if let Err(err) = check(status) {
        drop(unsafe { Arc::from_raw(context as *const Bridge) });
        return Err(err);
    }
    check(unsafe { sys::napi_unref_threadsafe_function(env, tsfn) })?;
    *bridge.waker().tsfn() = tsfn;
    bridge.waker().open.store(true, Ordering::Relaxed);
    Ok(bridge)
}

/// Counts a new pending promise; the first one keeps the event loop alive.
fn begin(bridge: &Bridge, env: sys::napi_env) {
    let thread = bridge.waker();
    if thread.pending.fetch_add(1, Ordering::Relaxed) == 0 {
        let tsfn = *thread.tsfn();
        if !tsfn.is_null() {
            unsafe { sys::napi_ref_threadsafe_function(env, tsfn) };
        }
    }
}

/// Settles every queued promise. Runs on the JavaScript thread.
fn drain(bridge: &Bridge, env: sys::napi_env) {
    let batch = bridge.take();
    let settled = batch.len();
    for Completion { deferred, outcome } in batch {
        unsafe { settle(env, deferred, outcome) };
    }
    let thread = bridge.waker();
    if settled > 0 && thread.pending.fetch_sub(settled, Ordering::Relaxed) == settled {
        let tsfn = *thread.tsfn();
        if !tsfn.is_null() {
            unsafe { sys::napi_unref_threadsafe_function(env, tsfn) };
        }
    }
}

unsafe extern "C" fn call_js(
    env: sys::napi_env,
    _js_callback: sys::napi_value,
    context: *mut c_void,
    _data: *mut c_void,
) {
    // A null env means Node is tearing the function down with wakes still queued.
    if env.is_null() || context.is_null() {
        return;
    }
    let bridge = unsafe { &*(context as *const Bridge) };
    drain(bridge, env);
}

unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    let bridge = unsafe { Arc::from_raw(data as *const Bridge) };
    bridge.waker().open.store(false, Ordering::Relaxed);
    *bridge.waker().tsfn() = ptr::null_mut();
    // The environment is going away: its promises can no longer be settled.
    drop(bridge.take());
    let _ = CURRENT.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            if slot.as_ref().is_some_and(|b| Arc::ptr_eq(b, &bridge)) {
                *slot = None;
            }
        }
    });
}

/// Tracks one pending promise on a task. Dropped without [`Pending::complete`] (the task was
/// aborted, or the runtime stopped), it still settles the promise, with
/// [`Outcome::Stopped`].
struct Pending {
    bridge: Arc<Bridge>,
    deferred: sys::napi_deferred,
}

// SAFETY: see `Completion`; the deferred is only handed back to the JavaScript thread.
unsafe impl Send for Pending {}

impl Pending {
    fn complete(&mut self, outcome: Outcome) {
        let deferred = std::mem::replace(&mut self.deferred, ptr::null_mut());
        if !deferred.is_null() {
            self.bridge.push(Completion { deferred, outcome });
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.complete(Outcome::Stopped);
    }
}

/// Starts `task` on the runtime for the calling JavaScript thread: returns the promise that
/// will hold its result; `on_spawn` receives the task's abort handle (how an `AbortSignal`
/// drops the task, and with it the HTTP request).
pub(crate) fn spawn<F>(
    env: sys::napi_env,
    task: F,
    on_spawn: impl FnOnce(tokio::task::AbortHandle),
) -> Result<sys::napi_value>
where
    F: Future<Output = Outcome> + Send + 'static,
{
    let bridge = current(env)?;
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    check(unsafe { sys::napi_create_promise(env, &mut deferred, &mut promise) })?;
    begin(&bridge, env);
    let mut pending = Pending { bridge, deferred };
    let handle = napi::bindgen_prelude::spawn(async move {
        let outcome = guarded(task).await;
        pending.complete(outcome);
    });
    on_spawn(handle.abort_handle());
    Ok(promise)
}
