//! The `/__mock` control API, driven over HTTP as other languages do.

mod common;

use common::{client, get, send, server, PHONE, PHONE_ENCODED};
use serde_json::{json, Value};
use talkover_mock::MockServer;

fn control(server: &MockServer, path: &str) -> String {
    format!("http://{}/__mock{path}", server.addr())
}

async fn control_send(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = client.request(method, url);
    if let Some(body) = body {
        req = req
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let (status, _, body) = send(req).await;
    (status, body)
}

#[tokio::test]
async fn seed_fault_log_reset_and_health_over_http() {
    let server = server();
    let client = client();
    use reqwest::Method;

    let (status, call) = control_send(
        &client,
        Method::POST,
        control(&server, "/calls"),
        Some(json!({"agent_id": "agent_1", "to": PHONE, "id": "CA9", "extra": {"x": true}})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(call["id"], "CA9");
    assert_eq!(call["status"], "answered");
    assert_eq!(call["x"], true);
    let (status, calls) =
        control_send(&client, Method::GET, control(&server, "/calls"), None).await;
    assert_eq!(status, 200);
    assert_eq!(calls, json!([call]));

    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}");
    let (status, _, body) = send(get(&client, &server, &path)).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"][0]["id"], "CA9");

    let (status, _) = control_send(
        &client,
        Method::POST,
        control(&server, "/faults"),
        Some(json!({"status": 429, "headers": {"retry-after": "3"}})),
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = control_send(
        &client,
        Method::POST,
        control(&server, "/faults"),
        Some(json!([{"kind": "respond", "status": 502, "body": "[1]"}, {"status": 504}])),
    )
    .await;
    assert_eq!(status, 204);
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(send(get(&client, &server, &path)).await.0);
    }
    assert_eq!(statuses, [429, 502, 504, 200]);

    let (status, log) =
        control_send(&client, Method::GET, control(&server, "/requests"), None).await;
    assert_eq!(status, 200);
    let log = log.as_array().expect("array");
    assert_eq!(log.len(), 5, "control requests are not logged");
    assert_eq!(log[1]["status"], 429);
    assert_eq!(log[1]["outcome"], "responded");
    assert_eq!(log[1]["path"], format!("/api/v1{path}"));
    assert!(!Value::Array(log.clone())
        .to_string()
        .contains(server.token()));

    let (status, health) =
        control_send(&client, Method::GET, control(&server, "/health"), None).await;
    assert_eq!(status, 200);
    assert_eq!(health["ok"], true);
    assert!(health["connections_open"].as_u64().expect("number") >= 1);
    assert!(health["connections_total"].as_u64().expect("number") >= 1);

    let (status, _) =
        control_send(&client, Method::DELETE, control(&server, "/requests"), None).await;
    assert_eq!(status, 204);
    assert!(server.requests().is_empty());

    send(get(&client, &server, &path)).await;
    server.add_fault(talkover_mock::Fault::respond(500));
    let (status, _) = control_send(&client, Method::POST, control(&server, "/reset"), None).await;
    assert_eq!(status, 204);
    assert!(server.requests().is_empty());
    assert!(server.calls().is_empty());
    assert_eq!(
        send(get(&client, &server, &path)).await.0,
        404,
        "fault and call are gone"
    );
}

#[tokio::test]
async fn bad_control_input_is_400() {
    let server = server();
    let client = client();
    use reqwest::Method;
    let cases = [
        ("/calls", json!({"to": PHONE})),
        (
            "/calls",
            json!({"agent_id": "a", "to": PHONE, "phone": "typo"}),
        ),
        ("/calls", json!("not an object")),
        ("/faults", json!({"kind": "explode"})),
        ("/faults", json!({"status": 1000})),
        (
            "/faults",
            json!({"status": 500, "headers": {"bad name": "v"}}),
        ),
        ("/faults", json!([{"status": 500}, {"times": -1}])),
        ("/faults", json!({"delay": 5})),
    ];
    for (path, body) in cases {
        let (status, reply) = control_send(
            &client,
            Method::POST,
            control(&server, path),
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, 400, "{path} {body}");
        assert_eq!(reply["success"], false);
        assert!(reply["message"].is_string());
    }
    let raw = client
        .post(control(&server, "/faults"))
        .body("{not json")
        .send()
        .await
        .expect("response");
    assert_eq!(raw.status(), 400);
    // Nothing half-applied: the first fault of the rejected array was not queued.
    assert_eq!(send(get(&client, &server, "/x")).await.0, 404);
}

#[tokio::test]
async fn unknown_control_routes_and_methods() {
    let server = server();
    let client = client();
    use reqwest::Method;
    let (status, _) = control_send(&client, Method::GET, control(&server, "/nope"), None).await;
    assert_eq!(status, 404);
    let resp = client
        .put(control(&server, "/requests"))
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), 405);
    assert_eq!(resp.headers()["allow"], "GET, DELETE");
}
