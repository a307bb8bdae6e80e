//! The exact decode path of [`Client`](crate::Client), reachable without a network, for the
//! fuzz targets in `fuzz/`.
//!
//! Compiled only with the `fuzzing` feature and hidden from the docs: this is not API, and it
//! may change with any release. Each function builds the response the transport would have
//! handed over (no request id, no `Retry-After`) and runs the same decoder the client runs.

use crate::envelope;
use crate::error::Result;
use crate::model::{Call, EndedCall};
use crate::transport::RawResponse;
use bytes::Bytes;

fn raw(status: u16, body: &[u8]) -> RawResponse {
    RawResponse {
        status,
        request_id: None,
        retry_after: None,
        body: Bytes::copy_from_slice(body),
    }
}

/// Decodes `body` as the answer to `active-call`, as [`Client::active_call`] does.
///
/// [`Client::active_call`]: crate::Client::active_call
pub fn decode_active_call(status: u16, body: &[u8]) -> Result<Vec<Call>> {
    envelope::decode_active_call(&raw(status, body))
}

/// Decodes `body` as the answer to `end-call`, as [`Client::end_call`] does.
///
/// [`Client::end_call`]: crate::Client::end_call
pub fn decode_end_call(status: u16, body: &[u8]) -> Result<EndedCall> {
    envelope::decode_end_call(&raw(status, body))
}
