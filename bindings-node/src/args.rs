//! JavaScript arguments as Rust values.
//!
//! Every argument arrives as an `Unknown` so that a wrong type becomes an
//! `InvalidRequestError` naming the option (delivered as a rejected promise, or thrown by the
//! constructor), never napi-rs's generic type error or a crash. Checking what the values mean
//! (a valid phone, a positive timeout, a parsable certificate) is the core's job.

use std::time::Duration;

use napi::bindgen_prelude::{FromNapiValue, Uint8Array, Unknown};
use napi::{JsValue, ValueType};

pub(crate) type Converted<T> = std::result::Result<T, talkover::Error>;

pub(crate) fn required_string(value: &Unknown<'_>, name: &'static str) -> Converted<String> {
    optional_string(value, name)?.ok_or_else(|| talkover::Error::invalid(name, "is required"))
}

pub(crate) fn optional_string(
    value: &Unknown<'_>,
    name: &'static str,
) -> Converted<Option<String>> {
    match js_type(value) {
        ValueType::Undefined | ValueType::Null => Ok(None),
        ValueType::String => unsafe { String::from_napi_value(value.value().env, value.raw()) }
            .map(Some)
            .map_err(|_| talkover::Error::invalid(name, "could not be read as a string")),
        other => Err(wrong_type(name, "a string", other)),
    }
}

/// `caCert`: a PEM string, or its bytes in a `Buffer` / `Uint8Array`.
pub(crate) fn optional_pem(value: &Unknown<'_>) -> Converted<Option<Vec<u8>>> {
    const NAME: &str = "caCert";
    const EXPECTED: &str = "a PEM string or a Buffer";
    match js_type(value) {
        ValueType::Object if value.is_typedarray().unwrap_or(false) => {
            unsafe { Uint8Array::from_napi_value(value.value().env, value.raw()) }
                .map(|bytes| Some(bytes.to_vec()))
                .map_err(|_| talkover::Error::invalid(NAME, format!("must be {EXPECTED}")))
        }
        ValueType::String => Ok(optional_string(value, NAME)?.map(String::into_bytes)),
        ValueType::Undefined | ValueType::Null => Ok(None),
        other => Err(wrong_type(NAME, EXPECTED, other)),
    }
}

pub(crate) fn optional_timeout(value: &Unknown<'_>) -> Converted<Option<Duration>> {
    match optional_number(value, "timeoutMs", "a number of milliseconds")? {
        Some(ms) => talkover::validate::timeout_from_millis(ms).map(Some),
        None => Ok(None),
    }
}

pub(crate) fn optional_retries(value: &Unknown<'_>) -> Converted<Option<u32>> {
    let Some(n) = optional_number(value, "maxRetries", "a non-negative integer")? else {
        return Ok(None);
    };
    if n.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&n) {
        return Err(talkover::Error::invalid(
            "maxRetries",
            "must be a non-negative integer",
        ));
    }
    Ok(Some(n as u32))
}

fn optional_number(
    value: &Unknown<'_>,
    name: &'static str,
    expected: &str,
) -> Converted<Option<f64>> {
    match js_type(value) {
        ValueType::Undefined | ValueType::Null => Ok(None),
        ValueType::Number => unsafe { f64::from_napi_value(value.value().env, value.raw()) }
            .map(Some)
            .map_err(|_| talkover::Error::invalid(name, "could not be read as a number")),
        other => Err(wrong_type(name, expected, other)),
    }
}

pub(crate) fn request_options(timeout_ms: &Unknown<'_>) -> Converted<talkover::RequestOptions> {
    let opts = talkover::RequestOptions::new();
    Ok(match optional_timeout(timeout_ms)? {
        Some(timeout) => opts.timeout(timeout),
        None => opts,
    })
}

pub(crate) fn js_type(value: &Unknown<'_>) -> ValueType {
    value.get_type().unwrap_or(ValueType::Unknown)
}

pub(crate) fn wrong_type(name: &'static str, expected: &str, got: ValueType) -> talkover::Error {
    let got = match got {
        ValueType::Boolean => "boolean",
        ValueType::Number => "number",
        ValueType::String => "string",
        ValueType::Symbol => "symbol",
        ValueType::Object => "object",
        ValueType::Function => "function",
        ValueType::BigInt => "bigint",
        _ => "a value of another type",
    };
    talkover::Error::invalid(name, format!("must be {expected}, got {got}"))
}
