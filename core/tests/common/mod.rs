//! Helpers shared by the integration tests that drive the simulator.

use serde_json::Value;
use talkover_mock::MockServer;

/// Calls the simulator's control API (`/__mock/{path}`) and returns its JSON answer. The
/// suites of all three languages set cases up through it, so setup reads the same in each.
pub async fn control(
    mock: &MockServer,
    method: reqwest::Method,
    path: &str,
    body: Option<&Value>,
) -> Value {
    let url = mock.url().replace("/api/v1", &format!("/__mock/{path}"));
    let mut req = reqwest::Client::new().request(method, url);
    if let Some(body) = body {
        req = req
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = req.send().await.expect("control API answers");
    let status = response.status();
    let bytes = response.bytes().await.expect("control API body");
    assert!(
        status.is_success(),
        "control {path}: {status} {}",
        String::from_utf8_lossy(&bytes)
    );
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}
