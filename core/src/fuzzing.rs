//! The exact decode path of [`Client`](crate::Client), reachable without a network, for the
//! fuzz targets in `fuzz/`.
//!
//! Compiled only with the `fuzzing` feature and hidden from the docs: this is not API, and it
//! may change with any release. Each function builds the response the transport would have
//! handed over (no request id, no `Retry-After`) and runs the same decoder the client runs.

use crate::envelope;
use crate::error::Result;
use crate::model::{Call, CallPage, CampaignCall, EndedCall, PlacedCall};
use crate::transport::RawResponse;
use bytes::Bytes;

fn raw(status: u16, body: &[u8]) -> RawResponse {
    RawResponse {
        status,
        body: Bytes::copy_from_slice(body),
        ..RawResponse::default()
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

/// Decodes `body` as the answer to placing a call, as [`Client::make_call`] does.
///
/// [`Client::make_call`]: crate::Client::make_call
pub fn decode_make_call(status: u16, body: &[u8]) -> Result<PlacedCall> {
    envelope::decode_make_call(&raw(status, body))
}

/// Decodes `body` as the answer to a campaign call, as [`Client::make_campaign_call`] does.
///
/// [`Client::make_campaign_call`]: crate::Client::make_campaign_call
pub fn decode_campaign_call(status: u16, body: &[u8]) -> Result<CampaignCall> {
    envelope::decode_campaign_call(&raw(status, body))
}

/// Decodes `body` as page 1 of a call listing, as [`Client::list_calls`] does.
///
/// [`Client::list_calls`]: crate::Client::list_calls
pub fn decode_call_page(status: u16, body: &[u8]) -> Result<CallPage> {
    envelope::decode_call_page(&raw(status, body), 1)
}
