//! The per-thread queue through which Tokio tasks settle JavaScript promises, in batches.
//!
//! napi-rs's `async fn` gives every call a thread-safe function of its own, that is a libuv
//! handle created, woken and closed once per promise. At tens of thousands of calls a second
//! that bookkeeping costs more than the HTTP request itself. Here each JavaScript thread (the
//! main thread or a worker) has one [`Bridge`]: a finished task pushes its [`Outcome`] onto a
//! queue, and the loop settles every queued promise in one turn.
//!
//! Why the wake-up is deferred until the Tokio worker runs out of work: waking the JavaScript
//! thread at the first finished call makes the kernel switch to it at once (on a busy machine
//! both threads often share a core), so it settles one promise, the worker resumes, finishes
//! the next call, and the two threads ping-pong once per request. The first outcome queued
//! instead spawns a small flush task that yields until the worker has polled everything else
//! that is ready ([`tokio::task::yield_now`] defers it past the next I/O poll), so one wake-up
//! carries every call that finished meanwhile.
//!
//! Why the bridge's thread-safe function is referenced only while calls are pending: a
//! referenced one keeps Node's event loop alive. Referenced while any promise is pending, the
//! process cannot exit under an unsettled call; unreferenced when the last one settles, an idle
//! client never holds the process open.

use std::cell::RefCell;
use std::ffi::c_void;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use napi::{sys, Result};

use crate::runtime::{check, Outcome};
use crate::{errors, models};

struct Completion {
    deferred: sys::napi_deferred,
    outcome: Outcome,
}

struct State {
    queue: Vec<Completion>,
    /// Null once Node has finalized the function (the environment is going away).
    tsfn: sys::napi_threadsafe_function,
    /// A flush is scheduled or the JavaScript thread was woken and has not drained yet.
    flush_pending: bool,
}

/// The per-JavaScript-thread queue of finished calls. See the module docs.
pub(crate) struct Bridge {
    state: Mutex<State>,
    /// Promises created and not yet settled. Only the JavaScript thread changes it.
    pending: AtomicUsize,
    open: AtomicBool,
    env: sys::napi_env,
}

// SAFETY: the raw napi handles inside are opaque tokens on other threads. `napi_deferred` and
// `napi_env` are only used on the JavaScript thread that created them (in `drain` and `begin`);
// the thread-safe function is the one napi object documented as callable from any thread, and
// it is only called under the state lock while Node has not finalized it.
unsafe impl Send for Bridge {}
unsafe impl Sync for Bridge {}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Bridge>>> = const { RefCell::new(None) };
}

impl Bridge {
    /// The bridge of the JavaScript thread running `env`, created on first use.
    pub(crate) fn current(env: sys::napi_env) -> Result<Arc<Bridge>> {
        CURRENT.with(|slot| {
            let mut slot = slot.borrow_mut();
            if let Some(bridge) = slot.as_ref() {
                if bridge.env == env && bridge.open.load(Ordering::Relaxed) {
                    return Ok(Arc::clone(bridge));
                }
            }
            let bridge = Bridge::create(env)?;
            *slot = Some(Arc::clone(&bridge));
            Ok(bridge)
        })
    }

    fn create(env: sys::napi_env) -> Result<Arc<Bridge>> {
        let bridge = Arc::new(Bridge {
            state: Mutex::new(State {
                queue: Vec::new(),
                tsfn: ptr::null_mut(),
                flush_pending: false,
            }),
            pending: AtomicUsize::new(0),
            open: AtomicBool::new(false),
            env,
        });
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
        bridge.lock().tsfn = tsfn;
        bridge.open.store(true, Ordering::Relaxed);
        Ok(bridge)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts a new pending promise; the first one keeps the event loop alive.
    pub(crate) fn begin(&self, env: sys::napi_env) {
        if self.pending.fetch_add(1, Ordering::Relaxed) == 0 {
            let tsfn = self.lock().tsfn;
            if !tsfn.is_null() {
                unsafe { sys::napi_ref_threadsafe_function(env, tsfn) };
            }
        }
    }

    /// Queues an outcome from any thread; the first one since the last drain schedules a flush.
    pub(crate) fn push(self: &Arc<Self>, deferred: sys::napi_deferred, outcome: Outcome) {
        {
            let mut state = self.lock();
            state.queue.push(Completion { deferred, outcome });
            if state.flush_pending {
                return;
            }
            state.flush_pending = true;
        }
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let bridge = Arc::clone(self);
                runtime.spawn(async move {
                    tokio::task::yield_now().await;
                    bridge.wake();
                });
            }
            // Outside the runtime (a task dropped while it shuts down): wake at once.
            Err(_) => self.wake(),
        }
    }

    /// Wakes the JavaScript thread to drain the queue.
    fn wake(&self) {
        let mut state = self.lock();
        if state.tsfn.is_null() {
            return;
        }
        let status = unsafe {
            sys::napi_call_threadsafe_function(
                state.tsfn,
                ptr::null_mut(),
                sys::ThreadsafeFunctionCallMode::nonblocking,
            )
        };
        // Anything but success means the environment is closing: nothing will be settled.
        if status != sys::Status::napi_ok {
            state.flush_pending = false;
        }
    }

    /// Settles every queued promise. Runs on the JavaScript thread.
    fn drain(&self, env: sys::napi_env) {
        let (batch, tsfn) = {
            let mut state = self.lock();
            state.flush_pending = false;
            (std::mem::take(&mut state.queue), state.tsfn)
        };
        let settled = batch.len();
        for completion in batch {
            unsafe { settle(env, completion) };
        }
        if settled > 0 && self.pending.fetch_sub(settled, Ordering::Relaxed) == settled {
            unsafe { sys::napi_unref_threadsafe_function(env, tsfn) };
        }
    }
}

/// Resolves or rejects one promise with its outcome, converted in a scope of its own.
unsafe fn settle(env: sys::napi_env, completion: Completion) {
    let mut scope = ptr::null_mut();
    unsafe { sys::napi_open_handle_scope(env, &mut scope) };
    let converted = unsafe {
        match &completion.outcome {
            Outcome::Calls(calls) => models::calls(env, calls).map(Ok),
            Outcome::Ended(ended) => models::ended_call(env, ended).map(Ok),
            Outcome::Failed(err) => errors::payload(env, err).map(Err),
            Outcome::Aborted => errors::aborted(env).map(Err),
            Outcome::Panicked => errors::internal(env, "a panic in the native module").map(Err),
        }
    };
    let deferred = completion.deferred;
    unsafe {
        match converted {
            Ok(Ok(value)) => sys::napi_resolve_deferred(env, deferred, value),
            Ok(Err(reason)) => sys::napi_reject_deferred(env, deferred, reason),
            Err(err) => {
                // A conversion failed (out of memory, a terminating worker): clear whatever it
                // left pending and still settle the promise.
                let mut ignored = ptr::null_mut();
                sys::napi_get_and_clear_last_exception(env, &mut ignored);
                let message = format!("could not convert the result: {}", err.reason);
                match errors::internal(env, &message) {
                    Ok(reason) => sys::napi_reject_deferred(env, deferred, reason),
                    Err(_) => sys::napi_reject_deferred(env, deferred, ignored),
                }
            }
        };
        sys::napi_close_handle_scope(env, scope);
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
    bridge.drain(env);
}

unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    let bridge = unsafe { Arc::from_raw(data as *const Bridge) };
    bridge.open.store(false, Ordering::Relaxed);
    let abandoned = {
        let mut state = bridge.lock();
        state.tsfn = ptr::null_mut();
        std::mem::take(&mut state.queue)
    };
    // The environment is going away: its promises can no longer be settled.
    drop(abandoned);
    let _ = CURRENT.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            if slot.as_ref().is_some_and(|b| Arc::ptr_eq(b, &bridge)) {
                *slot = None;
            }
        }
    });
}
