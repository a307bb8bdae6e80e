//! The one Tokio runtime behind every client, and how it survives `fork()` and exit.
//!
//! All HTTP work runs on a small multi-threaded Tokio runtime created on first use and shared
//! by every client in the process, async and blocking alike. Its worker threads never touch
//! the Python interpreter: they only move finished results into a queue (see `bridge.rs`).
//! (The one exception is opt-in logging, which stops before the interpreter does; see
//! `log.rs`.) That is what makes the two dangerous moments of a process's life safe:
//!
//! * **Exit.** `talkover/__init__.py` registers [`shutdown`] with `atexit`. It runs while
//!   the interpreter is still whole, marks the runtime closed and shuts it down with a short
//!   grace period, the GIL released so nothing the workers wait on can deadlock. A worker
//!   that outlives the grace period still cannot crash the exit, because it never calls into
//!   Python; calls made after shutdown raise `TalkoverError` instead of hanging.
//! * **Fork.** Only the forking thread exists in a child process; the runtime's workers do
//!   not. A runtime inherited that way would accept tasks and never run them, and dropping it
//!   would wait forever for threads that are not there. So [`after_fork_in_child`] (run by
//!   `os.register_at_fork`) forgets the inherited runtime without dropping it and bumps
//!   [`generation`]; the next call builds a fresh runtime, and clients rebuild their
//!   connection pools (see `client.rs`), so a client made before `fork()` works in the child.
//!
//! The runtime lock is only ever taken while holding the GIL, and `fork()` from Python holds
//! the GIL, so the child can never inherit it locked.

use crate::errors::talkover_error;
use crate::outcome::guarded;
use pyo3::prelude::*;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use talkover_bindings_common::{runtime::builder, Outcome};
use tokio::runtime::{Handle, Runtime};

/// Worker threads unless `TALKOVER_WORKER_THREADS` says otherwise (the knob is shared with
/// the Node binding: see `talkover_bindings_common::runtime`). One worker serves tens of
/// thousands of requests a second, more than one interpreter thread can consume, and leaves
/// the other cores to the application.
const DEFAULT_WORKER_THREADS: usize = 1;
/// How long exit waits for in-flight work before leaving it behind.
const EXIT_GRACE: Duration = Duration::from_millis(250);
/// How often a blocking call wakes up to let Python handle Ctrl-C.
const SIGNAL_CHECK_INTERVAL: Duration = Duration::from_millis(50);

static GENERATION: AtomicU64 = AtomicU64::new(0);
static STATE: Mutex<State> = Mutex::new(State {
    runtime: None,
    closed: false,
});

struct State {
    runtime: Option<Runtime>,
    closed: bool,
}

fn state(_py: Python<'_>) -> MutexGuard<'static, State> {
    // Taking the GIL token as an argument documents (and enforces) the fork-safety rule
    // from the module comment.
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Changes in every forked child: objects tied to the parent's runtime compare it to know
/// they must be rebuilt.
pub(crate) fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// A handle to the shared runtime, creating it on first use.
pub(crate) fn handle(py: Python<'_>) -> PyResult<Handle> {
    let mut state = state(py);
    if state.closed {
        return Err(talkover_error(
            "the talkover runtime has shut down because the interpreter is exiting",
        ));
    }
    if let Some(runtime) = &state.runtime {
        return Ok(runtime.handle().clone());
    }
    let runtime = builder(DEFAULT_WORKER_THREADS)
        .build()
        .map_err(|e| talkover_error(format!("could not start the talkover runtime: {e}")))?;
    let handle = runtime.handle().clone();
    state.runtime = Some(runtime);
    Ok(handle)
}

/// Runs `fut` on the runtime and waits for it with the GIL released, waking every
/// [`SIGNAL_CHECK_INTERVAL`] so Ctrl-C (or a Jupyter kernel interrupt) raises
/// `KeyboardInterrupt` at once; the request is then dropped. As with `bridge::spawn`, `fut`
/// gives an [`Outcome`] or an `Option<Outcome>` (`None`: nothing to return).
pub(crate) fn block_on<F>(py: Python<'_>, fut: F) -> PyResult<Option<Outcome>>
where
    F: Future + Send + 'static,
    F::Output: Into<Option<Outcome>>,
{
    let (tx, rx) = mpsc::sync_channel(1);
    let task = handle(py)?.spawn(async move {
        // The receiver is gone only if the caller was interrupted; nothing to tell then.
        let _ = tx.send(guarded(fut).await);
    });
    let mut rx = rx;
    loop {
        // The receiver moves in and out because it is not `Sync`.
        let (received, back) = py.detach(move || (rx.recv_timeout(SIGNAL_CHECK_INTERVAL), rx));
        rx = back;
        match received {
            Ok(outcome) => return Ok(outcome),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    task.abort();
                    return Err(interrupt);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(Some(Outcome::Stopped)),
        }
    }
}

/// Run in a forked child by `os.register_at_fork`: forget the parent's runtime, whose
/// threads do not exist here, and start a new generation.
#[pyfunction]
pub(crate) fn _after_fork_in_child(py: Python<'_>) {
    GENERATION.fetch_add(1, Ordering::AcqRel);
    let mut state = state(py);
    if let Some(inherited) = state.runtime.take() {
        std::mem::forget(inherited);
    }
}

/// Run by `atexit`: stop the runtime while the interpreter is still intact.
#[pyfunction]
pub(crate) fn _shutdown(py: Python<'_>) {
    crate::log::stop();
    let runtime = {
        let mut state = state(py);
        state.closed = true;
        state.runtime.take()
    };
    if let Some(runtime) = runtime {
        py.detach(|| runtime.shutdown_timeout(EXIT_GRACE));
    }
}
