//! The control API under `/__mock`: the same seeding, faults and log as the Rust methods,
//! over plain HTTP.
//!
//! Test suites in other languages, and anyone running the standalone binary, drive the
//! simulator through these routes. They need no token (they are not part of the simulated
//! API) and answer loopback clients only, since anyone who can reach them can rewrite the
//! server's behaviour. Control requests are not logged, so the log shows only API traffic.

use std::sync::Arc;

use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use serde::Serialize;
use serde_json::Value;

use crate::agents::SeedAgent;
use crate::body::MockBody;
use crate::campaigns::SeedCampaign;
use crate::fault::Fault;
use crate::seed::SeedCall;
use crate::server::{ConnCtx, Shared};

/// Largest control request body read.
const MAX_BODY: usize = 1024 * 1024;

/// Serves one `/__mock` request.
pub(crate) async fn handle(
    shared: &Arc<Shared>,
    ctx: &ConnCtx,
    req: Request<Incoming>,
) -> Response<MockBody> {
    if !ctx.peer.ip().to_canonical().is_loopback() {
        return message(
            StatusCode::FORBIDDEN,
            "control API answers loopback clients only",
        );
    }
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return message(StatusCode::BAD_REQUEST, "unreadable request body"),
    };
    let method = &parts.method;
    match parts.uri.path() {
        "/__mock/calls" if method == Method::POST => match parse::<SeedCall>(&body) {
            Ok(call) => json(StatusCode::CREATED, &shared.lock().seed_call(call)),
            Err(msg) => message(StatusCode::BAD_REQUEST, &msg),
        },
        "/__mock/calls" if method == Method::GET => {
            json(StatusCode::OK, &shared.lock().calls.list())
        }
        "/__mock/agents" if method == Method::POST => match parse::<SeedAgent>(&body) {
            Ok(agent) => json(StatusCode::CREATED, &shared.lock().agents.seed(agent)),
            Err(msg) => message(StatusCode::BAD_REQUEST, &msg),
        },
        "/__mock/agents" if method == Method::GET => {
            json(StatusCode::OK, &shared.lock().agents.list())
        }
        "/__mock/campaigns" if method == Method::POST => match parse::<SeedCampaign>(&body) {
            Ok(campaign) => json(StatusCode::CREATED, &shared.lock().campaigns.seed(campaign)),
            Err(msg) => message(StatusCode::BAD_REQUEST, &msg),
        },
        "/__mock/campaigns" if method == Method::GET => {
            json(StatusCode::OK, &shared.lock().campaigns.list())
        }
        "/__mock/campaign-calls" if method == Method::GET => {
            json(StatusCode::OK, &shared.lock().campaigns.calls())
        }
        "/__mock/config" if method == Method::GET => {
            json(StatusCode::OK, &shared.lock().config.to_json())
        }
        "/__mock/config" if method == Method::POST => {
            let update =
                parse::<Value>(&body).and_then(|patch| shared.lock().config.update(&patch));
            match update {
                Ok(()) => empty(),
                Err(msg) => message(StatusCode::BAD_REQUEST, &msg),
            }
        }
        "/__mock/faults" if method == Method::POST => match parse_faults(&body) {
            Ok(faults) => {
                let mut inner = shared.lock();
                for fault in faults {
                    inner.faults.push(fault);
                }
                empty()
            }
            Err(msg) => message(StatusCode::BAD_REQUEST, &msg),
        },
        "/__mock/requests" if method == Method::GET => {
            let log = shared.lock().log.snapshot();
            json(StatusCode::OK, &log)
        }
        "/__mock/requests" if method == Method::DELETE => {
            shared.lock().log.clear();
            empty()
        }
        "/__mock/reset" if method == Method::POST => {
            shared.lock().reset();
            empty()
        }
        "/__mock/health" if method == Method::GET => json(
            StatusCode::OK,
            &serde_json::json!({
                "ok": true,
                "connections_open": shared.connections_open(),
                "connections_total": shared.connections_total(),
            }),
        ),
        path => match allowed(path) {
            Some(allow) => {
                let mut response = message(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
                response
                    .headers_mut()
                    .insert(ALLOW, HeaderValue::from_static(allow));
                response
            }
            None => message(StatusCode::NOT_FOUND, "unknown control route"),
        },
    }
}

/// The methods a known control path accepts.
fn allowed(path: &str) -> Option<&'static str> {
    match path {
        "/__mock/calls" | "/__mock/agents" | "/__mock/campaigns" | "/__mock/config" => {
            Some("GET, POST")
        }
        "/__mock/campaign-calls" => Some("GET"),
        "/__mock/requests" => Some("GET, DELETE"),
        "/__mock/faults" | "/__mock/reset" => Some("POST"),
        "/__mock/health" => Some("GET"),
        _ => None,
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("invalid JSON body: {e}"))
}

/// One fault or an array of them; all are checked before any is queued.
fn parse_faults(body: &[u8]) -> Result<Vec<Fault>, String> {
    let faults = match parse::<Value>(body)? {
        Value::Array(items) => items
            .into_iter()
            .map(serde_json::from_value)
            .collect::<Result<Vec<Fault>, _>>(),
        other => serde_json::from_value(other).map(|fault| vec![fault]),
    }
    .map_err(|e| format!("invalid fault: {e}"))?;
    for fault in &faults {
        fault.validate()?;
    }
    Ok(faults)
}

fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response<MockBody> {
    match serde_json::to_vec(value) {
        Ok(bytes) => with_json_type(status, MockBody::full(bytes)),
        Err(e) => message(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

fn message(status: StatusCode, text: &str) -> Response<MockBody> {
    let body = serde_json::json!({"success": false, "message": text}).to_string();
    with_json_type(status, MockBody::full(body))
}

fn empty() -> Response<MockBody> {
    let mut response = Response::new(MockBody::full(bytes::Bytes::new()));
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

fn with_json_type(status: StatusCode, body: MockBody) -> Response<MockBody> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
