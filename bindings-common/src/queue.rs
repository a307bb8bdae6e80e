//! The hand-over queue between runtime workers and one waiting thread, and its wake-ups.
//!
//! A worker that finishes a request pushes the plain Rust result onto the [`Completions`] of
//! the thread waiting for it (an asyncio loop, a JavaScript thread), without touching that
//! thread's language, and makes sure the thread gets woken: once, when the queue goes from
//! empty to not empty. The woken thread then takes everything at once, so under load one
//! wake-up delivers dozens of results. How a thread is woken is the binding's business (a
//! byte on a socket pair, `call_soon_threadsafe`, `napi_call_threadsafe_function`): it
//! implements [`Wake`].
//!
//! A worker does not even wake the thread at once: it notes which queues have news and wakes
//! them when it runs out of work (Tokio's `on_thread_park`, see [`before_park`]), or when a
//! queue has waited [`MAX_DEFER`] or has [`MAX_BATCH`] results waiting. Waking the waiting
//! thread at the first finished request makes the kernel switch to it at once (on a busy
//! machine both threads often share a core), so it takes one result, the worker resumes,
//! finishes the next request, and the two threads ping-pong once per request.
//!
//! ```
//! use std::sync::atomic::{AtomicUsize, Ordering};
//! use std::sync::Arc;
//! use talkover_bindings_common::{Completions, Wake};
//!
//! #[derive(Default)]
//! struct Counter(AtomicUsize);
//! impl Wake for Counter {
//!     fn wake(&self) {
//!         self.0.fetch_add(1, Ordering::Relaxed);
//!     }
//! }
//!
//! let queue = Arc::new(Completions::new(Counter::default()));
//! queue.push("first"); // not a runtime worker: woken at once
//! queue.push("second"); // already has news: no second wake-up
//! assert_eq!(queue.waker().0.load(Ordering::Relaxed), 1);
//! assert_eq!(queue.take(), ["first", "second"]);
//! ```

use std::cell::RefCell;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Longest a worker keeps a finished result from its thread while it has other work.
pub const MAX_DEFER: Duration = Duration::from_micros(200);
/// A queue with this many results waiting is woken at once.
pub const MAX_BATCH: usize = 64;

/// How a waiting thread is told that its queue has something. Called from runtime workers
/// (and from whatever thread drops a request), so it must not block on the waiting thread.
pub trait Wake: Send + Sync + 'static {
    /// Wakes the waiting thread so it takes the queue.
    fn wake(&self);
}

/// The finished requests of one waiting thread, and how to wake it. Shared (in an `Arc`) by
/// the thread's end of the bridge and every request in flight for it.
pub struct Completions<T, W> {
    queue: Mutex<Vec<T>>,
    waker: W,
}

impl<T: Send + 'static, W: Wake> Completions<T, W> {
    /// An empty queue whose thread is woken by `waker`.
    pub fn new(waker: W) -> Completions<T, W> {
        Completions {
            queue: Mutex::new(Vec::new()),
            waker,
        }
    }

    /// The waker given to [`Completions::new`].
    pub fn waker(&self) -> &W {
        &self.waker
    }

    /// Queues a finished request and arranges the thread's wake-up (see the module docs).
    pub fn push(self: &Arc<Self>, item: T) {
        let waiting = {
            let mut queue = self.lock();
            queue.push(item);
            queue.len()
        };
        let deferred = DEFERRED.try_with(|d| {
            let mut d = d.borrow_mut();
            if !d.worker {
                return false;
            }
            if waiting == 1 {
                d.since.get_or_insert_with(Instant::now);
                d.owed.push(Arc::clone(self) as Arc<dyn Wake>);
            }
            let overdue = d.since.is_some_and(|t| t.elapsed() >= MAX_DEFER);
            if waiting >= MAX_BATCH || overdue {
                d.flush();
            }
            true
        });
        // Not a worker (or a thread being torn down): nobody would flush later.
        if waiting == 1 && deferred != Ok(true) {
            self.waker.wake();
        }
    }

    /// Everything queued so far, oldest first.
    pub fn take(&self) -> Vec<T> {
        std::mem::take(&mut *self.lock())
    }

    fn lock(&self) -> MutexGuard<'_, Vec<T>> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<T: Send + 'static, W: Wake> Wake for Completions<T, W> {
    fn wake(&self) {
        self.waker.wake();
    }
}

/// Queues a worker thread owes a wake-up, oldest first.
struct Deferred {
    /// Set once the thread has parked: only runtime workers park, and only they flush.
    worker: bool,
    since: Option<Instant>,
    owed: Vec<Arc<dyn Wake>>,
}

impl Deferred {
    fn flush(&mut self) {
        self.since = None;
        for queue in self.owed.drain(..) {
            queue.wake();
        }
    }
}

impl Drop for Deferred {
    // A worker that exits (the runtime shutting down) with wake-ups owed still delivers
    // them, so no waiting thread is left with results it never hears of. This runs while the
    // thread's other thread-locals are torn down, where a waker that needs one of them (a
    // language runtime's) may panic: that wake-up is dropped rather than abort the process.
    fn drop(&mut self) {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.flush()));
    }
}

thread_local! {
    static DEFERRED: RefCell<Deferred> = const {
        RefCell::new(Deferred { worker: false, since: None, owed: Vec::new() })
    };
}

/// Tokio's `on_thread_park` hook ([`crate::runtime::builder`] installs it): a worker out of
/// work wakes every queue it owes.
pub fn before_park() {
    let _ = DEFERRED.try_with(|d| {
        let mut d = d.borrow_mut();
        d.worker = true;
        d.flush();
    });
}
