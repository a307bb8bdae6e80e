//! Awaitables: how a request started from an asyncio task comes back to it.
//!
//! The usual bridge (one `loop.call_soon_threadsafe` per finished future, made from the
//! runtime thread) costs a GIL acquisition on a worker thread and a loop wake-up per
//! request, and at interpreter exit it is what crashes: a worker calls into a loop, or an
//! interpreter, that is already gone. Here instead each event loop gets one [`LoopBridge`]:
//!
//! * a worker that finishes a request pushes the plain Rust outcome onto the bridge's queue
//!   and, once per batch, writes one byte to a socket pair. No GIL, no Python. The queue and
//!   its batching policy (when a worker writes that byte) are shared with the Node binding:
//!   see `talkover_bindings_common::queue`; this file only says how a loop is woken
//!   ([`LoopWaker`]);
//! * the loop watches the other end with `add_reader`; its callback drains the whole queue
//!   at once, building the Python results and resolving every waiting future in one go.
//!
//! Under load one wake-up resolves dozens of futures. The bridge is stored on the loop
//! object itself, so it lives and dies with its loop: nothing caches a loop, and each
//! `asyncio.run` simply gets a new bridge. Cancelling the awaiting task aborts the Tokio
//! task (see [`Op`]), which drops the HTTP request and closes its connection. Loops without
//! `add_reader` (Windows' proactor loop) fall back to one `call_soon_threadsafe` per batch.

use crate::outcome::{guard_sync, guarded, IntoPython};
use crate::runtime;
use pyo3::exceptions::PyNotImplementedError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use std::future::Future;
use std::sync::{Arc, OnceLock};
use talkover_bindings_common::{Completions, Outcome, Wake};
use tokio::task::AbortHandle;

#[cfg(unix)]
use std::io::{Read, Write};
#[cfg(unix)]
use std::os::unix::{io::AsRawFd, net::UnixStream};

/// A finished request: the asyncio future waiting for it and what to put in it (`None`:
/// nothing, see `outcome.rs`).
pub(crate) struct Completion {
    future: Py<PyAny>,
    outcome: Option<Outcome>,
}

/// One loop's queue. Shared by its `LoopBridge` and every request in flight for it.
type Shared = Completions<Completion, LoopWaker>;

/// How a loop is told that its queue has something; set once, right after the loop agreed
/// to it (until then, nothing can be queued for it).
#[derive(Default)]
pub(crate) struct LoopWaker(OnceLock<Waker>);

enum Waker {
    #[cfg(unix)]
    Socket(UnixStream),
    Threadsafe {
        call_soon_threadsafe: Py<PyAny>,
        drain: Py<PyAny>,
    },
}

impl Wake for LoopWaker {
    fn wake(&self) {
        match self.0.get() {
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
}

/// The attribute under which a loop keeps its bridge.
const ATTR: &str = "_talkover_bridge";

/// One event loop's end of the bridge, stored on the loop as `_talkover_bridge`.
#[pyclass(frozen, module = "talkover._native")]
pub(crate) struct LoopBridge {
    shared: Arc<Shared>,
    generation: u64,
    #[cfg(unix)]
    reader: Option<UnixStream>,
}

#[pymethods]
impl LoopBridge {
    /// Resolves every finished request's future (the loop's reader callback).
    fn _drain(&self, py: Python<'_>) {
        #[cfg(unix)]
        if let Some(reader) = &self.reader {
            let mut buf = [0u8; 64];
            while matches!((&*reader).read(&mut buf), Ok(n) if n == buf.len()) {}
        }
        for completion in self.shared.take() {
            deliver(py, completion);
        }
    }
}

/// Sets the future's result or exception. A future whose task was cancelled meanwhile is
/// already done and refuses it; that is the only expected failure, so it is checked for only
/// then instead of asking every future first.
fn deliver(py: Python<'_>, Completion { future, outcome }: Completion) {
    let future = future.bind(py);
    let delivered = guard_sync(|| {
        match outcome.into_py(py) {
            Ok(value) => future.call_method1(intern!(py, "set_result"), (value,))?,
            Err(err) => future.call_method1(intern!(py, "set_exception"), (err.value(py),))?,
        };
        Ok(())
    });
    if let Err(err) = delivered {
        let done = future
            .call_method0(intern!(py, "done"))
            .and_then(|d| d.is_truthy())
            .unwrap_or(true);
        if !done
            && future
                .call_method1(intern!(py, "set_exception"), (err.value(py),))
                .is_err()
        {
            err.write_unraisable(py, Some(future));
        }
    }
}

/// Cancels the request it was returned with. Returned next to the future by every async
/// operation; the Python wrapper calls [`Op::cancel`] when its task is cancelled.
#[pyclass(frozen, module = "talkover._native")]
pub(crate) struct Op {
    abort: AbortHandle,
}

#[pymethods]
impl Op {
    /// Drops the request now: its connection is closed and its result discarded.
    fn cancel(&self) {
        self.abort.abort();
    }
}

/// A request's way back: pushes the outcome when done, or [`Outcome::Stopped`] if the task
/// is dropped first (cancelled, or the runtime shut down), so no future waits forever and
/// no Python reference is released on a worker thread.
struct Pending {
    shared: Arc<Shared>,
    future: Option<Py<PyAny>>,
}

impl Pending {
    fn complete(&mut self, outcome: Option<Outcome>) {
        if let Some(future) = self.future.take() {
            self.shared.push(Completion { future, outcome });
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.complete(Some(Outcome::Stopped));
    }
}

/// Starts `fut` on the runtime for the running event loop: returns the asyncio future that
/// will hold its result and the [`Op`] that cancels it. `fut` gives an [`Outcome`], or an
/// `Option<Outcome>` whose `None` resolves the future with `None`.
pub(crate) fn spawn<F>(py: Python<'_>, fut: F) -> PyResult<(Py<PyAny>, Op)>
where
    F: Future + Send + 'static,
    F::Output: Into<Option<Outcome>>,
{
    let event_loop = running_loop(py)?;
    let shared = bridge_for(py, &event_loop)?;
    let future = event_loop
        .call_method0(intern!(py, "create_future"))?
        .unbind();
    let mut pending = Pending {
        shared,
        future: Some(future.clone_ref(py)),
    };
    let task = runtime::handle(py)?.spawn(async move {
        let outcome = guarded(fut).await;
        pending.complete(outcome);
    });
    Ok((
        future,
        Op {
            abort: task.abort_handle(),
        },
    ))
}

fn running_loop(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    GET_RUNNING_LOOP
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("asyncio")?.getattr("get_running_loop")?.unbind())
        })?
        .call0(py)
        .map(|l| l.into_bound(py))
}

/// The bridge of `event_loop`, created on first use (and again in a forked child).
fn bridge_for(py: Python<'_>, event_loop: &Bound<'_, PyAny>) -> PyResult<Arc<Shared>> {
    let generation = runtime::generation();
    let attr = intern!(py, ATTR);
    if let Ok(existing) = event_loop.getattr(attr) {
        if let Ok(bridge) = existing.cast::<LoopBridge>() {
            let bridge = bridge.get();
            if bridge.generation == generation {
                return Ok(Arc::clone(&bridge.shared));
            }
            #[cfg(unix)]
            if let Some(reader) = &bridge.reader {
                let _ =
                    event_loop.call_method1(intern!(py, "remove_reader"), (reader.as_raw_fd(),));
            }
        }
    }
    let shared = Arc::new(Shared::new(LoopWaker::default()));
    #[cfg(unix)]
    {
        let (reader, writer) = UnixStream::pair()?;
        reader.set_nonblocking(true)?;
        writer.set_nonblocking(true)?;
        let fd = reader.as_raw_fd();
        let bridge = Bound::new(
            py,
            LoopBridge {
                shared: Arc::clone(&shared),
                generation,
                reader: Some(reader),
            },
        )?;
        let drain = bridge.getattr(intern!(py, "_drain"))?;
        match event_loop.call_method1(intern!(py, "add_reader"), (fd, drain)) {
            Ok(_) => {
                let _ = shared.waker().0.set(Waker::Socket(writer));
                event_loop.setattr(attr, bridge)?;
                return Ok(shared);
            }
            Err(err) if err.is_instance_of::<PyNotImplementedError>(py) => {}
            Err(err) => return Err(err),
        }
    }
    let bridge = Bound::new(
        py,
        LoopBridge {
            shared: Arc::clone(&shared),
            generation,
            #[cfg(unix)]
            reader: None,
        },
    )?;
    let _ = shared.waker().0.set(Waker::Threadsafe {
        call_soon_threadsafe: event_loop
            .getattr(intern!(py, "call_soon_threadsafe"))?
            .unbind(),
        drain: bridge.getattr(intern!(py, "_drain"))?.unbind(),
    });
    event_loop.setattr(attr, bridge)?;
    Ok(shared)
}
