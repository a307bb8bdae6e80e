//! Per-call options (`timeoutMs`, `maxRetries`, `headers`) and the units and shapes of the
//! client's own numeric and header settings, from JavaScript values into the core's
//! [`RequestOptions`]. Types were checked by `src-ts/requests.ts`; values are the core's to
//! judge. The Python binding's `options.rs` does the same job.

use std::time::Duration;

use napi_derive::napi;
use talkover::validate::timeout_from_secs;
use talkover::RequestOptions;

/// Per-call options whose types `src-ts/requests.ts` checked. Absent (`undefined`) when a
/// call has none, so the common call converts nothing.
#[napi(object)]
pub struct NativeRequestOptions {
    /// Timeout of each attempt, in milliseconds.
    pub timeout_ms: Option<f64>,
    /// Retries for this call.
    pub max_retries: Option<f64>,
    /// Headers of this call, as `[name, value, name, value, ...]`.
    pub headers: Option<Vec<String>>,
}

/// A duration JavaScript gave in milliseconds. The unit is this binding's, so is the check
/// that words it: the core's own check speaks of seconds.
pub(crate) fn millis(param: &'static str, ms: f64) -> talkover::Result<Duration> {
    if !(ms.is_finite() && ms > 0.0) {
        return Err(talkover::Error::invalid(
            param,
            "must be a positive, finite number of milliseconds",
        ));
    }
    timeout_from_secs(ms / 1000.0)
        .map_err(|_| talkover::Error::invalid(param, "must be at most a year, in milliseconds"))
}

/// A number of retries JavaScript gave.
pub(crate) fn retries(n: f64) -> talkover::Result<u32> {
    if n.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&n) {
        return Err(talkover::Error::invalid(
            "max_retries",
            "must be a non-negative integer",
        ));
    }
    Ok(n as u32)
}

/// Headers given as `[name, value, name, value, ...]`, as pairs in their order.
pub(crate) fn pairs(flat: Vec<String>) -> Vec<(String, String)> {
    let mut pairs = Vec::with_capacity(flat.len() / 2);
    let mut values = flat.into_iter();
    while let (Some(name), Some(value)) = (values.next(), values.next()) {
        pairs.push((name, value));
    }
    pairs
}

/// The core's per-call options. Values are the core's to judge (a reserved or malformed
/// header is refused there, before any I/O).
pub(crate) fn request_options(
    options: Option<NativeRequestOptions>,
) -> talkover::Result<RequestOptions> {
    let mut opts = RequestOptions::new();
    let Some(options) = options else {
        return Ok(opts);
    };
    if let Some(ms) = options.timeout_ms {
        opts = opts.timeout(millis("timeout", ms)?);
    }
    if let Some(n) = options.max_retries {
        opts = opts.max_retries(retries(n)?);
    }
    if let Some(headers) = options.headers {
        for (name, value) in pairs(headers) {
            opts = opts.header(name, value);
        }
    }
    Ok(opts)
}
