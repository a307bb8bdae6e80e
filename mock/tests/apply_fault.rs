//! Faults with `apply`: the request takes effect, then its answer is lost or mangled. This
//! is how clients prove that a retry after a lost answer never places a call twice.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use talkover_mock::{Fault, FaultKind, LoggedRequest, Outcome, SeedAgent, SeedCall, SeedCampaign};

fn call_body() -> String {
    json!({"to": PHONE}).to_string()
}

#[tokio::test]
async fn apply_then_drop_places_exactly_one_call() {
    let server = server();
    server.seed_agent(SeedAgent::new("agent_1"));
    server.set_credits(Some(5));
    server.add_fault(Fault::new(FaultKind::Drop).path("/call").apply());
    let err = post(&client(), &server, "/agents/agent_1/call", &call_body())
        .send()
        .await
        .expect_err("the answer is lost");
    assert!(err.status().is_none(), "{err:?}");
    assert_eq!(server.calls().len(), 1, "the call was placed");
    assert_eq!(server.credits(), Some(4), "and paid for");
    wait_for_log(&server, |log| {
        log.len() == 1 && log[0].outcome == Outcome::Dropped
    })
    .await;
    let entry = &server.requests()[0];
    assert!(entry.applied);
    assert_eq!(entry.status, None);

    // The client can find the call it never heard about.
    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}");
    let (status, _, body) = send(get(&client(), &server, &path)).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"][0]["id"], server.calls()[0]["id"]);
    assert!(!server.requests()[1].applied);
}

#[tokio::test]
async fn every_fault_kind_with_apply_places_exactly_one_call() {
    let server = server();
    server.seed_agent(SeedAgent::new("agent_1"));
    let http = client_with_timeout(Duration::from_millis(400));
    for kind in [
        FaultKind::Respond,
        FaultKind::Drop,
        FaultKind::Hang,
        FaultKind::Truncate,
        FaultKind::Reset,
        FaultKind::Trickle,
    ] {
        server.reset();
        server.seed_agent(SeedAgent::new("agent_1"));
        server.add_fault(Fault {
            kind,
            chunk_delay_ms: 1,
            ..Fault::respond(503).apply()
        });
        let outcome = async {
            let resp = post(&http, &server, "/agents/agent_1/call", &call_body())
                .send()
                .await?;
            let status = resp.status().as_u16();
            resp.bytes().await.map(|b| (status, b))
        }
        .await;
        let calls = server.calls();
        assert_eq!(calls.len(), 1, "{kind:?}: {outcome:?}");
        match kind {
            FaultKind::Respond | FaultKind::Trickle => {
                let (status, bytes) = outcome.expect("a whole answer");
                assert_eq!(status, 200, "{kind:?}: the real status, not the fault's");
                let body: Value = serde_json::from_slice(&bytes).expect("JSON");
                assert_eq!(body["data"]["id"], calls[0]["id"], "{kind:?}");
            }
            _ => assert!(outcome.is_err(), "{kind:?}: {outcome:?}"),
        }
        wait_for_log(&server, |log| {
            log.len() == 1 && log[0].outcome != Outcome::Pending
        })
        .await;
        assert!(server.requests()[0].applied, "{kind:?}");
    }
}

#[tokio::test]
async fn apply_then_respond_sends_the_real_answer_late() {
    let server = server();
    server.seed_agent(SeedAgent::new("agent_1"));
    server.add_fault(
        Fault::respond(503)
            .header("retry-after", "9")
            .body(json!("ignored"))
            .delay_ms(200)
            .apply(),
    );
    let started = Instant::now();
    let (status, headers, body) = send(post(
        &client(),
        &server,
        "/agents/agent_1/call",
        &call_body(),
    ))
    .await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(status, 200);
    assert_eq!(body["success"], true);
    assert_eq!(body["data"]["status"], "initiated");
    assert!(
        !headers.contains_key("retry-after"),
        "the fault's headers are ignored"
    );
    assert!(headers.contains_key("x-ratelimit-remaining"));
    let log = server.requests();
    assert_eq!(
        (log[0].status, log[0].outcome, log[0].applied),
        (Some(200), Outcome::Responded, true)
    );
}

#[tokio::test]
async fn apply_then_hang_past_the_client_timeout_leaves_the_call() {
    let server = server();
    server.seed_agent(SeedAgent::new("agent_1"));
    server.add_fault(Fault::new(FaultKind::Hang).apply());
    let http = client_with_timeout(Duration::from_millis(200));
    let err = post(&http, &server, "/agents/agent_1/call", &call_body())
        .send()
        .await
        .expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    drop(http);
    assert_eq!(server.calls().len(), 1);
    wait_for_log(&server, |log| log[0].outcome == Outcome::Cancelled).await;
    assert!(server.requests()[0].applied);
}

#[tokio::test]
async fn apply_then_truncate_ends_the_call_but_loses_the_answer() {
    let server = server();
    let call = server.seed_call(SeedCall::new("agent_1", PHONE));
    server.add_fault(Fault::new(FaultKind::Truncate).path("/end-call").apply());
    let end = json!({"call_sid": call["id"]}).to_string();
    let resp = post(&client(), &server, "/agents/agent_1/end-call", &end)
        .send()
        .await
        .expect("the head arrives");
    assert_eq!(resp.status(), 200, "the real status");
    assert!(resp.bytes().await.is_err(), "the body is cut short");
    assert_eq!(server.calls()[0]["status"], "completed");
    // The retry meets the call already ended.
    let (status, _, body) = send(post(&client(), &server, "/agents/agent_1/end-call", &end)).await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "CALL_NOT_ACTIVE");
}

#[tokio::test]
async fn a_campaign_call_retried_after_a_lost_answer_meets_its_duplicate() {
    let server = server();
    server.seed_campaign(SeedCampaign::new("camp_1"));
    server.add_fault(Fault::new(FaultKind::Reset).path("/campaigns/").apply());
    let first = post(&client(), &server, "/campaigns/camp_1/call", &call_body())
        .send()
        .await;
    let lost = match first {
        Ok(resp) => resp.bytes().await.is_err(),
        Err(_) => true,
    };
    assert!(lost, "the answer does not arrive whole");
    let (status, _, body) = send(post(
        &client(),
        &server,
        "/campaigns/camp_1/call",
        &call_body(),
    ))
    .await;
    assert_eq!(status, 409);
    let stored = server.campaign_calls();
    assert_eq!(stored.len(), 1);
    assert_eq!(body["existing_call"]["id"], stored[0]["id"]);
}

#[tokio::test]
async fn without_apply_nothing_happens_to_the_state() {
    let server = server();
    server.seed_agent(SeedAgent::new("agent_1"));
    server.add_fault(Fault::new(FaultKind::Drop));
    let _ = post(&client(), &server, "/agents/agent_1/call", &call_body())
        .send()
        .await;
    assert!(server.calls().is_empty());
    wait_for_log(&server, |log| {
        log.len() == 1 && log[0].outcome == Outcome::Dropped
    })
    .await;
    assert!(!server.requests()[0].applied);
}

#[tokio::test]
async fn apply_is_part_of_the_fault_and_log_json() {
    let fault: Fault =
        serde_json::from_value(json!({"kind": "drop", "apply": true})).expect("parses");
    assert_eq!(fault, Fault::new(FaultKind::Drop).apply());
    let plain = serde_json::to_value(Fault::new(FaultKind::Drop)).expect("serialises");
    assert!(plain.get("apply").is_none(), "omitted when false: {plain}");
    let applied = serde_json::to_value(Fault::new(FaultKind::Drop).apply()).expect("serialises");
    assert_eq!(applied["apply"], true);

    // Logs written before `applied` existed still parse.
    let old = json!({"method": "GET", "path": "/api/v1/calls", "query": null, "body": "",
        "retry_count": null, "user_agent": null, "authorized": true, "status": 200,
        "outcome": "responded", "request_id": "req_000000000001"});
    let entry: LoggedRequest = serde_json::from_value(old).expect("parses");
    assert!(!entry.applied);

    // Over the control API.
    let server = server();
    server.seed_agent(SeedAgent::new("agent_1"));
    let (status, _, _) = send(
        client()
            .post(format!("http://{}/__mock/faults", server.addr()))
            .body(r#"[{"kind": "drop", "apply": true, "path": "/call"}]"#),
    )
    .await;
    assert_eq!(status, 204);
    let _ = post(&client(), &server, "/agents/agent_1/call", &call_body())
        .send()
        .await;
    assert_eq!(server.calls().len(), 1);
    let (_, _, log) = send(client().get(format!("http://{}/__mock/requests", server.addr()))).await;
    assert_eq!(log[0]["applied"], true);
    assert_eq!(log[0]["outcome"], "dropped");
}
