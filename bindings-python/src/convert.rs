//! JSON values to Python objects and back: the raw API data users reach through `.extra`
//! and `.body`, and the dicts they pass when building models for their own tests; and the
//! `ca_cert=` setting as the core takes it (per-call options are `options.rs`').

use crate::errors::PyTalkoverError;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};
use serde_json::{Map, Number, Value};
use std::path::PathBuf;

/// A JSON value as plain Python data: `dict`, `list`, `str`, `int`, `float`, `bool`, `None`.
pub(crate) fn json_to_py(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        Value::Number(n) => number_to_py(py, n)?,
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => map_to_py(py, map)?.into_any().unbind(),
    })
}

/// A JSON object as a new `dict`.
pub(crate) fn map_to_py<'py>(
    py: Python<'py>,
    map: &Map<String, Value>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in map {
        dict.set_item(key, json_to_py(py, value)?)?;
    }
    Ok(dict)
}

fn number_to_py(py: Python<'_>, n: &Number) -> PyResult<Py<PyAny>> {
    if let Some(i) = n.as_i64() {
        Ok(i.into_pyobject(py)?.into_any().unbind())
    } else if let Some(u) = n.as_u64() {
        Ok(u.into_pyobject(py)?.into_any().unbind())
    } else {
        Ok(PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN))
            .into_any()
            .unbind())
    }
}

/// Plain Python data as a JSON value; anything JSON cannot hold is a `TypeError`.
pub(crate) fn py_to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        return Ok(Value::from(obj.extract::<u64>()?));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| PyTypeError::new_err("NaN and infinity are not valid JSON"));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_owned()));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        return Ok(Value::Object(dict_to_map(dict)?));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let items = obj
            .try_iter()?
            .map(|item| py_to_json(&item?))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(Value::Array(items));
    }
    Err(PyTypeError::new_err(format!(
        "{} is not JSON data",
        obj.get_type().name()?
    )))
}

/// A `dict` with `str` keys as a JSON object.
pub(crate) fn dict_to_map(dict: &Bound<'_, PyDict>) -> PyResult<Map<String, Value>> {
    let mut map = Map::new();
    for (key, value) in dict.iter() {
        let key = key
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("JSON object keys must be str"))?;
        map.insert(key.to_str()?.to_owned(), py_to_json(&value)?);
    }
    Ok(map)
}

/// The PEM of the `ca_cert` argument: given inline (a `str` starting with `-----BEGIN`, or
/// `bytes`), else read from the file a `str` or `os.PathLike` names. A file that cannot be
/// read is a bad setting, like bad PEM (which the core refuses when the client is built).
pub(crate) fn ca_pem(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
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
