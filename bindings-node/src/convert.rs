//! Rust values as JavaScript values, built directly with Node-API (never JSON text parsed
//! again), and the one way a Node-API status becomes a `Result`.
//!
//! The Python binding's `convert.rs` does the same job (JSON values to and from Python).

use std::ffi::CStr;
use std::ptr;

use napi::{sys, Error, Result, Status};

/// A napi status as a `Result`.
pub(crate) fn check(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(
            Status::from(status),
            "a Node-API call failed".to_owned(),
        ))
    }
}

/// A new empty object.
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread (as for every
/// function of this module).
pub(crate) unsafe fn object(env: sys::napi_env) -> Result<sys::napi_value> {
    let mut obj = ptr::null_mut();
    check(unsafe { sys::napi_create_object(env, &mut obj) })?;
    Ok(obj)
}

/// Sets `obj[name] = value`.
pub(crate) unsafe fn set(
    env: sys::napi_env,
    obj: sys::napi_value,
    name: &CStr,
    value: sys::napi_value,
) -> Result<()> {
    check(unsafe { sys::napi_set_named_property(env, obj, name.as_ptr(), value) })
}

pub(crate) unsafe fn string(env: sys::napi_env, s: &str) -> Result<sys::napi_value> {
    let mut value = ptr::null_mut();
    check(unsafe {
        sys::napi_create_string_utf8(env, s.as_ptr().cast(), s.len() as isize, &mut value)
    })?;
    Ok(value)
}

pub(crate) unsafe fn number(env: sys::napi_env, n: f64) -> Result<sys::napi_value> {
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_create_double(env, n, &mut value) })?;
    Ok(value)
}

pub(crate) unsafe fn boolean(env: sys::napi_env, b: bool) -> Result<sys::napi_value> {
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_get_boolean(env, b, &mut value) })?;
    Ok(value)
}

pub(crate) unsafe fn null(env: sys::napi_env) -> Result<sys::napi_value> {
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_get_null(env, &mut value) })?;
    Ok(value)
}

/// A string, or `null`.
pub(crate) unsafe fn string_or_null(
    env: sys::napi_env,
    s: Option<&str>,
) -> Result<sys::napi_value> {
    match s {
        Some(s) => unsafe { string(env, s) },
        None => unsafe { null(env) },
    }
}

/// A number, or `null`.
pub(crate) unsafe fn number_or_null(env: sys::napi_env, n: Option<f64>) -> Result<sys::napi_value> {
    match n {
        Some(n) => unsafe { number(env, n) },
        None => unsafe { null(env) },
    }
}

/// A `Date`, or `null`.
pub(crate) unsafe fn date_or_null(
    env: sys::napi_env,
    at: Option<talkover::chrono::DateTime<talkover::chrono::Utc>>,
) -> Result<sys::napi_value> {
    let Some(at) = at else {
        return unsafe { null(env) };
    };
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_create_date(env, at.timestamp_millis() as f64, &mut value) })?;
    Ok(value)
}

/// A new array holding `values`, in order.
pub(crate) unsafe fn array(
    env: sys::napi_env,
    values: &[sys::napi_value],
) -> Result<sys::napi_value> {
    let mut array = ptr::null_mut();
    check(unsafe { sys::napi_create_array_with_length(env, values.len(), &mut array) })?;
    for (index, value) in values.iter().enumerate() {
        check(unsafe { sys::napi_set_element(env, array, index as u32, *value) })?;
    }
    Ok(array)
}
