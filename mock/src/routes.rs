//! Serving an API request: logging it, letting a fault claim it, or answering it.
//!
//! An ordinary request takes the state lock once: log it, see whether a fault claims it,
//! and answer from the call store, all in one critical section. That keeps the server fast
//! enough for client benchmarks. Only faulted requests go through the slower path with
//! delays, a log guard that notices cancellation, and bodies that misbehave.

use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, ALLOW, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Request, Response, StatusCode};

use crate::body::{MockBody, Source};
use crate::endpoints::{answer, Reply, Route};
use crate::fault::{Fault, FaultKind};
use crate::log::{LogGuard, LoggedRequest, Outcome};
use crate::server::{ConnCtx, Shared};

/// The API's path prefix.
pub(crate) const API_PREFIX: &str = "/api/v1";
/// Largest request body read; a larger one closes the connection.
const MAX_BODY: usize = 16 * 1024 * 1024;
/// How long `truncate` and `reset` wait after their partial body before closing. hyper
/// drops whatever it still buffers when a body fails, and a reset also discards what the
/// client has not read yet; the pause lets the head and the partial body reach the client
/// first, so the failure lands mid-body rather than before the response.
const CUT_PAUSE: Duration = Duration::from_millis(50);

/// The service error: hyper closes the connection without writing a response.
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the simulator")
    }
}

impl std::error::Error for Dropped {}

/// Entry point for every request on a connection.
pub(crate) async fn dispatch(
    shared: Arc<Shared>,
    ctx: Arc<ConnCtx>,
    req: Request<Incoming>,
) -> Result<Response<MockBody>, Dropped> {
    let path = req.uri().path();
    if path == "/__mock" || path.starts_with("/__mock/") {
        return Ok(crate::control::handle(&shared, &ctx, req).await);
    }
    api(shared, ctx, req).await
}

/// A JSON response with the headers every answer carries.
pub(crate) fn json_response(
    status: StatusCode,
    body: MockBody,
    request_id: &str,
) -> Response<MockBody> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-request-id", value);
    }
    response
}

async fn api(
    shared: Arc<Shared>,
    ctx: Arc<ConnCtx>,
    req: Request<Incoming>,
) -> Result<Response<MockBody>, Dropped> {
    let (parts, body) = req.into_parts();
    // A body that cannot be read means the connection is already broken or abusive.
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(Dropped),
    };
    let raw_path = parts.uri.path();
    let is_api = raw_path == API_PREFIX
        || raw_path
            .strip_prefix(API_PREFIX)
            .is_some_and(|rest| rest.starts_with('/'));
    let route = if is_api {
        Route::parse(&parts.method, &raw_path[API_PREFIX.len()..], &body)
    } else {
        Route::Outside
    };
    let headers = &parts.headers;
    let authorized = shared.is_authorized(headers.get(AUTHORIZATION).map(HeaderValue::as_bytes));
    let request_id = shared.next_request_id();
    let entry = LoggedRequest {
        method: parts.method.as_str().to_owned(),
        path: raw_path.to_owned(),
        query: parts.uri.query().map(str::to_owned),
        body: String::from_utf8_lossy(&body).into_owned(),
        retry_count: headers
            .get("x-talkover-retry-count")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok()),
        user_agent: headers
            .get(hyper::header::USER_AGENT)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
        authorized,
        status: None,
        outcome: Outcome::Pending,
        request_id: request_id.clone(),
    };

    let (fault, seq) = match serve_or_claim(
        &shared,
        entry,
        is_api.then_some(raw_path),
        route,
        authorized,
    ) {
        Decision::Answered(status, reply, allow) => {
            let mut response = json_response(status, reply.into_body(), &request_id);
            if let Some(allow) = allow {
                response
                    .headers_mut()
                    .insert(ALLOW, HeaderValue::from_static(allow));
            }
            return Ok(response);
        }
        Decision::Claimed(fault, seq) => (fault, seq),
    };
    let guard = LogGuard::new(Arc::clone(&shared), seq);
    apply_fault(fault, guard, &shared, &ctx, &request_id).await
}

/// Under one lock: logs the request, then either answers it from the call store or, when a
/// fault claims it, returns the fault and the log sequence number to finish later.
fn serve_or_claim(
    shared: &Shared,
    entry: LoggedRequest,
    api_path: Option<&str>,
    route: Route,
    authorized: bool,
) -> Decision {
    let mut inner = shared.lock();
    let seq = inner.log.push(entry);
    if let Some(fault) = api_path.and_then(|path| inner.faults.take(path)) {
        return Decision::Claimed(Box::new(fault), seq);
    }
    let allow = match route {
        Route::WrongMethod(allow) if authorized => Some(allow),
        _ => None,
    };
    let (status, reply) = answer(&mut inner.calls, route, authorized);
    inner
        .log
        .finish(seq, Outcome::Responded, Some(status.as_u16()));
    Decision::Answered(status, reply, allow)
}

/// What [`serve_or_claim`] decided.
enum Decision {
    /// Answered from the call store: status, body, and the `allow` header for a 405.
    Answered(StatusCode, Reply, Option<&'static str>),
    /// A fault claimed the request; the log entry `seq` is still pending.
    Claimed(Box<Fault>, u64),
}

/// Plays out a fault. Dropping this future (the client went away) marks the log entry
/// `cancelled` through the guard.
async fn apply_fault(
    fault: Box<Fault>,
    guard: LogGuard,
    shared: &Shared,
    ctx: &ConnCtx,
    request_id: &str,
) -> Result<Response<MockBody>, Dropped> {
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    let source = match fault.body_bytes {
        Some(n) => Source::Filler(n),
        None => Source::Bytes(fault.body_text()),
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
    let status = StatusCode::from_u16(fault.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = json_response(status, body, request_id);
    let headers = response.headers_mut();
    if let Some(length) = content_length {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    }
    for (name, value) in &fault.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(name, value);
        }
    }
    if headers.contains_key(CONTENT_LENGTH) {
        // A header states the length; hyper must not also derive one from the body.
        response = response.map(MockBody::inexact);
    }
    guard.finish(Outcome::Responded, Some(status.as_u16()));
    Ok(response)
}
