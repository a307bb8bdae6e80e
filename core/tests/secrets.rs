//! The token never appears in any `Debug` or `Display` output, whatever goes wrong.

use std::time::Duration;
use talkover::Client;
use talkover_mock::{Fault, FaultKind, MockOptions, MockServer};

const TOKEN: &str = "talq_s3cr3t_do_not_print";

fn faults() -> Vec<Fault> {
    vec![
        Fault::respond(401).body(serde_json::json!({"success": false, "error": {"code": "INVALID_TOKEN", "message": "bad"}})),
        Fault::respond(404).body(serde_json::json!("<html>nope</html>")),
        Fault::respond(409).body(serde_json::json!({"success": false, "message": "Call is not active", "code": "CALL_NOT_ACTIVE"})),
        Fault::respond(429).header("retry-after", "120"),
        Fault::respond(500).body(serde_json::json!("")),
        Fault::respond(200).body(serde_json::json!("{broken")),
        Fault::new(FaultKind::Drop),
        Fault::new(FaultKind::Truncate).body(serde_json::json!({"success": true, "data": []})),
        Fault::new(FaultKind::Hang),
    ]
}

#[tokio::test]
async fn no_error_or_client_output_contains_the_token() {
    let mock = MockServer::start(MockOptions {
        token: TOKEN.to_owned(),
        ..MockOptions::default()
    })
    .expect("simulator starts");
    let client = Client::builder()
        .token(TOKEN)
        .base_url(mock.url())
        .max_retries(0)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client builds");
    let mut outputs = vec![
        format!("{client:?}"),
        format!("{:?}", Client::builder().token(TOKEN)),
    ];
    for fault in faults() {
        mock.add_fault(fault.clone());
        let err = client
            .end_call("agent-1", "call-1")
            .await
            .expect_err("every fault is an error");
        outputs.push(format!(
            "{err} | {err:?} | {} | {:?}",
            err.message(),
            err.body_value()
        ));
    }
    // Construction errors for a bad token must not echo it either.
    let bad = Client::builder()
        .token(format!("{TOKEN} x"))
        .build()
        .unwrap_err();
    outputs.push(format!("{bad} | {bad:?}"));
    let log = serde_json::to_string(&mock.requests()).expect("log serialises");
    outputs.push(log);
    for out in &outputs {
        assert!(!out.contains("s3cr3t"), "token leaked: {out}");
    }
    assert_eq!(outputs.len(), 2 + faults().len() + 2);
}
