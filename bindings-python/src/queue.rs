//! The hand-over queue between runtime workers and one event loop, and its wake-ups.
//!
//! A worker that finishes a request pushes the plain Rust outcome here, without the GIL,
//! and makes sure the loop gets woken: by one byte on a socket pair the loop watches (or,
//! where loops cannot watch sockets, one `call_soon_threadsafe`), written only when the
//! queue goes from empty to not empty. The loop then takes everything at once.
//!
//! A worker does not even write its byte at once: it notes which loops have news and writes
//! when it runs out of work (Tokio's `on_thread_park`), or when a loop has waited
//! [`MAX_DEFER`] or has [`MAX_BATCH`] results waiting. Waking the interpreter mid-burst would
//! hand it one result at a time and, on a machine where both share a core, preempt the
//! worker once per request.

use crate::outcome::Outcome;
use pyo3::prelude::*;
use std::cell::RefCell;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

#[cfg(unix)]
use std::io::Write;
#[cfg(unix)]
use std::os::unix::net::UnixStream;

/// Longest a worker keeps a finished result from its loop while it has other work.
const MAX_DEFER: Duration = Duration::from_micros(200);
/// A loop with this many results waiting is woken at once.
const MAX_BATCH: usize = 64;

/// Loops a worker thread owes a wake-up, oldest first.
struct Deferred {
    /// Set once the thread has parked: only runtime workers park, and only they flush.
    worker: bool,
    since: Option<Instant>,
    bridges: Vec<Arc<Shared>>,
}

impl Deferred {
    fn flush(&mut self) {
        self.since = None;
        for shared in self.bridges.drain(..) {
            shared.wake();
        }
    }
}

thread_local! {
    static DEFERRED: RefCell<Deferred> = const {
        RefCell::new(Deferred { worker: false, since: None, bridges: Vec::new() })
    };
}

/// Tokio's `on_thread_park` hook: a worker out of work wakes every loop it owes.
pub(crate) fn before_park() {
    DEFERRED.with(|d| {
        let mut d = d.borrow_mut();
        d.worker = true;
        d.flush();
    });
}

/// A finished request: the asyncio future waiting for it and what to put in it.
pub(crate) struct Completion {
    pub(crate) future: Py<PyAny>,
    pub(crate) outcome: Outcome,
}

/// How a loop is told that its queue has something.
pub(crate) enum Waker {
    #[cfg(unix)]
    Socket(UnixStream),
    Threadsafe {
        call_soon_threadsafe: Py<PyAny>,
        drain: Py<PyAny>,
    },
}

/// One loop's queue. Shared by its `LoopBridge` and every request in flight for it.
pub(crate) struct Shared {
    queue: Mutex<Vec<Completion>>,
    waker: OnceLock<Waker>,
}

impl Shared {
    pub(crate) fn new() -> Shared {
        Shared {
            queue: Mutex::new(Vec::new()),
            waker: OnceLock::new(),
        }
    }

    /// Sets how the loop is woken; done once, right after the loop agreed to it.
    pub(crate) fn set_waker(&self, waker: Waker) {
        let _ = self.waker.set(waker);
    }

    /// Queues a finished request and arranges the loop's wake-up.
    pub(crate) fn push(self: &Arc<Self>, completion: Completion) {
        let waiting = {
            let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            queue.push(completion);
            queue.len()
        };
        let deferred = DEFERRED.try_with(|d| {
            let mut d = d.borrow_mut();
            if !d.worker {
                return false;
            }
            if waiting == 1 {
                d.since.get_or_insert_with(Instant::now);
                d.bridges.push(Arc::clone(self));
            }
            let overdue = d.since.is_some_and(|t| t.elapsed() >= MAX_DEFER);
            if waiting >= MAX_BATCH || overdue {
                d.flush();
            }
            true
        });
        // Not a worker (or a thread being torn down): nobody would flush later.
        if waiting == 1 && deferred != Ok(true) {
            self.wake();
        }
    }

    fn wake(&self) {
        match self.waker.get() {
            #[cfg(unix)]
            Some(Waker::Socket(socket)) => {
                // A full socket buffer means a wake-up is already pending.
                let _ = (&*socket).write(&[1]);
            }
            Some(Waker::Threadsafe {
                call_soon_threadsafe,
                drain,
            }) => {
                // `try_attach` refuses during interpreter shutdown instead of crashing.
                Python::try_attach(|py| {
                    let _ = call_soon_threadsafe.call1(py, (drain.clone_ref(py),));
                });
            }
            None => {}
        }
    }

    /// Everything queued so far.
    pub(crate) fn take(&self) -> Vec<Completion> {
        std::mem::take(&mut *self.queue.lock().unwrap_or_else(PoisonError::into_inner))
    }
}
