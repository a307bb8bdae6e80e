//! Per-call options (`timeout=`, `max_retries=`, `headers=`) and the overrides of
//! `with_options`, from Python arguments into the core's [`RequestOptions`] and
//! [`ClientOverrides`]. The values are checked by the core; only their shapes here.

use crate::errors::PyTalkoverError;
use crate::place::{invalid, Arg};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt, PyMapping, PyString};
use talkover::validate::{extra_headers, timeout_from_secs};
use talkover::{ClientOverrides, RequestOptions};

/// One call's options, checked when made: the Python wrappers build one only when a call
/// passes any, so a call without options pays nothing for them.
#[pyclass(frozen, module = "talkover._native", name = "RequestOptions")]
pub(crate) struct NativeRequestOptions(pub(crate) RequestOptions);

#[pymethods]
impl NativeRequestOptions {
    #[new]
    #[pyo3(signature = (timeout=None, max_retries=None, headers=None))]
    fn new(timeout: Option<f64>, max_retries: Arg<'_, '_>, headers: Arg<'_, '_>) -> PyResult<Self> {
        let mut opts = RequestOptions::new();
        if let Some(secs) = timeout {
            opts = opts.timeout(timeout_from_secs(secs).map_err(PyTalkoverError)?);
        }
        if let Some(retries) = retries(max_retries)? {
            opts = opts.max_retries(retries);
        }
        opts.headers = header_pairs("headers", headers)?;
        // Checked now, so a bad header fails where it was written, before any request.
        extra_headers("headers", &opts.headers).map_err(PyTalkoverError)?;
        Ok(NativeRequestOptions(opts))
    }
}

/// The options of one call: the given ones, or none.
pub(crate) fn request_options(opts: Option<&NativeRequestOptions>) -> RequestOptions {
    opts.map(|o| o.0.clone()).unwrap_or_default()
}

/// `max_retries`: a non-negative `int` (not a `bool`).
pub(crate) fn retries(value: Arg<'_, '_>) -> PyResult<Option<u32>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let number = value
        .is_instance_of::<PyInt>()
        .then_some(())
        .filter(|()| !value.is_instance_of::<PyBool>())
        .and_then(|()| value.extract::<u32>().ok());
    number
        .map(Some)
        .ok_or_else(|| invalid("max_retries", "must be a non-negative integer"))
}

/// `headers` / `default_headers` (named by `param`): a mapping of `str` to `str`.
pub(crate) fn header_pairs(
    param: &'static str,
    value: Arg<'_, '_>,
) -> PyResult<Vec<(String, String)>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    let mapping = value
        .cast::<PyMapping>()
        .map_err(|_| invalid(param, "must be a mapping of str to str"))?;
    let mut pairs = Vec::new();
    for item in mapping.items()?.iter() {
        let (name, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let (Ok(name), Ok(value)) = (name.cast::<PyString>(), value.cast::<PyString>()) else {
            return Err(invalid(param, "must be a mapping of str to str"));
        };
        pairs.push((name.to_str()?.to_owned(), value.to_str()?.to_owned()));
    }
    Ok(pairs)
}

/// What `with_options(...)` changes.
pub(crate) fn overrides(
    token: Option<String>,
    timeout: Option<f64>,
    max_retries: Arg<'_, '_>,
    default_headers: Arg<'_, '_>,
) -> PyResult<ClientOverrides> {
    let mut overrides = ClientOverrides::new();
    overrides.token = token;
    if let Some(secs) = timeout {
        overrides.timeout = Some(timeout_from_secs(secs).map_err(PyTalkoverError)?);
    }
    overrides.max_retries = retries(max_retries)?;
    overrides.headers = header_pairs("default_headers", default_headers)?;
    Ok(overrides)
}
