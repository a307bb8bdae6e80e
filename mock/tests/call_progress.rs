//! How a placed call moves from `initiated` to `ringing` to `answered`, and ends at any
//! stage; seeded calls do not move.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use talkover_mock::{MockOptions, MockServer, SeedAgent, SeedCall};

fn server_with_delays(ring_after_ms: u64, answer_after_ms: u64) -> MockServer {
    MockServer::start(MockOptions {
        ring_after_ms,
        answer_after_ms,
        ..MockOptions::default()
    })
    .expect("starts")
}

/// Polls active-call until the call has `want`, or fails after `limit`.
async fn wait_for_status(server: &MockServer, want: &str, limit: Duration) -> Instant {
    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}");
    let deadline = Instant::now() + limit;
    loop {
        let (_, _, body) = send(get(&client(), server, &path)).await;
        if body["data"][0]["status"] == want {
            return Instant::now();
        }
        assert!(Instant::now() < deadline, "never {want}: {body}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_placed_call_rings_then_is_answered() {
    let server = server_with_delays(150, 400);
    server.seed_agent(SeedAgent::new("agent_1"));
    let placed = Instant::now();
    let (status, body) = place(&server, "agent_1", json!({"to": PHONE})).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["status"], "initiated");
    let ringing = wait_for_status(&server, "ringing", Duration::from_secs(5)).await;
    assert!(ringing - placed >= Duration::from_millis(150));
    let answered = wait_for_status(&server, "answered", Duration::from_secs(5)).await;
    assert!(answered - placed >= Duration::from_millis(400));
    assert_eq!(server.calls()[0]["status"], "answered");
    // Answered is final until the call is ended.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.calls()[0]["status"], "answered");
}

#[tokio::test]
async fn delay_seconds_postpones_the_progression() {
    let server = server_with_delays(0, 0);
    server.seed_agent(SeedAgent::new("agent_1"));
    let placed = Instant::now();
    let (status, _) = place(&server, "agent_1", json!({"to": PHONE, "delay_seconds": 1})).await;
    assert_eq!(status, 200);
    if placed.elapsed() < Duration::from_millis(800) {
        assert_eq!(server.calls()[0]["status"], "initiated");
    }
    let answered = wait_for_status(&server, "answered", Duration::from_secs(5)).await;
    assert!(answered - placed >= Duration::from_secs(1));
}

#[tokio::test]
async fn a_placed_call_can_be_ended_at_any_stage() {
    let server = server_with_delays(60_000, 120_000);
    server.seed_agent(SeedAgent::new("agent_1"));
    let (_, body) = place(&server, "agent_1", json!({"to": PHONE})).await;
    let id = body["data"]["id"].as_str().expect("id").to_owned();
    let end = json!({"call_sid": id}).to_string();
    let (status, _, ended) = send(post(&client(), &server, "/agents/agent_1/end-call", &end)).await;
    assert_eq!(status, 200, "an initiated call ends");
    assert_eq!(ended["data"]["status"], "completed");
    let (status, _, _) = send(post(&client(), &server, "/agents/agent_1/end-call", &end)).await;
    assert_eq!(status, 409);
    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}");
    let (status, _, _) = send(get(&client(), &server, &path)).await;
    assert_eq!(status, 404);
    assert_eq!(server.calls()[0]["status"], "completed");

    // An answered placed call ends too, and stays completed.
    server.set_progress_delays(0, 0);
    let (_, body) = place(&server, "agent_1", json!({"to": PHONE})).await;
    wait_for_status(&server, "answered", Duration::from_secs(5)).await;
    let end = json!({"call_sid": body["data"]["id"]}).to_string();
    let (status, _, _) = send(post(&client(), &server, "/agents/agent_1/end-call", &end)).await;
    assert_eq!(status, 200);
    assert_eq!(server.calls()[1]["status"], "completed");
}

#[tokio::test]
async fn seeded_calls_keep_their_status() {
    let server = server_with_delays(0, 0);
    server.seed_call(SeedCall::new("agent_1", PHONE).status("initiated"));
    tokio::time::sleep(Duration::from_millis(30)).await;
    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}");
    let (_, _, body) = send(get(&client(), &server, &path)).await;
    assert_eq!(body["data"][0]["status"], "initiated");
}
