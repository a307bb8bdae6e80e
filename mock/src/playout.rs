//! Playing out a fault that claimed a request: the delay, then a dropped, hung, mangled or
//! scripted answer, or, for a fault that applied, the real answer mangled the same way.

use std::time::Duration;

use hyper::header::{HeaderName, HeaderValue, CONTENT_LENGTH};
use hyper::{Response, StatusCode};

use crate::body::{MockBody, Source};
use crate::fault::FaultKind;
use crate::log::{LogGuard, Outcome};
use crate::routes::{decorate, json_response, Claim, Dropped};
use crate::server::{ConnCtx, Shared};

/// How long `truncate` and `reset` wait after their partial body before closing. hyper
/// drops whatever it still buffers when a body fails, and a reset also discards what the
/// client has not read yet; the pause lets the head and the partial body reach the client
/// first, so the failure lands mid-body rather than before the response.
const CUT_PAUSE: Duration = Duration::from_millis(50);

/// Plays out a fault. Dropping this future (the client went away) marks the log entry
/// `cancelled` through the guard.
pub(crate) async fn apply_fault(
    claim: Claim,
    guard: LogGuard,
    shared: &Shared,
    ctx: &ConnCtx,
    request_id: &str,
) -> Result<Response<MockBody>, Dropped> {
    let Claim {
        fault, rate, real, ..
    } = claim;
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    // A fault that applied sends the real answer, with its headers; the fault's own status,
    // body and headers are ignored.
    let (status, source, real_headers) = match real {
        Some(answer) => (
            answer.status,
            Source::Bytes(answer.reply.into_bytes()),
            Some((answer.allow, answer.rate)),
        ),
        None => {
            let status =
                StatusCode::from_u16(fault.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let source = match fault.body_bytes {
                Some(n) => Source::Filler(n),
                None => Source::Bytes(fault.body_text()),
            };
            (status, source, None)
        }
    };
    let len = source.len();
    let mut content_length = None;
    let body = match fault.kind {
        FaultKind::Drop => {
            guard.finish(Outcome::Dropped, None);
            return Err(Dropped);
        }
        FaultKind::Hang => {
            shared.stopping().await;
            guard.finish(Outcome::Dropped, None);
            return Err(Dropped);
        }
        FaultKind::Respond => MockBody::source(source),
        FaultKind::Trickle => {
            MockBody::source(source).trickle(Duration::from_millis(fault.chunk_delay_ms))
        }
        FaultKind::Truncate => {
            content_length = Some(len.saturating_mul(2).saturating_add(16));
            MockBody::source(source).cut(len, CUT_PAUSE)
        }
        FaultKind::Reset => {
            ctx.reset.store(true, std::sync::atomic::Ordering::Relaxed);
            content_length = Some(len);
            MockBody::source(source).cut(len / 2, CUT_PAUSE)
        }
    };
    let mut response = json_response(status, body, request_id);
    let headers = response.headers_mut();
    if let Some(length) = content_length {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    }
    match real_headers {
        Some((allow, rate)) => decorate(headers, allow, rate.as_ref()),
        None => {
            for (name, value) in &fault.headers {
                if let (Ok(name), Ok(value)) = (
                    HeaderName::from_bytes(name.as_bytes()),
                    HeaderValue::from_str(value),
                ) {
                    headers.insert(name, value);
                }
            }
            // After the fault's headers, so a fault that sets them wins.
            decorate(headers, None, rate.as_ref());
        }
    }
    if headers.contains_key(CONTENT_LENGTH) {
        // A header states the length; hyper must not also derive one from the body.
        response = response.map(MockBody::inexact);
    }
    guard.finish(Outcome::Responded, Some(status.as_u16()));
    Ok(response)
}
