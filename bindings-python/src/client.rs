//! `NativeClient`: the core client as seen from `talkover.AsyncClient` and `talkover.Client`.
//!
//! Every method converts its arguments (the call workflow's in `place.rs` and `list.rs`), hands the work to
//! the core, and converts the result back; validation, retries, timeouts and error
//! classification are the core's. The `*_async` methods return `(future, op)` for the Python
//! `async def` wrappers (see `bridge.rs`); the others block with the GIL released (see
//! `runtime::block_on`). `list_calls` sends nothing: it returns the pager (`list.rs`).

use crate::bridge::{self, Op};
use crate::convert::ca_pem;
use crate::errors::PyTalkoverError;
use crate::list::{self, NativeCallPager};
use crate::options::{self, request_options, NativeRequestOptions};
use crate::outcome::{guard_sync, IntoPython};
use crate::{hooks, log, place, runtime};
use pyo3::prelude::*;
use std::mem::ManuallyDrop;
use std::sync::{Mutex, MutexGuard, PoisonError};
use talkover::validate::timeout_from_secs;
use talkover::{ClientBuilder, ClientOverrides};
use talkover_bindings_common::Outcome;

/// The `User-Agent` product token of this package.
const USER_AGENT: &str = concat!("talkover-python/", env!("CARGO_PKG_VERSION"));

/// A configured core client, shared by the Python wrappers.
#[pyclass(frozen, module = "talkover._native")]
pub(crate) struct NativeClient {
    /// Kept to rebuild the connection pool in a forked child.
    builder: ClientBuilder,
    /// What each `with_options` that led to this client changed, in order: applied again
    /// by the core, one after the other, when the pool is rebuilt.
    overrides: Vec<ClientOverrides>,
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
                let built = self.builder.clone().build().map_err(PyTalkoverError)?;
                let client = self
                    .overrides
                    .iter()
                    .try_fold(built, |client, changes| {
                        client.with_options(changes.clone())
                    })
                    .map_err(PyTalkoverError)?;
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

/// `CPython 3.12.3`: the runtime named in the `User-Agent`, read once per process from `sys`
/// (already loaded; the `platform` module would cost an import and memory for one string).
fn runtime_name(py: Python<'_>) -> PyResult<&'static str> {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(name) = NAME.get() {
        return Ok(name);
    }
    let sys = py.import("sys")?;
    let implementation: String = sys.getattr("implementation")?.getattr("name")?.extract()?;
    let implementation = match implementation.as_str() {
        "cpython" => "CPython".to_owned(),
        "pypy" => "PyPy".to_owned(),
        "graalpy" => "GraalPy".to_owned(),
        other => other.to_owned(),
    };
    // `sys.version_info` is a tuple: (major, minor, micro, releaselevel, serial).
    let (major, minor, micro, _, _): (u8, u8, u8, Bound<'_, PyAny>, Bound<'_, PyAny>) =
        sys.getattr("version_info")?.extract()?;
    Ok(NAME.get_or_init(|| format!("{implementation} {major}.{minor}.{micro}")))
}

fn closed() -> PyErr {
    PyTalkoverError(talkover::Error::invalid("client", "is closed")).into()
}

#[pymethods]
impl NativeClient {
    #[new]
    #[pyo3(signature = (token=None, *, base_url=None, timeout=None, max_retries=None, ca_cert=None, connect_timeout=None, proxy=None, app_info=None, default_headers=None, on_attempt=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        token: Option<String>,
        base_url: Option<String>,
        timeout: Option<f64>,
        max_retries: Option<&Bound<'_, PyAny>>,
        ca_cert: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<f64>,
        proxy: Option<String>,
        app_info: Option<String>,
        default_headers: Option<&Bound<'_, PyAny>>,
        on_attempt: Option<Py<PyAny>>,
    ) -> PyResult<Self> {
        guard_sync(|| {
            let mut builder = talkover::Client::builder().binding(USER_AGENT, runtime_name(py)?);
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
            if let Some(secs) = connect_timeout {
                let secs = timeout_from_secs(secs).map_err(PyTalkoverError)?;
                builder = builder.connect_timeout(secs);
            }
            if let Some(retries) = options::retries(max_retries)? {
                builder = builder.max_retries(retries);
            }
            if let Some(proxy) = proxy {
                builder = builder.proxy(proxy);
            }
            if let Some(app_info) = app_info {
                builder = builder.app_info(app_info);
            }
            for (name, value) in options::header_pairs("default_headers", default_headers)? {
                builder = builder.header(name, value);
            }
            if let Some(hook) = on_attempt {
                if !hook.bind(py).is_callable() {
                    return Err(crate::place::invalid("on_attempt", "must be callable"));
                }
                builder = builder.on_attempt(hooks::on_attempt(hook));
            }
            let client = builder.clone().build().map_err(PyTalkoverError)?;
            Ok(NativeClient {
                builder,
                overrides: Vec::new(),
                state: Mutex::new(Some(Built::new(client))),
            })
        })
    }

    /// A client with some settings changed, sharing this one's connection pool.
    #[pyo3(signature = (*, token=None, timeout=None, max_retries=None, default_headers=None))]
    fn with_options(
        &self,
        py: Python<'_>,
        token: Option<String>,
        timeout: Option<f64>,
        max_retries: Option<&Bound<'_, PyAny>>,
        default_headers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<NativeClient> {
        let changes = options::overrides(token, timeout, max_retries, default_headers)?;
        let client = self
            .client(py)?
            .with_options(changes.clone())
            .map_err(PyTalkoverError)?;
        let mut overrides = self.overrides.clone();
        overrides.push(changes);
        Ok(NativeClient {
            builder: self.builder.clone(),
            overrides,
            state: Mutex::new(Some(Built::new(client))),
        })
    }

    #[getter]
    fn user_agent(&self) -> PyResult<String> {
        self.info(|c| c.user_agent().to_owned())
    }

    #[getter]
    fn default_headers(&self) -> PyResult<Vec<(String, String)>> {
        self.info(|c| {
            c.headers()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect()
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

    #[pyo3(signature = (agent_id, phone, options=None))]
    fn active_call_async(
        &self,
        py: Python<'_>,
        agent_id: String,
        phone: String,
        options: Option<PyRef<'_, NativeRequestOptions>>,
    ) -> PyResult<(Py<PyAny>, Op)> {
        let (client, opts) = (self.client(py)?, request_options(options.as_deref()));
        bridge::spawn(py, async move {
            Outcome::from(client.active_call_with(&agent_id, &phone, &opts).await)
        })
    }

    #[pyo3(signature = (agent_id, call_sid, options=None))]
    fn end_call_async(
        &self,
        py: Python<'_>,
        agent_id: String,
        call_sid: String,
        options: Option<PyRef<'_, NativeRequestOptions>>,
    ) -> PyResult<(Py<PyAny>, Op)> {
        let (client, opts) = (self.client(py)?, request_options(options.as_deref()));
        bridge::spawn(py, async move {
            Outcome::from(client.end_call_with(&agent_id, &call_sid, &opts).await)
        })
    }

    #[pyo3(signature = (agent_id, phone, options=None))]
    fn active_call(
        &self,
        py: Python<'_>,
        agent_id: String,
        phone: String,
        options: Option<PyRef<'_, NativeRequestOptions>>,
    ) -> PyResult<Py<PyAny>> {
        let (client, opts) = (self.client(py)?, request_options(options.as_deref()));
        runtime::block_on(py, async move {
            Outcome::from(client.active_call_with(&agent_id, &phone, &opts).await)
        })?
        .into_py(py)
    }

    #[pyo3(signature = (agent_id, call_sid, options=None))]
    fn end_call(
        &self,
        py: Python<'_>,
        agent_id: String,
        call_sid: String,
        options: Option<PyRef<'_, NativeRequestOptions>>,
    ) -> PyResult<Py<PyAny>> {
        let (client, opts) = (self.client(py)?, request_options(options.as_deref()));
        runtime::block_on(py, async move {
            Outcome::from(client.end_call_with(&agent_id, &call_sid, &opts).await)
        })?
        .into_py(py)
    }

    #[pyo3(signature = (agent_id, to, payload=None, context=None, delay_seconds=None, is_testing=false, options=None))]
    #[allow(clippy::too_many_arguments)]
    fn make_call_async(
        &self,
        py: Python<'_>,
        agent_id: String,
        to: String,
        payload: Option<&Bound<'_, PyAny>>,
        context: Option<&Bound<'_, PyAny>>,
        delay_seconds: Option<&Bound<'_, PyAny>>,
        is_testing: bool,
        options: Option<PyRef<'_, NativeRequestOptions>>,
    ) -> PyResult<(Py<PyAny>, Op)> {
        let (client, opts) = (self.client(py)?, request_options(options.as_deref()));
        let request = place::make_call(to, payload, context, delay_seconds, is_testing)?;
        bridge::spawn(py, async move {
            Outcome::from(client.make_call_with(&agent_id, &request, &opts).await)
        })
    }

    #[pyo3(signature = (agent_id, to, payload=None, context=None, delay_seconds=None, is_testing=false, options=None))]
    #[allow(clippy::too_many_arguments)]
    fn make_call(
        &self,
        py: Python<'_>,
        agent_id: String,
        to: String,
        payload: Option<&Bound<'_, PyAny>>,
        context: Option<&Bound<'_, PyAny>>,
        delay_seconds: Option<&Bound<'_, PyAny>>,
        is_testing: bool,
        options: Option<PyRef<'_, NativeRequestOptions>>,
    ) -> PyResult<Py<PyAny>> {
        let (client, opts) = (self.client(py)?, request_options(options.as_deref()));
        let request = place::make_call(to, payload, context, delay_seconds, is_testing)?;
        runtime::block_on(py, async move {
            Outcome::from(client.make_call_with(&agent_id, &request, &opts).await)
        })?
        .into_py(py)
    }

    #[pyo3(signature = (campaign_id, to, payload=None, context=None, is_testing=false, allow_duplicates=false, options=None))]
    #[allow(clippy::too_many_arguments)]
    fn make_campaign_call_async(
        &self,
        py: Python<'_>,
        campaign_id: String,
        to: String,
        payload: Option<&Bound<'_, PyAny>>,
        context: Option<&Bound<'_, PyAny>>,
        is_testing: bool,
        allow_duplicates: bool,
        options: Option<PyRef<'_, NativeRequestOptions>>,
    ) -> PyResult<(Py<PyAny>, Op)> {
        let (client, opts) = (self.client(py)?, request_options(options.as_deref()));
        let request =
            place::make_campaign_call(to, payload, context, is_testing, allow_duplicates)?;
        bridge::spawn(py, async move {
            Outcome::from(
                client
                    .make_campaign_call_with(&campaign_id, &request, &opts)
                    .await,
            )
        })
    }

    #[pyo3(signature = (campaign_id, to, payload=None, context=None, is_testing=false, allow_duplicates=false, options=None))]
    #[allow(clippy::too_many_arguments)]
    fn make_campaign_call(
        &self,
        py: Python<'_>,
        campaign_id: String,
        to: String,
        payload: Option<&Bound<'_, PyAny>>,
        context: Option<&Bound<'_, PyAny>>,
        is_testing: bool,
        allow_duplicates: bool,
        options: Option<PyRef<'_, NativeRequestOptions>>,
    ) -> PyResult<Py<PyAny>> {
        let (client, opts) = (self.client(py)?, request_options(options.as_deref()));
        let request =
            place::make_campaign_call(to, payload, context, is_testing, allow_duplicates)?;
        runtime::block_on(py, async move {
            Outcome::from(
                client
                    .make_campaign_call_with(&campaign_id, &request, &opts)
                    .await,
            )
        })?
        .into_py(py)
    }

    /// The listing's pager. The filter is checked now (no request is sent); the options
    /// apply to each page request.
    #[pyo3(signature = (agent_id=None, status=None, direction=None, date_from=None, date_to=None, search=None, per_page=None, options=None))]
    #[allow(clippy::too_many_arguments)]
    fn list_calls(
        &self,
        py: Python<'_>,
        agent_id: Option<String>,
        status: Option<&Bound<'_, PyAny>>,
        direction: Option<&Bound<'_, PyAny>>,
        date_from: Option<&Bound<'_, PyAny>>,
        date_to: Option<&Bound<'_, PyAny>>,
        search: Option<String>,
        per_page: Option<&Bound<'_, PyAny>>,
        options: Option<PyRef<'_, NativeRequestOptions>>,
    ) -> PyResult<NativeCallPager> {
        let (client, opts) = (self.client(py)?, request_options(options.as_deref()));
        let filter = list::call_filter(
            agent_id, status, direction, date_from, date_to, search, per_page,
        )?;
        let pager = client
            .list_calls_with(filter, opts)
            .map_err(PyTalkoverError)?;
        Ok(NativeCallPager::from(pager))
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
