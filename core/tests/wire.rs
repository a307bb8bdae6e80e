//! What the client puts on the wire and how it uses connections, observed on the simulator.

use std::time::Duration;
use talkover::{Client, ErrorKind};
use talkover_mock::{Fault, FaultKind, MockOptions, MockServer, Outcome, SeedCall};

const AGENT: &str = "agent-1";
const PHONE: &str = "+5511987654321";

fn setup() -> (MockServer, Client) {
    let mock = MockServer::start(MockOptions::default()).expect("simulator starts");
    let client = Client::builder()
        .token(mock.token())
        .base_url(mock.url())
        .build()
        .expect("client builds");
    (mock, client)
}

#[tokio::test]
async fn every_attempt_carries_its_retry_number() {
    let (mock, client) = setup();
    mock.seed_call(SeedCall::new(AGENT, PHONE).id("call-1"));
    mock.add_fault(Fault::respond(500).header("retry-after", "0").times(2));
    let calls = client
        .active_call(AGENT, PHONE)
        .await
        .expect("third attempt succeeds");
    assert_eq!(calls.len(), 1);
    let counts: Vec<_> = mock.requests().iter().map(|r| r.retry_count).collect();
    assert_eq!(counts, vec![Some(0), Some(1), Some(2)]);
}

#[tokio::test]
async fn end_call_sends_the_documented_json_body_and_user_agent() {
    let (mock, client) = setup();
    mock.seed_call(SeedCall::new(AGENT, PHONE).id("call-1"));
    client.end_call(AGENT, "call-1").await.expect("call ends");
    let log = mock.requests();
    let request = log.last().expect("one request");
    assert_eq!(request.method, "POST");
    let body: serde_json::Value = serde_json::from_str(&request.body).expect("JSON body");
    assert_eq!(body, serde_json::json!({ "call_sid": "call-1" }));
    let agent = request.user_agent.as_deref().unwrap_or_default();
    assert!(agent.starts_with("talkover-rust/"), "{agent}");
}

#[tokio::test]
async fn sequential_calls_reuse_one_pooled_connection() {
    let (mock, client) = setup();
    for _ in 0..20 {
        client
            .active_call(AGENT, PHONE)
            .await
            .expect("no call is fine");
    }
    assert_eq!(mock.connections_total(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clones_share_the_pool_across_tasks() {
    let (mock, client) = setup();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let client = client.clone();
        tasks.spawn(async move {
            for _ in 0..25 {
                client
                    .active_call(AGENT, PHONE)
                    .await
                    .expect("request succeeds");
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task finished");
    }
    assert_eq!(mock.requests().len(), 200);
    // 8 tasks need about 8 connections; the pool may race one or two extra connects when a
    // connection comes back late, but never one per request.
    assert!(
        mock.connections_total() <= 16,
        "{} connections",
        mock.connections_total()
    );
}

#[tokio::test]
async fn dropping_the_future_closes_the_in_flight_request() {
    let (mock, client) = setup();
    mock.add_fault(Fault::new(FaultKind::Hang));
    let call = client.active_call(AGENT, PHONE);
    let timed_out = tokio::time::timeout(Duration::from_millis(200), call).await;
    assert!(timed_out.is_err(), "the hang never answers");
    // The server notices the closed connection asynchronously.
    for _ in 0..100 {
        if mock.connections_open() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(mock.connections_open(), 0);
    assert_eq!(mock.requests()[0].outcome, Outcome::Cancelled);
}

#[tokio::test]
async fn a_refused_port_is_a_connection_error_after_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let client = Client::builder()
        .token("talq_x")
        .base_url(format!("http://127.0.0.1:{port}/api/v1"))
        .max_retries(0)
        .build()
        .expect("client builds");
    let err = client.active_call(AGENT, PHONE).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(err.is_retryable());
}
