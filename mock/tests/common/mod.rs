//! Helpers shared by the integration tests: a started server and a plain reqwest client.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use serde_json::Value;
use talkover_mock::{LoggedRequest, MockOptions, MockServer};

pub const PHONE: &str = "+5511987654321";
pub const PHONE_ENCODED: &str = "%2B5511987654321";

pub fn server() -> MockServer {
    MockServer::start(MockOptions::default()).expect("mock server starts")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().build().expect("client builds")
}

pub fn client_with_timeout(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .build()
        .expect("client builds")
}

/// An authorised GET of `path` (relative to the API base URL).
pub fn get(client: &reqwest::Client, server: &MockServer, path: &str) -> reqwest::RequestBuilder {
    client
        .get(format!("{}{path}", server.url()))
        .bearer_auth(server.token())
}

/// An authorised POST of a JSON body.
pub fn post(
    client: &reqwest::Client,
    server: &MockServer,
    path: &str,
    body: &str,
) -> reqwest::RequestBuilder {
    client
        .post(format!("{}{path}", server.url()))
        .bearer_auth(server.token())
        .header("content-type", "application/json")
        .body(body.to_owned())
}

/// Sends and returns status, headers and parsed JSON body (Null when empty).
pub async fn send(req: reqwest::RequestBuilder) -> (u16, reqwest::header::HeaderMap, Value) {
    let resp = req.send().await.expect("response");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.expect("body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).expect("JSON body")
    };
    (status, headers, body)
}

/// Waits until `check` holds for the request log, or panics after two seconds.
pub async fn wait_for_log(server: &MockServer, check: impl Fn(&[LoggedRequest]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let log = server.requests();
        if check(&log) {
            return;
        }
        assert!(Instant::now() < deadline, "log never matched: {log:#?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Waits until `check` holds, or panics after two seconds.
pub async fn wait_until(what: &str, check: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(2);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Places a call over the API (`POST /agents/{agent}/call`): the status and the answer.
pub async fn place(server: &MockServer, agent: &str, body: Value) -> (u16, Value) {
    let path = format!("/agents/{agent}/call");
    let (status, _, body) = send(post(&client(), server, &path, &body.to_string())).await;
    (status, body)
}

/// Queues a campaign call over the API (`POST /campaigns/{campaign}/call`): the status and
/// the answer.
pub async fn campaign_call(server: &MockServer, campaign: &str, body: Value) -> (u16, Value) {
    let path = format!("/campaigns/{campaign}/call");
    let (status, _, body) = send(post(&client(), server, &path, &body.to_string())).await;
    (status, body)
}

/// The keys of a JSON object, in the order the server wrote them.
pub fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect()
}
