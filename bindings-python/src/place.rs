//! What `make_call` and `make_campaign_call` send: Python arguments into the core's
//! [`talkover::MakeCall`] and [`talkover::MakeCampaignCall`] (`list.rs` does the same for
//! `list_calls`).
//!
//! Only the shape of a value is checked here (a `dict`, an `int`); whether it is in range or
//! well formed is the core's call, so every language refuses the same values with the same
//! words. A value of the wrong type is an `InvalidRequestError` naming the argument, like a
//! value out of range: for these options the line between the two blurs (is `"5"` a bad
//! type for `delay_seconds`, or a bad value?), and Node refuses both the same way.

use crate::convert::dict_to_map;
use crate::errors::PyTalkoverError;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt};
use serde_json::{Map, Value};
use talkover::{MakeCall, MakeCampaignCall, MAX_DELAY_SECONDS};

/// An optional argument as PyO3 hands it over.
pub(crate) type Arg<'a, 'py> = Option<&'a Bound<'py, PyAny>>;

/// An `InvalidRequestError` for argument `param`, built by the core like any other.
pub(crate) fn invalid(param: &'static str, reason: impl Into<String>) -> PyErr {
    PyTalkoverError(talkover::Error::invalid(param, reason)).into()
}

/// `payload` and `context`: a `dict` with `str` keys and JSON values.
fn object(param: &'static str, value: Arg<'_, '_>) -> PyResult<Option<Map<String, Value>>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let dict = value.cast::<PyDict>().map_err(|_| {
        let type_name = value.get_type().name().map(|n| n.to_string());
        invalid(
            param,
            format!("must be a dict, not {}", type_name.unwrap_or_default()),
        )
    })?;
    dict_to_map(dict).map(Some).map_err(|err| {
        // A key that is not a str, or a value JSON cannot hold: the argument's fault.
        if err.is_instance_of::<PyTypeError>(value.py()) {
            invalid(param, err.value(value.py()).to_string())
        } else {
            err
        }
    })
}

/// `delay_seconds` and `per_page`: an `int` (not a `bool`). Values past `u32` saturate, so the
/// core's range check refuses them in its own words; a negative one cannot reach the core,
/// and is refused with `below_zero`, the core's words for the range.
pub(crate) fn count(
    param: &'static str,
    value: Arg<'_, '_>,
    below_zero: &str,
) -> PyResult<Option<u32>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if !value.is_instance_of::<PyInt>() || value.is_instance_of::<PyBool>() {
        return Err(invalid(param, "must be an int"));
    }
    if value.lt(0)? {
        return Err(invalid(param, below_zero));
    }
    Ok(Some(value.extract::<u32>().unwrap_or(u32::MAX)))
}

/// The request of `make_call`.
pub(crate) fn make_call(
    to: String,
    payload: Arg<'_, '_>,
    context: Arg<'_, '_>,
    delay_seconds: Arg<'_, '_>,
    is_testing: bool,
) -> PyResult<MakeCall> {
    let mut request = MakeCall::new(to).is_testing(is_testing);
    request.payload = object("payload", payload)?;
    request.context = object("context", context)?;
    let delay_range = format!("must be between 0 and {MAX_DELAY_SECONDS}");
    request.delay_seconds = count("delay_seconds", delay_seconds, &delay_range)?;
    Ok(request)
}

/// The request of `make_campaign_call`.
pub(crate) fn make_campaign_call(
    to: String,
    payload: Arg<'_, '_>,
    context: Arg<'_, '_>,
    is_testing: bool,
    allow_duplicates: bool,
) -> PyResult<MakeCampaignCall> {
    let mut request = MakeCampaignCall::new(to)
        .is_testing(is_testing)
        .allow_duplicates(allow_duplicates);
    request.payload = object("payload", payload)?;
    request.context = object("context", context)?;
    Ok(request)
}
