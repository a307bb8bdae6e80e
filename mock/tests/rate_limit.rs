//! Rate limits: the `X-RateLimit-*` headers on every API response, the optional per-token
//! limit per one-minute window, and its 429.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::*;
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use talkover_mock::{Fault, MockOptions, MockServer, SeedAgent, SeedCall};

fn header(headers: &HeaderMap, name: &str) -> u64 {
    headers[name]
        .to_str()
        .expect("ascii")
        .parse()
        .unwrap_or_else(|_| panic!("{name} is a number"))
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

fn limited(limit: u32) -> MockServer {
    MockServer::start(MockOptions {
        rate_limit_per_minute: Some(limit),
        ..MockOptions::default()
    })
    .expect("starts")
}

#[tokio::test]
async fn every_api_response_reports_the_window() {
    let server = server();
    server.seed_call(SeedCall::new("agent_1", PHONE));
    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}");
    let before = now_secs();
    let (status, headers, _) = send(get(&client(), &server, &path)).await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "x-ratelimit-limit"), 1000);
    assert_eq!(header(&headers, "x-ratelimit-remaining"), 999);
    let reset = header(&headers, "x-ratelimit-reset");
    assert_eq!(reset % 60, 0, "windows end on the minute");
    assert!(reset > before && reset <= now_secs() + 60, "{reset}");
    let (_, headers, _) = send(get(&client(), &server, "/calls")).await;
    // The window may have rolled over between the two requests.
    let remaining = header(&headers, "x-ratelimit-remaining");
    assert!(remaining == 998 || remaining == 999, "{remaining}");
    assert!(!headers.contains_key("retry-after"));

    // Errors count and carry the headers too: a 404, a 405, a 401.
    for (req, want) in [
        (get(&client(), &server, "/nowhere"), 404),
        (get(&client(), &server, "/agents/agent_1/end-call"), 405),
        (client().get(format!("{}/calls", server.url())), 401),
    ] {
        let (status, headers, _) = send(req).await;
        assert_eq!(status, want);
        assert_eq!(header(&headers, "x-ratelimit-limit"), 1000);
        assert!(headers.contains_key("x-ratelimit-remaining"));
        assert!(headers.contains_key("x-ratelimit-reset"));
    }
    // Outside the API there is nothing to limit.
    let resp = client()
        .get(format!("http://{}/other", server.addr()))
        .send()
        .await
        .expect("response");
    assert!(!resp.headers().contains_key("x-ratelimit-limit"));
}

#[tokio::test]
async fn past_the_limit_requests_get_the_documented_429() {
    let server = limited(3);
    server.seed_agent(SeedAgent::new("agent_1"));
    let body = json!({"to": PHONE}).to_string();
    // Retried if the minute turns mid-way, so all five requests share one window.
    let (statuses, headers, answer) = loop {
        server.reset();
        server.seed_agent(SeedAgent::new("agent_1"));
        let mut statuses = Vec::new();
        let mut resets = Vec::new();
        let mut last = None;
        for _ in 0..5 {
            let (status, headers, answer) =
                send(post(&client(), &server, "/agents/agent_1/call", &body)).await;
            statuses.push(status);
            resets.push(header(&headers, "x-ratelimit-reset"));
            last = Some((headers, answer));
        }
        if resets.iter().all(|&r| r == resets[0]) {
            let (headers, answer) = last.expect("answered");
            break (statuses, headers, answer);
        }
    };
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    assert_eq!(server.calls().len(), 3, "a 429 places nothing");
    assert_eq!(header(&headers, "x-ratelimit-limit"), 3);
    assert_eq!(header(&headers, "x-ratelimit-remaining"), 0);
    let retry_after = answer["error"]["details"]["retry_after"]
        .as_u64()
        .expect("a number");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(
        answer,
        json!({"error": {"code": "RATE_LIMIT_EXCEEDED",
            "message": "Rate limit exceeded. Please wait before making more requests.",
            "details": {"retry_after": retry_after}}})
    );
    assert!(
        !headers.contains_key("retry-after"),
        "the real API sends none"
    );
}

#[tokio::test]
async fn windows_are_per_token() {
    let server = limited(1);
    let (status, _, _) = send(get(&client(), &server, "/calls")).await;
    assert_eq!(status, 200);
    // A wrong token has its own window: its first request is a 401, not a 429.
    let stranger = client()
        .get(format!("{}/calls", server.url()))
        .bearer_auth("talq_someone_else");
    let (status, headers, _) = send(stranger).await;
    assert_eq!(status, 401);
    assert_eq!(header(&headers, "x-ratelimit-remaining"), 0);
    let (status, _, _) = send(get(&client(), &server, "/calls")).await;
    // 429 unless the minute turned between the two requests.
    assert!(status == 429 || status == 200);
}

#[tokio::test]
async fn faulted_responses_carry_the_headers_unless_the_fault_sets_them() {
    let server = server();
    server.add_fault(Fault::respond(503));
    server.add_fault(Fault::respond(500).header("x-ratelimit-limit", "7"));
    let (status, headers, _) = send(get(&client(), &server, "/calls")).await;
    assert_eq!(status, 503);
    assert_eq!(header(&headers, "x-ratelimit-limit"), 1000);
    assert!(headers.contains_key("x-ratelimit-remaining"));
    let (status, headers, _) = send(get(&client(), &server, "/calls")).await;
    assert_eq!(status, 500);
    assert_eq!(header(&headers, "x-ratelimit-limit"), 7);
    assert!(headers.contains_key("x-ratelimit-reset"));
}

#[tokio::test]
async fn the_limit_changes_at_run_time_and_reset_restores_it() {
    let server = server();
    server.set_rate_limit_per_minute(Some(0));
    let (status, headers, body) = send(get(&client(), &server, "/calls")).await;
    assert_eq!(status, 429);
    assert_eq!(header(&headers, "x-ratelimit-limit"), 0);
    assert_eq!(body["error"]["code"], "RATE_LIMIT_EXCEEDED");
    server.reset();
    let (status, headers, _): (u16, _, Value) = send(get(&client(), &server, "/calls")).await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "x-ratelimit-limit"), 1000);
    assert_eq!(
        header(&headers, "x-ratelimit-remaining"),
        999,
        "reset forgets the windows"
    );
}
