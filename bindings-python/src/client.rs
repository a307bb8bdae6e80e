//! `NativeClient`: the core client as seen from `talkover.AsyncClient` and `talkover.Client`.
//!
//! Every method converts its arguments, hands the work to the core, and converts the
//! result back; validation, retries, timeouts and error classification are the core's. The
//! `*_async` methods return `(future, op)` for the Python `async def` wrappers (see
//! `bridge.rs`); the others block with the GIL released (see `runtime::block_on`).

use crate::bridge::{self, Op};
use crate::errors::PyTalkoverError;
use crate::outcome::{guard_sync, IntoPython};
use crate::{log, runtime};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use std::mem::ManuallyDrop;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};
use talkover::validate::timeout_from_secs;
use talkover::{ClientBuilder, RequestOptions};
use talkover_bindings_common::Outcome;

/// The `User-Agent` product token of this package.
const USER_AGENT: &str = concat!("talkover-python/", env!("CARGO_PKG_VERSION"));

/// A configured core client, shared by the Python wrappers.
#[pyclass(frozen, module = "talkover._native")]
pub(crate) struct NativeClient {
    /// Kept to rebuild the connection pool in a forked child.
    builder: ClientBuilder,
    /// `None` once closed.
    state: Mutex<Option<Built>>,
}

/// A core client and the runtime generation it was built in.
struct Built {
    generation: u64,
    client: ManuallyDrop<talkover::Client>,
}

impl Built {
    fn new(client: talkover::Client) -> Built {
        Built {
            generation: runtime::generation(),
            client: ManuallyDrop::new(client),
        }
    }
}

impl Drop for Built {
    fn drop(&mut self) {
        // A pool inherited through fork() holds sockets registered with the parent's
        // runtime, in an epoll instance the parent still uses: closing them from the child
        // would unregister the parent's connections. The child leaks them instead.
        if self.generation == runtime::generation() {
            // SAFETY: dropped exactly once, here, and never used afterwards.
            unsafe { ManuallyDrop::drop(&mut self.client) }
        }
    }
}

impl NativeClient {
    /// The client to use now. Only called with the GIL held (see `runtime.rs`).
    fn client(&self, _py: Python<'_>) -> PyResult<talkover::Client> {
        let mut state = self.lock();
        match state.as_ref() {
            None => Err(closed()),
            Some(built) if built.generation == runtime::generation() => Ok((*built.client).clone()),
            Some(_) => {
                let client = self.builder.clone().build().map_err(PyTalkoverError)?;
                *state = Some(Built::new(client.clone()));
                Ok(client)
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Built>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn info<T>(&self, f: impl FnOnce(&talkover::Client) -> T) -> PyResult<T> {
        match self.lock().as_ref() {
            Some(built) => Ok(f(&built.client)),
            None => Err(closed()),
        }
    }
}

fn closed() -> PyErr {
    PyTalkoverError(talkover::Error::invalid("client", "is closed")).into()
}

/// Per-call options from the Python `timeout=` argument (seconds).
fn options(timeout: Option<f64>) -> PyResult<RequestOptions> {
    let mut opts = RequestOptions::new();
    if let Some(secs) = timeout {
        opts = opts.timeout(timeout_from_secs(secs).map_err(PyTalkoverError)?);
    }
    Ok(opts)
}

/// The PEM of the `ca_cert` argument: given inline (a `str` starting with `-----BEGIN`, or
/// `bytes`), else read from the file a `str` or `os.PathLike` names. A file that cannot be
/// read is a bad setting, like bad PEM (which the core refuses when the client is built).
fn ca_pem(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(bytes) = value.cast::<PyByteArray>() {
        return Ok(bytes.to_vec());
    }
    if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_str()?;
        if text.trim_start().starts_with("-----BEGIN") {
            return Ok(text.as_bytes().to_vec());
        }
    }
    let path: PathBuf = value.extract().map_err(|_| {
        PyTypeError::new_err(
            "ca_cert must be PEM text (str or bytes) or a path (str or os.PathLike)",
        )
    })?;
    std::fs::read(&path).map_err(|e| {
        let reason = format!("cannot read {}: {e}", path.display());
        PyTalkoverError(talkover::Error::invalid("ca_cert", reason)).into()
    })
}

#[pymethods]
impl NativeClient {
    #[new]
    #[pyo3(signature = (token=None, *, base_url=None, timeout=None, max_retries=None, ca_cert=None))]
    fn new(
        py: Python<'_>,
        token: Option<String>,
        base_url: Option<String>,
        timeout: Option<f64>,
        max_retries: Option<i64>,
        ca_cert: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        guard_sync(|| {
            let mut builder = talkover::Client::builder().user_agent(USER_AGENT);
            if let Some(sink) = log::sink_from_env(py)? {
                builder = builder.log_sink(sink);
            }
            if let Some(ca_cert) = ca_cert {
                builder = builder.add_root_certificate_pem(ca_pem(ca_cert)?);
            }
            if let Some(token) = token {
                builder = builder.token(token);
            }
            if let Some(base_url) = base_url {
                builder = builder.base_url(base_url);
            }
            if let Some(secs) = timeout {
                builder = builder.timeout(timeout_from_secs(secs).map_err(PyTalkoverError)?);
            }
            if let Some(retries) = max_retries {
                let retries = u32::try_from(retries).map_err(|_| {
                    PyTalkoverError(talkover::Error::invalid(
                        "max_retries",
                        "must be a non-negative integer",
                    ))
                })?;
                builder = builder.max_retries(retries);
            }
            let client = builder.clone().build().map_err(PyTalkoverError)?;
            Ok(NativeClient {
                builder,
                state: Mutex::new(Some(Built::new(client))),
            })
        })
    }

    #[getter]
    fn base_url(&self) -> PyResult<String> {
        self.info(|c| c.base_url().to_owned())
    }

    #[getter]
    fn timeout(&self) -> PyResult<f64> {
        self.info(|c| c.timeout().as_secs_f64())
    }

    #[getter]
    fn max_retries(&self) -> PyResult<u32> {
        self.info(|c| c.max_retries())
    }

    #[getter]
    fn closed(&self) -> bool {
        self.lock().is_none()
    }

    /// Releases the connection pool. Requests already running finish; new ones raise.
    fn close(&self) {
        let built = self.lock().take();
        drop(built);
    }

    #[pyo3(signature = (agent_id, phone, timeout=None))]
    fn active_call_async(
        &self,
        py: Python<'_>,
        agent_id: String,
        phone: String,
        timeout: Option<f64>,
    ) -> PyResult<(Py<PyAny>, Op)> {
        let (client, opts) = (self.client(py)?, options(timeout)?);
        bridge::spawn(py, async move {
            Outcome::from(client.active_call_with(&agent_id, &phone, &opts).await)
        })
    }

    #[pyo3(signature = (agent_id, call_sid, timeout=None))]
    fn end_call_async(
        &self,
        py: Python<'_>,
        agent_id: String,
        call_sid: String,
        timeout: Option<f64>,
    ) -> PyResult<(Py<PyAny>, Op)> {
        let (client, opts) = (self.client(py)?, options(timeout)?);
        bridge::spawn(py, async move {
            Outcome::from(client.end_call_with(&agent_id, &call_sid, &opts).await)
        })
    }

    #[pyo3(signature = (agent_id, phone, timeout=None))]
    fn active_call(
        &self,
        py: Python<'_>,
        agent_id: String,
        phone: String,
        timeout: Option<f64>,
    ) -> PyResult<Py<PyAny>> {
        let (client, opts) = (self.client(py)?, options(timeout)?);
        runtime::block_on(py, async move {
            Outcome::from(client.active_call_with(&agent_id, &phone, &opts).await)
        })?
        .into_py(py)
    }

    #[pyo3(signature = (agent_id, call_sid, timeout=None))]
    fn end_call(
        &self,
        py: Python<'_>,
        agent_id: String,
        call_sid: String,
        timeout: Option<f64>,
    ) -> PyResult<Py<PyAny>> {
        let (client, opts) = (self.client(py)?, options(timeout)?);
        runtime::block_on(py, async move {
            Outcome::from(client.end_call_with(&agent_id, &call_sid, &opts).await)
        })?
        .into_py(py)
    }
}

/// Test hook: an operation that panics, through the same async or blocking path as a real
/// request, so the suite can check a panic surfaces as `TalkoverError`.
#[pyfunction]
pub(crate) fn _panicking_operation(py: Python<'_>, blocking: bool) -> PyResult<Py<PyAny>> {
    async fn boom() -> Outcome {
        panic!("deliberate panic for the test suite")
    }
    if blocking {
        runtime::block_on(py, boom())?.into_py(py)
    } else {
        let (future, op) = bridge::spawn(py, boom())?;
        Ok((future, op).into_pyobject(py)?.into_any().unbind())
    }
}
