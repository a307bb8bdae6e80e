//! Serving an API request: logging it, counting it against the rate limit, letting a fault
//! claim it, or answering it.
//!
//! An ordinary request takes the state lock once: log it, count it, see whether a fault
//! claims it, and answer from the state, all in one critical section. That keeps the server
//! fast enough for client benchmarks. Only faulted requests go through the slower path with
//! delays, a log guard that notices cancellation, and bodies that misbehave. A fault with
//! `apply` set is served against the state first, in that same critical section, and then
//! misbehaves with the real answer: the request took effect but the client cannot know.

use std::sync::Arc;

use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW, AUTHORIZATION, CONTENT_TYPE};
use hyper::{Request, Response, StatusCode};

use crate::body::MockBody;
use crate::endpoints::{answer, Reply, Route};
use crate::fault::Fault;
use crate::log::{LogGuard, LoggedRequest, Outcome};
use crate::ratelimit::RateInfo;
use crate::server::{ConnCtx, Inner, Shared};

/// The API's path prefix.
pub(crate) const API_PREFIX: &str = "/api/v1";
/// Largest request body read; a larger one closes the connection.
const MAX_BODY: usize = 16 * 1024 * 1024;

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
        Route::parse(
            &parts.method,
            &raw_path[API_PREFIX.len()..],
            parts.uri.query(),
            &body,
        )
    } else {
        Route::Outside
    };
    let headers = &parts.headers;
    let auth = headers.get(AUTHORIZATION).map(HeaderValue::as_bytes);
    let authorized = shared.is_authorized(auth);
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
        headers: headers
            .iter()
            .filter(|(name, _)| !crate::log::USUAL_HEADERS.contains(&name.as_str()))
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect(),
        authorized,
        status: None,
        outcome: Outcome::Pending,
        request_id: request_id.clone(),
        applied: false,
    };
    let request = RequestFacts {
        api_path: is_api.then_some(raw_path),
        route,
        authorized,
        auth: auth.unwrap_or_default(),
    };
    match serve_or_claim(&shared, entry, request) {
        Decision::Answered(answer) => Ok(answer.into_response(&request_id)),
        Decision::Claimed(claim) => {
            let guard = LogGuard::new(Arc::clone(&shared), claim.seq);
            crate::playout::apply_fault(*claim, guard, &shared, &ctx, &request_id).await
        }
    }
}

/// What [`serve_or_claim`] needs to know about a request.
struct RequestFacts<'a> {
    /// The raw path when it is under `/api/v1`.
    api_path: Option<&'a str>,
    route: Route,
    authorized: bool,
    /// The `Authorization` header, which keys the rate-limit window.
    auth: &'a [u8],
}

/// A real answer: what the state says.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) reply: Reply,
    /// The `allow` header of a 405.
    pub(crate) allow: Option<&'static str>,
    /// `None` outside `/api/v1`.
    pub(crate) rate: Option<RateInfo>,
}

impl Answer {
    fn into_response(self, request_id: &str) -> Response<MockBody> {
        let mut response = json_response(self.status, self.reply.into_body(), request_id);
        decorate(response.headers_mut(), self.allow, self.rate.as_ref());
        response
    }
}

/// Adds a 405's `allow` and the rate-limit headers (those not already set).
pub(crate) fn decorate(
    headers: &mut hyper::HeaderMap,
    allow: Option<&'static str>,
    rate: Option<&RateInfo>,
) {
    if let Some(allow) = allow {
        headers.insert(ALLOW, HeaderValue::from_static(allow));
    }
    if let Some(rate) = rate {
        rate.write(headers);
    }
}

/// Under one lock: logs and counts the request, then either answers it from the state or,
/// when a fault claims it, returns the fault (with the real answer if it applies first).
fn serve_or_claim(shared: &Shared, entry: LoggedRequest, request: RequestFacts<'_>) -> Decision {
    let mut inner = shared.lock();
    let seq = inner.log.push(entry);
    let rate = request.api_path.map(|_| {
        let limit = inner.config.rate_limit_per_minute;
        inner.rate.hit(request.auth, limit)
    });
    let fault = request.api_path.and_then(|path| inner.faults.take(path));
    if let Some(fault) = fault.as_ref().filter(|f| !f.apply) {
        return Decision::Claimed(Box::new(Claim {
            fault: fault.clone(),
            seq,
            rate,
            real: None,
        }));
    }
    let real = real_answer(&mut inner, request.route, request.authorized, rate.clone());
    match fault {
        Some(fault) => {
            inner.log.mark_applied(seq);
            Decision::Claimed(Box::new(Claim {
                fault,
                seq,
                rate,
                real: Some(real),
            }))
        }
        None => {
            inner
                .log
                .finish(seq, Outcome::Responded, Some(real.status.as_u16()));
            Decision::Answered(real)
        }
    }
}

/// The answer the state gives: 429 when over the rate limit, else the endpoint's.
fn real_answer(
    inner: &mut Inner,
    route: Route,
    authorized: bool,
    rate: Option<RateInfo>,
) -> Answer {
    if let Some(retry_after) = rate.as_ref().and_then(|r| r.exceeded) {
        return Answer {
            status: StatusCode::TOO_MANY_REQUESTS,
            reply: Reply::Owned(RateInfo::body(retry_after)),
            allow: None,
            rate,
        };
    }
    let allow = match route {
        Route::WrongMethod(allow) if authorized => Some(allow),
        _ => None,
    };
    let (status, reply) = answer(inner, route, authorized);
    Answer {
        status,
        reply,
        allow,
        rate,
    }
}

/// What [`serve_or_claim`] decided.
enum Decision {
    /// Answered from the state.
    Answered(Answer),
    /// A fault claimed the request; its log entry is still pending.
    Claimed(Box<Claim>),
}

/// A claimed request: the fault, its log entry, its rate window and, for a fault that
/// applies, the real answer the fault now plays with.
pub(crate) struct Claim {
    pub(crate) fault: Fault,
    pub(crate) seq: u64,
    pub(crate) rate: Option<RateInfo>,
    pub(crate) real: Option<Answer>,
}
