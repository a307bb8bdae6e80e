//! What every model class shares, written once: the `model_methods!` macro adds `extra`, the
//! response metadata (`_request_id`, `_rate_limit`), `to_dict`, `to_json`, `_repr_html_`,
//! `__match_args__`, `__repr__` and `__reduce__` to a class's own `#[pymethods]` block (PyO3
//! takes one such block per class, so the shared methods are spliced into it rather than
//! declared in a second one).
//!
//! `to_dict` is the core's `Serialize` of the model, so it is the API's JSON: wire field
//! names (`from`, not `from_`), timestamps as RFC 3339 strings ending in `Z`, statuses as
//! their strings, nested models as dicts, and `extra` merged back at the top level where the
//! API sent it. That makes `to_dict()` what the API answered (it round-trips through the
//! core's decoder), and gives `pd.DataFrame([c.to_dict() for c in calls])` one column per
//! field, unknown fields included.

use crate::convert::json_to_py;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use serde::Serialize;
use serde_json::Value;

/// Adds the shared methods to a model class. `fields` are the constructor's parameters in
/// order (`__reduce__` passes them back; `__match_args__` is the same list without `extra`;
/// `extra` may not hold their keys: see `extra_map`); `repr` the ones `__repr__` shows;
/// `adds` the optional groups of getters, each added once by its own arm below: `extra`,
/// and `response` (`_request_id` and `_rate_limit`, what a result knows of the response it
/// came from).
macro_rules! model_methods {
    ($ty:ident, $name:literal, fields: $fields:expr, repr: $repr:expr,
     adds: [extra $(, $rest:ident)*], { $($body:tt)* }) => {
        $crate::models::data::model_methods!($ty, $name, fields: $fields, repr: $repr,
            adds: [$($rest),*], {
            $($body)*

            /// Fields the API sent that this version does not know, as a new `dict`.
            #[getter]
            fn extra<'py>(
                &self,
                py: ::pyo3::Python<'py>,
            ) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::types::PyDict>> {
                $crate::convert::map_to_py(py, &self.0.extra)
            }
        });
    };
    ($ty:ident, $name:literal, fields: $fields:expr, repr: $repr:expr,
     adds: [response $(, $rest:ident)*], { $($body:tt)* }) => {
        $crate::models::data::model_methods!($ty, $name, fields: $fields, repr: $repr,
            adds: [$($rest),*], {
            $($body)*

            /// The ``x-request-id`` of the response this came from, to quote to support;
            /// ``None`` for a value you built. Not a field: ``to_dict()`` leaves it out.
            #[getter]
            fn _request_id(&self) -> Option<String> {
                $crate::response::request_id(self.0.response())
            }

            /// The rate-limit state (``RateLimit``) the response this came from reported;
            /// ``None`` for a value you built or when the response had none.
            #[getter]
            fn _rate_limit(
                &self,
                py: ::pyo3::Python<'_>,
            ) -> ::pyo3::PyResult<Option<::pyo3::Py<$crate::response::PyRateLimit>>> {
                $crate::response::rate_limit(py, self.0.response().and_then(|m| m.rate_limit))
            }
        });
    };
    ($ty:ident, $name:literal, fields: $fields:expr, repr: $repr:expr, adds: [], { $($body:tt)* }) => {
        impl $ty {
            /// The constructor's parameters, in order.
            const FIELDS: &'static [&'static str] = &$fields;
        }

        #[::pyo3::pymethods]
        impl $ty {
            $($body)*

            /// The fields `match` binds by position: the constructor's, without `extra`.
            #[classattr]
            fn __match_args__(
                py: ::pyo3::Python<'_>,
            ) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::types::PyTuple>> {
                $crate::models::data::match_args(py, Self::FIELDS)
            }

            /// The API's JSON as plain Python data (`dict`, `list`, `str`, numbers,
            /// `None`): wire field names, timestamps as ISO 8601 strings in UTC (`Z`),
            /// statuses as strings, nested models as dicts, and `extra` merged back at the
            /// top level. `json.dumps` takes it as is.
            fn to_dict<'py>(
                &self,
                py: ::pyo3::Python<'py>,
            ) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::PyAny>> {
                $crate::models::data::to_dict(py, &self.0)
            }

            /// `json.dumps(self.to_dict(), **kwargs)`.
            #[pyo3(signature = (**kwargs))]
            fn to_json(
                &self,
                py: ::pyo3::Python<'_>,
                kwargs: Option<&::pyo3::Bound<'_, ::pyo3::types::PyDict>>,
            ) -> ::pyo3::PyResult<String> {
                $crate::models::data::to_json(py, &self.0, kwargs)
            }

            /// The fields as a small HTML table, for Jupyter.
            fn _repr_html_(&self) -> ::pyo3::PyResult<String> {
                $crate::models::data::to_html($name, &self.0)
            }

            fn __repr__(slf: &::pyo3::Bound<'_, Self>) -> ::pyo3::PyResult<String> {
                $crate::models::repr_of(slf, $name, &$repr)
            }

            fn __reduce__<'py>(
                slf: &::pyo3::Bound<'py, Self>,
            ) -> ::pyo3::PyResult<(
                ::pyo3::Bound<'py, ::pyo3::PyAny>,
                ::pyo3::Bound<'py, ::pyo3::types::PyTuple>,
            )> {
                $crate::models::reduce_of(slf, Self::FIELDS)
            }
        }
    };
}
pub(crate) use model_methods;

pub(crate) fn match_args(py: Python<'_>, fields: &[&str]) -> PyResult<Py<PyTuple>> {
    let names: Vec<&str> = fields.iter().copied().filter(|f| *f != "extra").collect();
    Ok(PyTuple::new(py, names)?.unbind())
}

fn json_of(model: &impl Serialize) -> PyResult<Value> {
    // The models hold only strings, numbers, timestamps and JSON values: serializing them
    // cannot fail, but a failure would still be an exception rather than a panic.
    serde_json::to_value(model).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}

pub(crate) fn to_dict<'py>(py: Python<'py>, model: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    Ok(json_to_py(py, &json_of(model)?)?.into_bound(py))
}

pub(crate) fn to_json(
    py: Python<'_>,
    model: &impl Serialize,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    // Through `json.dumps`, so the text and the keyword arguments (`indent`, `sort_keys`,
    // ...) are the ones Python users know.
    let dumps = py.import("json")?.getattr("dumps")?;
    dumps.call((to_dict(py, model)?,), kwargs)?.extract()
}

/// `<table>` of a model's fields: one row per field; a nested model is a table in its cell,
/// and a list of models (a page's items) a table with one row per item.
pub(crate) fn to_html(name: &str, model: &impl Serialize) -> PyResult<String> {
    let mut out = String::new();
    out.push_str("<table class=\"talkover\"><caption style=\"text-align:left\"><b>");
    escape_into(&mut out, name);
    out.push_str("</b></caption>");
    object_rows(&mut out, &json_of(model)?);
    out.push_str("</table>");
    Ok(out)
}

fn object_rows(out: &mut String, value: &Value) {
    let Value::Object(map) = value else {
        return cell(out, value);
    };
    for (key, value) in map {
        out.push_str("<tr><th style=\"text-align:left\">");
        escape_into(out, key);
        out.push_str("</th><td style=\"text-align:left\">");
        cell(out, value);
        out.push_str("</td></tr>");
    }
}

fn cell(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Value::String(s) => escape_into(out, s),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Object(_) => {
            out.push_str("<table>");
            object_rows(out, value);
            out.push_str("</table>");
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            rows_table(out, items)
        }
        Value::Array(_) => escape_into(out, &value.to_string()),
    }
}

/// A list of objects as a table: the columns are every key, in order of first appearance.
fn rows_table(out: &mut String, items: &[Value]) {
    let mut columns: Vec<&str> = Vec::new();
    for key in items
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|m| m.keys())
    {
        if !columns.contains(&key.as_str()) {
            columns.push(key);
        }
    }
    out.push_str("<table><tr>");
    for column in &columns {
        out.push_str("<th style=\"text-align:left\">");
        escape_into(out, column);
        out.push_str("</th>");
    }
    out.push_str("</tr>");
    for item in items {
        out.push_str("<tr>");
        for column in &columns {
            out.push_str("<td style=\"text-align:left\">");
            if let Some(value) = item.get(*column) {
                cell(out, value);
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

/// Text as HTML: the API's strings (and the keys of `extra`) are data, never markup.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
}
