//! The simulated endpoints: state semantics, envelopes, encoded paths and the request log.

mod common;

use common::{client, get, post, send, server, PHONE, PHONE_ENCODED};
use serde_json::{json, Value};
use talkover_mock::{MockOptions, MockServer, Outcome, SeedCall};

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn active_call_lists_active_calls_in_seeding_order() {
    let server = server();
    server.seed_call(SeedCall::new("agent_1", PHONE).id("first"));
    server.seed_call(
        SeedCall::new("agent_1", PHONE)
            .id("ended")
            .status("completed"),
    );
    server.seed_call(SeedCall::new("agent_1", "+5511000000000").id("other_phone"));
    server.seed_call(SeedCall::new("agent_2", PHONE).id("other_agent"));
    server.seed_call(
        SeedCall::new("agent_1", PHONE)
            .id("second")
            .status("ringing"),
    );
    server.seed_call(
        SeedCall::new("agent_1", PHONE)
            .id("third")
            .status("initiated"),
    );

    let client = client();
    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}");
    let (status, headers, body) = send(get(&client, &server, &path)).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/json");
    assert!(headers["x-request-id"]
        .to_str()
        .expect("ascii")
        .starts_with("req_"));
    assert_eq!(body["success"], true);
    let ids: Vec<&str> = body["data"]
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["first", "second", "third"]);
    let first = &body["data"][0];
    assert_eq!(
        keys(first),
        [
            "agent_id",
            "duration_seconds",
            "id",
            "started_at",
            "status",
            "to"
        ]
    );
    assert_eq!(first["to"], PHONE);
    assert_eq!(first["duration_seconds"], 0);
    let started = first["started_at"].as_str().expect("string");
    assert!(started.ends_with('Z'), "{started}");
    chrono::DateTime::parse_from_rfc3339(started).expect("RFC 3339");
}

#[tokio::test]
async fn active_call_is_404_when_nothing_is_active() {
    let server = server();
    server.seed_call(SeedCall::new("agent_1", PHONE).status("completed"));
    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}");
    let (status, _, body) = send(get(&client(), &server, &path)).await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"success": false, "message": "No active call found for this phone number"})
    );
}

#[tokio::test]
async fn seeded_fields_and_extras_are_served() {
    let server = server();
    let stored = server.seed_call(
        SeedCall::new("agent_1", PHONE)
            .extra("direction", json!("inbound"))
            .extra("metadata", json!({"k": 1})),
    );
    assert_eq!(stored["id"], "call_1");
    let second = server.seed_call(SeedCall {
        started_at: Some("2024-01-02T03:04:05Z".into()),
        duration_seconds: Some(42),
        ..SeedCall::new("agent_1", "+5511000000000")
    });
    assert_eq!(second["id"], "call_2");
    assert_eq!(second["started_at"], "2024-01-02T03:04:05Z");
    assert_eq!(second["duration_seconds"], 42);

    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}");
    let (_, _, body) = send(get(&client(), &server, &path)).await;
    assert_eq!(body["data"][0], stored);
    assert_eq!(body["data"][0]["metadata"]["k"], 1);

    server.reset();
    assert_eq!(
        server.seed_call(SeedCall::new("a", PHONE))["id"],
        "call_1",
        "reset restarts numbering"
    );
}

#[tokio::test]
async fn missing_or_wrong_token_is_401() {
    let server = server();
    server.seed_call(SeedCall::new("agent_1", PHONE));
    let client = client();
    let url = format!(
        "{}/agents/agent_1/active-call/{PHONE_ENCODED}",
        server.url()
    );
    let expected = json!({"success": false, "error": {"code": "INVALID_TOKEN",
        "message": "Invalid or missing API token", "details": {}}});
    for req in [
        client.get(&url),
        client.get(&url).bearer_auth("talq_wrong"),
        client.get(&url).header("authorization", server.token()),
    ] {
        let (status, headers, body) = send(req).await;
        assert_eq!(status, 401);
        assert_eq!(body, expected);
        assert!(headers.contains_key("x-request-id"));
    }
    let (status, _, _) = send(client.get(format!("{}/nowhere", server.url()))).await;
    assert_eq!(status, 401, "the token is checked before routing");
}

#[tokio::test]
async fn end_call_completes_then_conflicts() {
    let server = server();
    server.seed_call(SeedCall::new("agent_1", PHONE).id("CA1"));
    let client = client();
    let (status, _, body) = send(post(
        &client,
        &server,
        "/agents/agent_1/end-call",
        r#"{"call_sid":"CA1"}"#,
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["success"], true);
    let data = &body["data"];
    assert_eq!(keys(data), ["ended_at", "ended_reason", "id", "status"]);
    assert_eq!(data["id"], "CA1");
    assert_eq!(data["status"], "completed");
    assert_eq!(data["ended_reason"], "ended_by_api");
    let ended_at = data["ended_at"].as_str().expect("string");
    assert!(
        ended_at.ends_with('Z') && !ended_at.contains('.'),
        "{ended_at}"
    );
    chrono::DateTime::parse_from_rfc3339(ended_at).expect("RFC 3339");

    let stored = &server.calls()[0];
    assert_eq!(stored["status"], "completed");
    assert_eq!(stored["ended_at"], data["ended_at"]);

    let (status, _, body) = send(post(
        &client,
        &server,
        "/agents/agent_1/end-call",
        r#"{"call_sid":"CA1"}"#,
    ))
    .await;
    assert_eq!(status, 409);
    assert_eq!(
        body,
        json!({"success": false, "message": "Call is not active", "code": "CALL_NOT_ACTIVE"})
    );
    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}");
    assert_eq!(send(get(&client, &server, &path)).await.0, 404);
}

#[tokio::test]
async fn end_call_unknown_call_is_404() {
    let server = server();
    server.seed_call(SeedCall::new("agent_2", PHONE).id("CA1"));
    let client = client();
    for (agent, sid) in [("agent_1", "CA1"), ("agent_2", "CA404")] {
        let path = format!("/agents/{agent}/end-call");
        let body = json!({ "call_sid": sid }).to_string();
        let (status, _, body) = send(post(&client, &server, &path, &body)).await;
        assert_eq!(status, 404);
        assert_eq!(
            body,
            json!({"success": false, "message": "Call not found for this agent"})
        );
    }
}

#[tokio::test]
async fn end_call_without_call_sid_is_422() {
    let server = server();
    let client = client();
    let expected = json!({"success": false, "error": {"code": "VALIDATION_ERROR",
        "message": "call_sid is required", "details": {"field": "call_sid"}}});
    for body in [
        "",
        "not json",
        "{}",
        r#"{"call_sid":12}"#,
        r#"{"call_sid":""}"#,
        r#"["CA1"]"#,
    ] {
        let (status, _, got) = send(post(&client, &server, "/agents/agent_1/end-call", body)).await;
        assert_eq!(status, 422, "body {body:?}");
        assert_eq!(got, expected);
    }
}

#[tokio::test]
async fn path_segments_are_decoded_one_by_one() {
    let server = server();
    server.seed_call(SeedCall::new("team/a b", PHONE).id("x/y"));
    let client = client();
    let path = format!("/agents/team%2Fa%20b/active-call/{PHONE_ENCODED}");
    let (status, _, body) = send(get(&client, &server, &path)).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"][0]["agent_id"], "team/a b");

    // A literal `/` is a separate segment, so it is a different (unknown) route.
    let path = format!("/agents/team/a%20b/active-call/{PHONE_ENCODED}");
    assert_eq!(send(get(&client, &server, &path)).await.0, 404);

    let (status, _, body) = send(post(
        &client,
        &server,
        "/agents/team%2Fa%20b/end-call",
        r#"{"call_sid":"x/y"}"#,
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["id"], "x/y");

    let log = server.requests();
    assert_eq!(
        log[0].path,
        format!("/api/v1/agents/team%2Fa%20b/active-call/{PHONE_ENCODED}")
    );
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let server = server();
    let client = client();
    let not_found = json!({"success": false, "message": "Not found"});
    for path in [
        "",
        "/",
        "/agents",
        "/agents//end-call",
        "/agents/a/active-call/",
        "/agents/a/b/c/d",
    ] {
        let (status, headers, body) = send(get(&client, &server, path)).await;
        assert_eq!(status, 404, "{path:?}");
        assert_eq!(body, not_found);
        assert!(headers.contains_key("x-request-id"));
    }
    let (status, headers, _) = send(get(&client, &server, "/agents/a/end-call")).await;
    assert_eq!(status, 405);
    assert_eq!(headers["allow"], "POST");
    let path = format!("/agents/a/active-call/{PHONE_ENCODED}");
    let (status, _, _) = send(post(&client, &server, &path, "{}")).await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn log_records_requests_without_the_token() {
    let token = "talq_secret_value_123";
    let server = MockServer::start(MockOptions {
        token: token.into(),
        ..MockOptions::default()
    })
    .expect("starts");
    server.seed_call(SeedCall::new("agent_1", PHONE).id("CA1"));
    let client = client();
    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}?trace=1");
    let (_, headers, _) = send(
        get(&client, &server, &path)
            .header("x-talkover-retry-count", "2")
            .header("user-agent", "talkover-tests/1"),
    )
    .await;
    send(post(
        &client,
        &server,
        "/agents/agent_1/end-call",
        r#"{"call_sid":"CA1"}"#,
    ))
    .await;
    send(
        client
            .get(format!("{}/agents/x/end-call", server.url()))
            .bearer_auth("wrong"),
    )
    .await;

    let log = server.requests();
    assert_eq!(log.len(), 3);
    let first = &log[0];
    assert_eq!(first.method, "GET");
    assert_eq!(
        first.path,
        format!("/api/v1/agents/agent_1/active-call/{PHONE_ENCODED}")
    );
    assert_eq!(first.query.as_deref(), Some("trace=1"));
    assert_eq!(first.body, "");
    assert_eq!(first.retry_count, Some(2));
    assert_eq!(first.user_agent.as_deref(), Some("talkover-tests/1"));
    assert!(first.authorized);
    assert_eq!(first.status, Some(200));
    assert_eq!(first.outcome, Outcome::Responded);
    assert_eq!(
        first.request_id,
        headers["x-request-id"].to_str().expect("ascii")
    );
    assert_eq!(log[1].method, "POST");
    assert_eq!(log[1].body, r#"{"call_sid":"CA1"}"#);
    assert_eq!(log[1].retry_count, None);
    assert!(!log[2].authorized);
    assert_eq!(log[2].status, Some(401));

    let serialised = serde_json::to_string(&log).expect("serialises");
    assert!(!serialised.contains(token));
    assert!(!serialised.to_ascii_lowercase().contains("authorization"));
    assert!(!format!("{server:?} {log:?}").contains(token));
    let value: Value = serde_json::from_str(&serialised).expect("JSON");
    assert_eq!(
        keys(&value[0]),
        [
            "authorized",
            "body",
            "method",
            "outcome",
            "path",
            "query",
            "request_id",
            "retry_count",
            "status",
            "user_agent"
        ]
    );

    server.clear_requests();
    assert!(server.requests().is_empty());
}

#[test]
fn works_without_any_runtime_and_inside_a_multi_thread_one() {
    let server = server();
    let addr = server.addr();
    // Plain thread, no runtime: a raw HTTP/1.1 exchange.
    let response = raw_get(addr, "/api/v1/nowhere");
    assert!(response.starts_with("HTTP/1.1 401"), "{response}");
    server.stop();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let server = common::server();
        let (status, _, _) = send(get(&client(), &server, "/nowhere")).await;
        assert_eq!(status, 404);
        drop(server);
    });
}

fn raw_get(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"
    )
    .expect("writes");
    let mut out = String::new();
    stream.read_to_string(&mut out).expect("reads");
    out
}
