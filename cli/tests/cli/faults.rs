//! Faults: each error class reaches the user as one line on stderr and its exit code.

use crate::common::{finish, interrupt, Sim, AGENT, PHONE};
use serde_json::json;
use std::time::{Duration, Instant};
use talkover_mock::{Fault, FaultKind, MockOptions, SeedAgent};

#[test]
fn a_503_then_a_200_succeeds_after_one_retry() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    sim.server
        .add_fault(Fault::respond(503).header("retry-after", "0"));
    let run = sim.run(&["calls", "active", AGENT, PHONE]);
    run.expect(0);
    assert_eq!(run.json_lines()[0]["id"], "call-a");
    assert_eq!(run.stderr, "");
    let retries: Vec<_> = sim
        .server
        .requests()
        .iter()
        .map(|r| r.retry_count)
        .collect();
    assert_eq!(retries, [Some(0), Some(1)]);
}

#[test]
fn a_429_after_the_retries_exits_6() {
    let sim = Sim::start();
    sim.server.add_fault(
        Fault::respond(429)
            .header("retry-after", "0")
            .body(json!({"success": false, "message": "Too many requests"}))
            .times(5),
    );
    let run = sim.run(&["--retries", "1", "calls", "active", AGENT, PHONE]);
    run.expect(6);
    assert!(
        run.stderr
            .starts_with("talkover: RateLimitError: Too many requests (status=429 request_id=req_"),
        "{run:?}"
    );
    assert_eq!(sim.server.requests().len(), 2);
}

#[test]
fn a_hang_with_timeout_exits_7_promptly() {
    let sim = Sim::start();
    sim.server.add_fault(Fault::new(FaultKind::Hang));
    let started = Instant::now();
    let run = sim.run(&[
        "--timeout",
        "0.3",
        "--retries",
        "0",
        "calls",
        "active",
        AGENT,
        PHONE,
    ]);
    run.expect(7);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        run.stderr,
        "talkover: APITimeoutError: request timed out after 300 ms\n"
    );
}

#[test]
fn a_place_that_timed_out_says_the_call_may_have_been_placed() {
    let sim = Sim::start();
    sim.server.add_fault(Fault::new(FaultKind::Hang).apply());
    let run = sim.run(&["--timeout", "0.3", "calls", "place", AGENT, PHONE]);
    run.expect(7);
    assert!(run.stderr.contains("APITimeoutError"), "{run:?}");
    assert!(run.stderr.contains("may have been placed"), "{run:?}");
    // Never dialled twice: the timeout after sending is not retried.
    assert_eq!(sim.requests_to("/call").len(), 1);
}

#[test]
fn each_error_class_has_its_exit_code() {
    let cases: [(Fault, i32, &str); 6] = [
        (Fault::respond(401), 5, "AuthenticationError"),
        (Fault::respond(403), 5, "PermissionDeniedError"),
        (Fault::respond(500), 8, "InternalServerError"),
        (Fault::respond(422), 11, "UnprocessableEntityError"),
        (
            Fault::respond(200).body(json!("<html>proxy</html>")),
            9,
            "APIResponseError",
        ),
        (Fault::respond(418), 1, "APIStatusError"),
    ];
    let sim = Sim::start();
    for (fault, code, class) in cases {
        sim.server.add_fault(fault);
        let run = sim.run(&["--retries", "0", "calls", "active", AGENT, PHONE]);
        run.expect(code);
        assert!(
            run.stderr.starts_with(&format!("talkover: {class}: ")),
            "{class}: {run:?}"
        );
        assert_eq!(run.stderr.lines().count(), 1, "{run:?}");
    }
}

#[test]
fn placing_without_credits_exits_10_and_from_an_inactive_agent_11() {
    let sim = Sim::with(MockOptions {
        credits: Some(0),
        ..MockOptions::default()
    });
    let run = sim.run(&["calls", "place", AGENT, PHONE]);
    run.expect(10);
    assert!(run.stderr.contains("PaymentRequiredError"), "{run:?}");
    sim.server
        .seed_agent(SeedAgent::new("agent-off").published(false));
    let run = sim.run(&["calls", "place", "agent-off", PHONE, "--test"]);
    run.expect(11);
    assert!(run.stderr.contains("BadRequestError"), "{run:?}");
}

#[test]
fn a_wrong_token_exits_5_and_a_dead_server_7() {
    let sim = Sim::start();
    let mut cmd = sim.cmd(&["calls", "active", AGENT, PHONE]);
    cmd.env("TALKOVER_API_TOKEN", "talq_wrong");
    let run = crate::common::run(cmd);
    run.expect(5);
    assert!(run.stderr.contains("code=INVALID_TOKEN"), "{run:?}");
    let mut cmd = sim.cmd(&["--retries", "0", "calls", "active", AGENT, PHONE]);
    cmd.env("TALKOVER_BASE_URL", "http://127.0.0.1:9/api/v1");
    let run = crate::common::run(cmd);
    run.expect(7);
    assert!(
        run.stderr.starts_with("talkover: APIConnectionError: "),
        "{run:?}"
    );
}

#[test]
fn ctrl_c_cancels_the_request_in_flight_and_exits_130() {
    let sim = Sim::start();
    sim.server.add_fault(Fault::new(FaultKind::Hang));
    let child = sim
        .cmd(&["calls", "active", AGENT, PHONE])
        .spawn()
        .expect("starts");
    sim.wait_for_pending();
    let started = Instant::now();
    interrupt(&child);
    let run = finish(child, Duration::from_secs(5));
    run.expect(130);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(
        run.stderr,
        "talkover: interrupted; requests in flight were cancelled\n"
    );
    crate::common::wait_until(Duration::from_secs(5), || {
        sim.server.requests()[0].outcome == talkover_mock::Outcome::Cancelled
    });
}
