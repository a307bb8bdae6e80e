//! `calls active`, `calls end` and `calls place`.

use crate::common::{Sim, AGENT, PHONE};
use serde_json::json;
use talkover_mock::SeedCall;

#[test]
fn active_prints_one_json_line_per_active_call() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    sim.seed(PHONE, "call-b");
    sim.server.seed_call(
        SeedCall::new(AGENT, PHONE)
            .id("call-over")
            .status("completed"),
    );
    let run = sim.run(&["calls", "active", AGENT, "+55 (11) 98765-4321"]);
    run.expect(0);
    let calls = run.json_lines();
    let ids: Vec<_> = calls.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["call-a", "call-b"]);
    assert_eq!(calls[0]["status"], "answered");
    assert_eq!(calls[0]["to"], PHONE);
    assert_eq!(run.stderr, "");
}

#[test]
fn active_with_no_call_is_empty_not_an_error() {
    let sim = Sim::start();
    let run = sim.run(&["calls", "active", AGENT, PHONE]);
    run.expect(0);
    assert_eq!(run.stdout, "");
    let table = sim.run(&["--table", "calls", "active", AGENT, PHONE]);
    table.expect(0);
    assert_eq!(
        table.stdout,
        format!("No active call between {AGENT} and {PHONE}.\n")
    );
}

#[test]
fn active_as_a_table() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    let run = sim.run(&["--table", "calls", "active", AGENT, PHONE]);
    run.expect(0);
    let lines: Vec<_> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("CALL ID  STATUS    TO"), "{lines:?}");
    assert!(
        lines[1].starts_with("call-a   answered  +5511987654321"),
        "{lines:?}"
    );
}

#[test]
fn a_bad_phone_is_a_usage_error_before_any_request() {
    let sim = Sim::start();
    for phone in ["11987654321", "+55 11 abc", "+0123456789"] {
        let run = sim.run(&["calls", "active", AGENT, phone]);
        run.expect(2);
        assert!(run.stderr.contains("invalid value"), "{run:?}");
        assert!(run.stderr.contains("for '<PHONE>': "), "{run:?}");
    }
    let run = sim.run(&["calls", "hangup", AGENT, "12345", "--yes"]);
    run.expect(2);
    assert!(sim.server.requests().is_empty());
}

#[test]
fn end_ends_the_call() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    let run = sim.run(&["calls", "end", AGENT, "call-a", "--yes"]);
    run.expect(0);
    let [report] = &run.json_lines()[..] else {
        panic!("one line: {run:?}")
    };
    assert_eq!(report["call_id"], "call-a");
    assert_eq!(report["outcome"], "ended");
    assert_eq!(report["ended"]["status"], "completed");
    assert_eq!(report["ended"]["ended_reason"], "ended_by_api");
    assert_eq!(report["error"], json!(null));
    assert_eq!(sim.status_of("call-a"), "completed");
}

#[test]
fn end_of_a_call_already_over_exits_4_with_the_details() {
    let sim = Sim::start();
    sim.server
        .seed_call(SeedCall::new(AGENT, PHONE).id("call-a").status("completed"));
    let run = sim.run(&["calls", "end", AGENT, "call-a", "-y"]);
    run.expect(4);
    assert_eq!(run.stdout, "");
    let line = run.stderr.trim_end();
    assert!(!line.contains('\n'), "one line: {line:?}");
    assert!(
        line.starts_with("talkover: CallNotActiveError: Call is not active (status=409 code=CALL_NOT_ACTIVE request_id=req_"),
        "{line}"
    );
}

#[test]
fn end_of_an_unknown_call_exits_3() {
    let sim = Sim::start();
    let run = sim.run(&["calls", "end", AGENT, "call-nope", "--yes"]);
    run.expect(3);
    assert!(
        run.stderr.starts_with("talkover: NotFoundError: "),
        "{run:?}"
    );
}

#[test]
fn place_sends_payload_context_delay_and_test_flag() {
    let sim = Sim::start();
    let run = sim.run(&[
        "calls",
        "place",
        AGENT,
        "+55 11 98765-4321",
        "--payload",
        "customer_name=Ana Lima",
        "--payload",
        "order_total:=129.9",
        "--payload",
        "vip:=true",
        "--context",
        r#"{"order_id": 42}"#,
        "--delay",
        "5",
        "--test",
    ]);
    run.expect(0);
    let [placed] = &run.json_lines()[..] else {
        panic!("one line: {run:?}")
    };
    assert_eq!(placed["status"], "initiated");
    let id = placed["id"].as_str().expect("an id");
    let [request] = &sim.requests_to("/call")[..] else {
        panic!("one request")
    };
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(
        body,
        json!({
            "to": PHONE,
            "payload": {"customer_name": "Ana Lima", "order_total": 129.9, "vip": true},
            "context": {"order_id": 42},
            "delay_seconds": 5,
            "is_testing": true,
        })
    );
    assert_eq!(sim.status_of(id), "initiated");
}

#[test]
fn place_as_a_table_says_how_to_follow_the_call() {
    let sim = Sim::start();
    let run = sim.run(&["--table", "calls", "place", AGENT, PHONE]);
    run.expect(0);
    assert!(
        run.stdout
            .starts_with("Placed call call_1 from agent agent-1 to +5511987654321 (initiated).\n"),
        "{run:?}"
    );
    assert!(run
        .stdout
        .contains("talkover calls active agent-1 +5511987654321"));
}

#[test]
fn place_from_an_unknown_agent_exits_3() {
    let sim = Sim::start();
    let run = sim.run(&["calls", "place", "agent-nope", PHONE]);
    run.expect(3);
    assert!(run.stderr.contains("NotFoundError"), "{run:?}");
    assert!(run.stderr.contains("code=AGENT_NOT_FOUND"), "{run:?}");
}

#[test]
fn place_refuses_bad_options_before_any_request() {
    let sim = Sim::start();
    for args in [
        &["--context", "[1, 2]"][..],
        &["--context", "{nope"],
        &["--payload", "no-equals-sign"],
        &["--payload", "n:={"],
        &["--delay", "3601"],
        &["--delay", "-1"],
    ] {
        let mut all = vec!["calls", "place", AGENT, PHONE];
        all.extend_from_slice(args);
        sim.run(&all).expect(2);
    }
    assert!(sim.server.requests().is_empty());
}
