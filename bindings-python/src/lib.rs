//! `talkover._native`: the compiled half of the `talkover` Python package.
//!
//! Users import `talkover`, never this module. It converts arguments into the Rust core
//! (`talkover` crate), runs requests on a shared Tokio runtime, and converts results and
//! errors back; every behaviour (validation, retries, timeouts, decoding, error classes)
//! is the core's. The pieces:
//!
//! * `client.rs`: `NativeClient`, behind `talkover.AsyncClient` and `talkover.Client`;
//! * `bridge.rs`, `queue.rs`: how async results reach asyncio futures, batched per loop;
//! * `runtime.rs`: the Tokio runtime, blocking waits, fork and exit safety;
//! * `log.rs`: the core's log lines to the `talkover` logger, when `TALKOVER_LOG` asks;
//! * `models.rs`, `errors.rs`, `convert.rs`, `outcome.rs`: conversions;
//! * `testing.rs`: the simulator behind `talkover.testing.MockServer`.

use pyo3::prelude::*;

mod bridge;
mod client;
mod convert;
mod errors;
mod log;
mod models;
mod outcome;
mod queue;
mod runtime;
mod testing;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<client::NativeClient>()?;
    m.add_class::<bridge::Op>()?;
    m.add_class::<bridge::LoopBridge>()?;
    m.add_class::<models::PyCall>()?;
    m.add_class::<models::PyEndedCall>()?;
    m.add_class::<testing::NativeMockServer>()?;
    m.add_function(wrap_pyfunction!(runtime::_after_fork_in_child, m)?)?;
    m.add_function(wrap_pyfunction!(runtime::_shutdown, m)?)?;
    m.add_function(wrap_pyfunction!(log::_stop_logging, m)?)?;
    m.add_function(wrap_pyfunction!(client::_panicking_operation, m)?)?;
    Ok(())
}
