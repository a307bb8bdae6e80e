//! `calls hangup`: the emergency stop.

use crate::common::{Sim, AGENT, PHONE};
use serde_json::Value;
use talkover_mock::{Fault, FaultKind};

fn outcomes(lines: &[Value]) -> Vec<(String, String)> {
    let mut out: Vec<_> = lines
        .iter()
        .map(|l| {
            (
                l["call_id"].as_str().unwrap().to_owned(),
                l["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn ends_every_active_call_for_the_phone_and_nothing_else() {
    let sim = Sim::start();
    for id in ["call-a", "call-b", "call-c"] {
        sim.seed(PHONE, id);
    }
    sim.seed("+5511900000000", "call-other");
    let run = sim.run(&["calls", "hangup", AGENT, PHONE, "--yes"]);
    run.expect(0);
    let lines = run.json_lines();
    assert_eq!(
        outcomes(&lines),
        [
            ("call-a", "ended"),
            ("call-b", "ended"),
            ("call-c", "ended")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert!(lines.iter().all(|l| l["ended"]["status"] == "completed"));
    for id in ["call-a", "call-b", "call-c"] {
        assert_eq!(sim.status_of(id), "completed");
    }
    assert_eq!(sim.status_of("call-other"), "answered");
}

#[test]
fn as_a_table_it_reports_each_call_and_a_summary() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    sim.seed(PHONE, "call-b");
    let run = sim.run(&["--table", "calls", "hangup", AGENT, PHONE, "--yes"]);
    run.expect(0);
    let lines: Vec<_> = run.stdout.lines().collect();
    assert_eq!(lines[0], "CALL ID  OUTCOME  DETAIL");
    assert!(
        lines[1].starts_with("call-a   ended    completed at "),
        "{lines:?}"
    );
    assert!(
        lines[2].starts_with("call-b   ended    completed at "),
        "{lines:?}"
    );
    assert_eq!(lines[3], "2 ended, 0 already over, 0 failed.");
}

#[test]
fn with_no_active_call_there_is_nothing_to_do() {
    let sim = Sim::start();
    let run = sim.run(&["calls", "hangup", AGENT, PHONE, "--yes"]);
    run.expect(0);
    assert_eq!(run.stdout, "");
    let table = sim.run(&["--table", "calls", "hangup", AGENT, PHONE, "--yes"]);
    table.expect(0);
    assert!(table.stdout.contains("nothing to end"), "{table:?}");
    assert!(sim.requests_to("end-call").is_empty());
}

#[test]
fn calls_left_active_exit_12_and_each_outcome_is_reported() {
    let sim = Sim::start();
    for id in ["call-a", "call-b", "call-c"] {
        sim.seed(PHONE, id);
    }
    // Of the three ends, sent at once: one meets a 409 (as if the call had just ended), one
    // a 500; which call gets which depends on arrival order.
    sim.server.add_fault(
        Fault::respond(409)
            .body(serde_json::json!({"success": false, "message": "Call is not active", "code": "CALL_NOT_ACTIVE"}))
            .path("end-call"),
    );
    sim.server.add_fault(Fault::respond(500).path("end-call"));
    let run = sim.run(&["--retries", "0", "calls", "hangup", AGENT, PHONE, "--yes"]);
    run.expect(12);
    let lines = run.json_lines();
    let mut kinds: Vec<_> = outcomes(&lines).into_iter().map(|(_, o)| o).collect();
    kinds.sort();
    assert_eq!(kinds, ["already_over", "ended", "failed"]);
    let failed = lines.iter().find(|l| l["outcome"] == "failed").unwrap();
    assert_eq!(failed["error"]["class"], "InternalServerError");
    assert_eq!(failed["error"]["status"], 500);
    assert!(run.stderr.contains("talkover: still active: "), "{run:?}");
}

#[test]
fn a_failure_that_in_fact_ended_the_call_exits_0() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    // The server ends the call, then the answer is lost.
    sim.server
        .add_fault(Fault::new(FaultKind::Drop).apply().path("end-call"));
    let run = sim.run(&["--retries", "0", "calls", "hangup", AGENT, PHONE, "--yes"]);
    run.expect(0);
    let [line] = &run.json_lines()[..] else {
        panic!("{run:?}")
    };
    assert_eq!(line["outcome"], "failed");
    assert_eq!(line["error"]["may_have_succeeded"], true);
    assert!(run.stderr.contains("every call is over now"), "{run:?}");
}

#[test]
fn a_lost_answer_retried_counts_as_ended() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    sim.server
        .add_fault(Fault::new(FaultKind::Drop).apply().path("end-call"));
    let run = sim.run(&["calls", "hangup", AGENT, PHONE, "--yes"]);
    run.expect(0);
    let [line] = &run.json_lines()[..] else {
        panic!("{run:?}")
    };
    assert_eq!(line["outcome"], "ended");
    assert_eq!(line["ended"], Value::Null);
    assert_eq!(sim.requests_to("end-call").len(), 2);
}
