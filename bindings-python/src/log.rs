//! The core's log lines, handed to Python's `logging` (logger `talkover`).
//!
//! A client made while `TALKOVER_LOG` names a level (`talkover::level_from_env`) gets a
//! [`LogSink`] that passes each line to `logging.getLogger("talkover")` at the matching
//! level. Otherwise it gets none, and logging costs nothing at all: the core checks for a sink
//! before formatting anything. Lines arrive already redacted by the core (never the token;
//! phone numbers masked but for the last 4 digits), so nothing here looks at their text.
//!
//! The sink runs on a runtime worker, the only place where those threads call into Python
//! (see `runtime.rs` for why they otherwise never do). Three rules keep that safe:
//!
//! * it attaches with `Python::try_attach`, which declines while the interpreter is
//!   finalizing, and [`stop`] (run by an `atexit` hook that `talkover/_log.py` registers
//!   after importing `logging`, so before `logging.shutdown`, and again by the runtime's own
//!   shutdown) switches every sink off first: a late line is dropped, never a crash;
//! * a Python exception raised while logging goes to `sys.unraisablehook`, and a panic is
//!   swallowed: a log line must never fail, or crash, the request it describes;
//! * the worker holds no lock while it waits for the GIL, and every thread holding the GIL
//!   releases it before waiting on a worker, so the wait cannot deadlock.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use talkover::log::LogSink;
use talkover::tracing::Level;

/// Cleared at exit: sinks drop every line from then on.
static ENABLED: AtomicBool = AtomicBool::new(true);
/// `logging.getLogger("talkover")`, as returned by `talkover._log._setup`.
static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The `logging` level number of a core level. `logging` has no TRACE; 5 is the customary
/// number below DEBUG.
fn levelno(level: Level) -> u8 {
    match level {
        Level::ERROR => 40,
        Level::WARN => 30,
        Level::INFO => 20,
        Level::DEBUG => 10,
        _ => 5,
    }
}

/// A sink for a client being built now, if `TALKOVER_LOG` asks for one.
pub(crate) fn sink_from_env(py: Python<'_>) -> PyResult<Option<LogSink>> {
    let Some(level) = talkover::level_from_env() else {
        return Ok(None);
    };
    let logger = py
        .import("talkover._log")?
        .getattr("_setup")?
        .call1((levelno(level),))?;
    LOGGER.get_or_init(py, || logger.unbind());
    Ok(Some(LogSink::new(level, write)))
}

/// Hands one line to the logger; drops it once logging is stopped or Python is exiting.
fn write(level: Level, line: &str) {
    from_worker(|py| {
        let logger = LOGGER.get(py)?.bind(py);
        let logged = logger.call_method1(intern!(py, "log"), (levelno(level), line));
        logged.err().map(|err| (err, logger.clone()))
    });
}

/// Runs `call` on a runtime worker under the three rules above, for a log sink or an
/// `on_attempt` hook: nothing once callbacks are stopped or Python is finalizing, a Python
/// exception (returned with the object it came from) to `sys.unraisablehook`, a panic
/// swallowed.
pub(crate) fn from_worker<F>(call: F)
where
    F: for<'py> FnOnce(Python<'py>) -> Option<(PyErr, Bound<'py, PyAny>)>,
{
    if !callbacks_enabled() {
        return;
    }
    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| {
        Python::try_attach(|py| {
            if !callbacks_enabled() {
                return;
            }
            if let Some((err, source)) = call(py) {
                err.write_unraisable(py, Some(&source));
            }
        })
    }));
}

/// Whether runtime workers may still call into Python (log sinks, `on_attempt` hooks).
pub(crate) fn callbacks_enabled() -> bool {
    ENABLED.load(Ordering::Acquire)
}

/// Switches every sink (and `on_attempt` hook) off for good: lines logged from now on are
/// dropped.
pub(crate) fn stop() {
    ENABLED.store(false, Ordering::Release);
}

/// Run by `atexit` (registered by `talkover/_log.py`): see [`stop`].
#[pyfunction]
pub(crate) fn _stop_logging() {
    stop();
}
