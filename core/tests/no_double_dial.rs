//! Placing a call never dials twice, whatever the network does: every fault the simulator
//! can inject, before or after it carries the request out, is tried on `make_call`, and the
//! simulator's own state is the judge.

mod common;

use common::control;
use serde_json::json;
use std::time::Duration;
use talkover::{Client, MakeCall};
use talkover_mock::{Fault, FaultKind, MockOptions, MockServer};

const AGENT: &str = "agent-1";
const PHONE: &str = "+5511987654321";

/// Every fault of the matrix, before and after the simulator carries the request out, three
/// times in a row so each retry meets it again.
fn faults() -> Vec<(String, Fault)> {
    let kinds = [
        FaultKind::Drop,
        FaultKind::Hang,
        FaultKind::Truncate,
        FaultKind::Reset,
        FaultKind::Trickle,
    ];
    let mut base: Vec<(String, Fault)> = kinds
        .into_iter()
        .map(|kind| (format!("{kind:?}"), Fault::new(kind)))
        .collect();
    for status in [408, 429, 500, 502, 503, 504] {
        base.push((
            status.to_string(),
            Fault::respond(status).header("retry-after", "0"),
        ));
    }
    base.push(("slow 200".into(), Fault::respond(200).delay_ms(1_000)));
    let mut faults = Vec::new();
    for (name, fault) in base {
        let fault = fault.times(3).path("/call");
        faults.push((format!("{name} after applying"), fault.clone().apply()));
        faults.push((name, fault));
    }
    faults
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_fault_makes_make_call_dial_twice() {
    let mock = MockServer::start(MockOptions::default()).expect("simulator starts");
    let client = Client::builder()
        .token(mock.token())
        .base_url(mock.url())
        .timeout(Duration::from_millis(300))
        .max_retries(2)
        .build()
        .expect("client builds");
    let faults = faults();
    assert_eq!(faults.len(), 24);
    for (name, fault) in faults {
        mock.reset();
        control(
            &mock,
            reqwest::Method::POST,
            "agents",
            Some(&json!({"id": AGENT})),
        )
        .await;
        let config = json!({"ring_after_ms": 600_000, "answer_after_ms": 600_000});
        control(&mock, reqwest::Method::POST, "config", Some(&config)).await;
        mock.add_fault(fault);
        let outcome = client.make_call(AGENT, &MakeCall::new(PHONE)).await;
        let stored = mock.calls();
        assert!(stored.len() <= 1, "{name}: {} calls placed", stored.len());
        match &outcome {
            Ok(placed) => {
                assert_eq!(stored.len(), 1, "{name}: success without a call");
                assert_eq!(stored[0]["id"], placed.id.as_str(), "{name}");
            }
            Err(err) if stored.len() == 1 => assert!(
                err.may_have_succeeded(),
                "{name}: the call was placed but {err} does not say it may have been"
            ),
            Err(_) => {}
        }
        // Nothing is left hanging: the next request of the loop starts clean.
        mock.clear_requests();
    }
}
