//! `talkover._native`: the compiled half of the `talkover` Python package.
//!
//! Users import `talkover`, never this module. It converts arguments into the Rust core
//! (`talkover` crate), runs requests on a shared Tokio runtime, and converts results and
//! errors back; every behaviour (validation, retries, timeouts, decoding, error classes)
//! is the core's. The Node binding (`bindings-node/src`) has a file of the same name for
//! each job, and both share `bindings-common` (the outcome type, the panic guard, the
//! completion queue and its batching policy, the runtime knobs):
//!
//! * `client.rs`: `NativeClient`, behind `talkover.AsyncClient` and `talkover.Client`;
//! * `place.rs`: what `make_call` and `make_campaign_call` send, from Python arguments;
//! * `list.rs`: the filter of `list_calls`, and `NativeCallPager`, one listing read a page at
//!   a time, behind `talkover.AsyncCallPager` and `talkover.CallPager`;
//! * `runtime.rs`: the Tokio runtime, blocking waits, fork and exit safety;
//! * `bridge.rs`: how async results reach asyncio futures, batched per loop, and how a loop
//!   is woken;
//! * `outcome.rs`: a finished operation as a Python value or exception;
//! * `errors.rs`: core errors as the `talkover` exception classes (generated from the
//!   catalogue into `talkover/_errors.py`);
//! * `models.rs` (and `models/`): the core's models as frozen Python classes;
//! * `options.rs`: per-call options and `with_options` overrides;
//! * `response.rs`: response metadata (`RateLimit`, request ids, error headers; Node builds
//!   them with the results in `models.rs` and the errors in `errors.rs`);
//! * `hooks.rs`: the `on_attempt` hook and its `Attempt`;
//! * `convert.rs`: JSON values to Python objects and back;
//! * `log.rs`: the core's log lines to the `talkover` logger, when `TALKOVER_LOG` asks;
//! * `testing.rs`: the simulator behind `talkover.testing.MockServer`;
//! * `cli.rs`: the `talkover` command line (the `talkover-cli` crate) for the console script.
//!
//! [`catalogue`] exposes the core's catalogue (error classes, defaults, operations) to the
//! generator of `talkover/_errors.py` and to the drift tests.

use pyo3::prelude::*;

mod bridge;
mod cli;
mod client;
mod convert;
mod errors;
mod hooks;
mod list;
mod log;
mod models;
mod options;
mod outcome;
mod place;
mod response;
mod runtime;
mod testing;

/// The core's catalogue as plain data: `{"base_class", "errors", "defaults", "operations"}`
/// (see `talkover::catalogue::to_json`), in the core's words (snake_case, seconds).
#[pyfunction]
fn catalogue(py: Python<'_>) -> PyResult<Py<PyAny>> {
    convert::json_to_py(py, &talkover::catalogue::to_json())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<client::NativeClient>()?;
    m.add_class::<list::NativeCallPager>()?;
    m.add_class::<bridge::Op>()?;
    m.add_class::<bridge::LoopBridge>()?;
    m.add_class::<models::PyCall>()?;
    m.add_class::<models::PyEndedCall>()?;
    m.add_class::<models::PyPlacedCall>()?;
    m.add_class::<models::PyCampaignCall>()?;
    m.add_class::<models::PyCampaign>()?;
    m.add_class::<models::PyCallRecord>()?;
    m.add_class::<models::PyAgentRef>()?;
    m.add_class::<models::PyCallPage>()?;
    m.add_class::<options::NativeRequestOptions>()?;
    m.add_class::<response::PyRateLimit>()?;
    m.add_class::<hooks::PyAttempt>()?;
    m.add_class::<testing::NativeMockServer>()?;
    m.add_function(wrap_pyfunction!(catalogue, m)?)?;
    m.add_function(wrap_pyfunction!(cli::cli_main, m)?)?;
    m.add_function(wrap_pyfunction!(runtime::_after_fork_in_child, m)?)?;
    m.add_function(wrap_pyfunction!(runtime::_shutdown, m)?)?;
    m.add_function(wrap_pyfunction!(log::_stop_logging, m)?)?;
    m.add_function(wrap_pyfunction!(client::_panicking_operation, m)?)?;
    Ok(())
}
