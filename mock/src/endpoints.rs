//! The endpoints of the simulated API: path parsing, and answers from the state.
//!
//! Paths are parsed raw, one segment at a time, and each segment is percent-decoded on its
//! own: that is what makes `%2F` inside an id stay part of that id, as on the real server.
//! Error bodies are constants, byte for byte the envelopes the vendor documents. Bodies and
//! query strings are decoded and validated here, before the state lock is taken; only the
//! checks that need state run under it.

use bytes::Bytes;
use hyper::{Method, StatusCode};
use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::body::MockBody;
use crate::calls::{MakeCall, Rejection};
use crate::campaign_call::CampaignCallInput;
use crate::listing::ListQuery;
use crate::server::Inner;
use crate::state::EndOutcome;

const UNAUTHORIZED: &str = r#"{"success":false,"error":{"code":"INVALID_TOKEN","message":"Invalid or missing API token","details":{}}}"#;
const NOT_FOUND: &str = r#"{"success":false,"message":"Not found"}"#;
const METHOD_NOT_ALLOWED: &str = r#"{"success":false,"message":"Method not allowed"}"#;
const NO_ACTIVE_CALL: &str =
    r#"{"success":false,"message":"No active call found for this phone number"}"#;
const CALL_NOT_FOUND: &str = r#"{"success":false,"message":"Call not found for this agent"}"#;
const CALL_NOT_ACTIVE: &str =
    r#"{"success":false,"message":"Call is not active","code":"CALL_NOT_ACTIVE"}"#;
const CALL_SID_REQUIRED: &str = r#"{"success":false,"error":{"code":"VALIDATION_ERROR","message":"call_sid is required","details":{"field":"call_sid"}}}"#;

/// Which endpoint a request is for, with its decoded path parameters.
pub(crate) enum Route {
    ActiveCall {
        agent: String,
        phone: String,
    },
    EndCall {
        agent: String,
        call_sid: Option<String>,
    },
    MakeCall {
        agent: String,
        input: Result<MakeCall, Rejection>,
    },
    CampaignCall {
        campaign: String,
        input: Result<CampaignCallInput, Rejection>,
    },
    /// `GET /calls` (`agent` `None`) or `GET /agents/{agent}/calls`.
    ListCalls {
        agent: Option<String>,
        query: Result<ListQuery, Rejection>,
    },
    WrongMethod(&'static str),
    NotFound,
    /// Not under `/api/v1`: a plain 404, no token needed.
    Outside,
}

impl Route {
    /// Parses the path after `/api/v1`, segment by segment, decoding each on its own so an
    /// encoded `/` stays inside its segment.
    pub(crate) fn parse(method: &Method, rest: &str, query: Option<&str>, body: &[u8]) -> Route {
        let Some(rest) = rest.strip_prefix('/') else {
            return Route::NotFound;
        };
        let mut segs = rest.split('/');
        let parts = [segs.next(), segs.next(), segs.next(), segs.next()];
        let extra = segs.next().is_some();
        match parts {
            [Some("agents"), Some(agent), Some("active-call"), Some(phone)]
                if !extra && !agent.is_empty() && !phone.is_empty() =>
            {
                if method != Method::GET {
                    return Route::WrongMethod("GET");
                }
                Route::ActiveCall {
                    agent: decode(agent),
                    phone: decode(phone),
                }
            }
            [Some("agents"), Some(agent), Some("end-call"), None] if !agent.is_empty() => {
                if method != Method::POST {
                    return Route::WrongMethod("POST");
                }
                Route::EndCall {
                    agent: decode(agent),
                    call_sid: call_sid(body),
                }
            }
            [Some("agents"), Some(agent), Some("call"), None] if !agent.is_empty() => {
                if method != Method::POST {
                    return Route::WrongMethod("POST");
                }
                Route::MakeCall {
                    agent: decode(agent),
                    input: crate::calls::parse(body),
                }
            }
            [Some("agents"), Some(agent), Some("calls"), None] if !agent.is_empty() => {
                if method != Method::GET {
                    return Route::WrongMethod("GET");
                }
                Route::ListCalls {
                    agent: Some(decode(agent)),
                    query: crate::listing::parse(query, true),
                }
            }
            [Some("calls"), None, None, None] => {
                if method != Method::GET {
                    return Route::WrongMethod("GET");
                }
                Route::ListCalls {
                    agent: None,
                    query: crate::listing::parse(query, false),
                }
            }
            [Some("campaigns"), Some(campaign), Some("call"), None] if !campaign.is_empty() => {
                if method != Method::POST {
                    return Route::WrongMethod("POST");
                }
                Route::CampaignCall {
                    campaign: decode(campaign),
                    input: crate::campaign_call::parse(body),
                }
            }
            _ => Route::NotFound,
        }
    }
}

fn decode(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// The `call_sid` of an end-call body, if the body is a JSON object with a non-empty string.
fn call_sid(body: &[u8]) -> Option<String> {
    match serde_json::from_slice::<Value>(body).ok()? {
        Value::Object(mut map) => match map.remove("call_sid")? {
            Value::String(s) if !s.is_empty() => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// A response body that is either a constant or built for this request.
#[derive(Debug)]
pub(crate) enum Reply {
    Static(&'static str),
    Owned(String),
}

impl Reply {
    pub(crate) fn into_bytes(self) -> Bytes {
        match self {
            Reply::Static(s) => Bytes::from_static(s.as_bytes()),
            Reply::Owned(s) => Bytes::from(s),
        }
    }

    pub(crate) fn into_body(self) -> MockBody {
        MockBody::full(self.into_bytes())
    }
}

/// Answers a request from the state.
pub(crate) fn answer(inner: &mut Inner, route: Route, authorized: bool) -> (StatusCode, Reply) {
    if !authorized && !matches!(route, Route::Outside) {
        return (StatusCode::UNAUTHORIZED, Reply::Static(UNAUTHORIZED));
    }
    match route {
        Route::ActiveCall { agent, phone } => {
            let mut out = String::with_capacity(256);
            out.push_str(r#"{"success":true,"data":["#);
            if inner.calls.write_active(&agent, &phone, &mut out) == 0 {
                return (StatusCode::NOT_FOUND, Reply::Static(NO_ACTIVE_CALL));
            }
            out.push_str("]}");
            (StatusCode::OK, Reply::Owned(out))
        }
        Route::EndCall { agent, call_sid } => {
            let Some(call_sid) = call_sid else {
                return (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Reply::Static(CALL_SID_REQUIRED),
                );
            };
            match inner.calls.end(&agent, &call_sid) {
                EndOutcome::Ended(data) => {
                    let body = serde_json::json!({"success": true, "data": data});
                    (StatusCode::OK, Reply::Owned(body.to_string()))
                }
                EndOutcome::NotFound => (StatusCode::NOT_FOUND, Reply::Static(CALL_NOT_FOUND)),
                EndOutcome::NotActive => (StatusCode::CONFLICT, Reply::Static(CALL_NOT_ACTIVE)),
            }
        }
        Route::MakeCall { agent, input } => crate::calls::place(inner, &agent, input),
        Route::CampaignCall { campaign, input } => {
            crate::campaign_call::make_call(inner, &campaign, input)
        }
        Route::ListCalls { agent, query } => crate::listing::list(inner, agent.as_deref(), query),
        Route::WrongMethod(_) => (
            StatusCode::METHOD_NOT_ALLOWED,
            Reply::Static(METHOD_NOT_ALLOWED),
        ),
        Route::NotFound | Route::Outside => (StatusCode::NOT_FOUND, Reply::Static(NOT_FOUND)),
    }
}
