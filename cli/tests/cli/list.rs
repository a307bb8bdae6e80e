//! `calls list`: paging, --limit, filters, streaming.

use crate::common::{finish, interrupt, lines_of, Sim, AGENT, PHONE};
use std::time::{Duration, Instant};
use talkover_mock::{Fault, FaultKind, SeedCall};

/// Seeds `n` completed calls, `call-1` oldest.
fn seed_history(sim: &Sim, n: usize) {
    for i in 1..=n {
        sim.server.seed_call(
            SeedCall::new(AGENT, PHONE)
                .id(format!("call-{i}"))
                .status("completed")
                .direction("outbound")
                .created_at(format!("2024-03-{i:02}T10:00:00Z")),
        );
    }
}

fn ids(sim_run: &crate::common::Run) -> Vec<String> {
    sim_run
        .json_lines()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn limit_stops_after_n_calls_and_fetches_no_more_pages_than_needed() {
    let sim = Sim::start();
    seed_history(&sim, 7);
    let run = sim.run(&["calls", "list", "--page-size", "2", "--limit", "5"]);
    run.expect(0);
    assert_eq!(
        ids(&run),
        ["call-7", "call-6", "call-5", "call-4", "call-3"]
    );
    let pages: Vec<_> = sim
        .requests_to("/calls")
        .into_iter()
        .map(|r| r.query.unwrap_or_default())
        .collect();
    assert_eq!(
        pages,
        [
            "page=1&per_page=2",
            "page=2&per_page=2",
            "page=3&per_page=2"
        ]
    );
}

#[test]
fn without_a_limit_every_page_is_read() {
    let sim = Sim::start();
    seed_history(&sim, 7);
    let run = sim.run(&["calls", "list", "--page-size", "3"]);
    run.expect(0);
    assert_eq!(ids(&run).len(), 7);
    assert_eq!(sim.requests_to("/calls").len(), 3);
    let first = &run.json_lines()[0];
    assert_eq!(first["direction"], "outbound");
    assert_eq!(first["agent"]["id"], AGENT);
    assert_eq!(first["created_at"], "2024-03-07T10:00:00Z");
}

#[test]
fn a_small_limit_asks_for_a_page_of_that_size() {
    let sim = Sim::start();
    seed_history(&sim, 4);
    let run = sim.run(&["calls", "list", "--limit", "3"]);
    run.expect(0);
    assert_eq!(ids(&run).len(), 3);
    let [request] = &sim.requests_to("/calls")[..] else {
        panic!("one page")
    };
    assert_eq!(request.query.as_deref(), Some("page=1&per_page=3"));
}

#[test]
fn filters_go_to_the_api() {
    let sim = Sim::start();
    seed_history(&sim, 3);
    let run = sim.run(&[
        "calls",
        "list",
        "--agent",
        AGENT,
        "--status",
        "completed",
        "--direction",
        "outbound",
        "--since",
        "2024-03-02",
        "--until",
        "2024-03-31",
        "--search",
        "98765",
    ]);
    run.expect(0);
    assert_eq!(ids(&run), ["call-3", "call-2"]);
    let [request] = &sim.requests_to("/calls")[..] else {
        panic!("one page")
    };
    assert_eq!(request.path, "/api/v1/agents/agent-1/calls");
    assert_eq!(
        request.query.as_deref(),
        Some("page=1&status=completed&direction=outbound&search=98765&date_from=2024-03-02&date_to=2024-03-31")
    );
}

#[test]
fn bad_filters_are_usage_errors_before_any_request() {
    let sim = Sim::start();
    for args in [
        &["--since", "2024-02-30"][..],
        &["--until", "yesterday"],
        &["--since", "2024-03-02", "--until", "2024-03-01"],
        &["--direction", "sideways"],
        &["--limit", "0"],
        &["--page-size", "101"],
        &["--agent", ".."],
    ] {
        let mut all = vec!["calls", "list"];
        all.extend_from_slice(args);
        let run = sim.run(&all);
        run.expect(2);
        assert!(!run.stderr.is_empty());
    }
    // Checked by the core rather than the parser, and still named as typed.
    let run = sim.run(&[
        "calls",
        "list",
        "--since",
        "2024-03-02",
        "--until",
        "2024-03-01",
    ]);
    assert_eq!(
        run.stderr,
        "talkover: InvalidRequestError: invalid --until: must not be before --since\n"
    );
    assert!(sim.server.requests().is_empty());
}

#[test]
fn as_a_table_and_when_empty() {
    let sim = Sim::start();
    let empty = sim.run(&["--table", "calls", "list"]);
    empty.expect(0);
    assert_eq!(empty.stdout, "No calls.\n");
    seed_history(&sim, 2);
    let run = sim.run(&["--table", "calls", "list"]);
    run.expect(0);
    let lines: Vec<_> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("CALL ID  STATUS     DIRECTION  TO"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("call-2   completed  outbound   +5511987654321"),
        "{lines:?}"
    );
    assert!(
        lines[1].ends_with("2024-03-02 10:00:00  Agent agent-1"),
        "{lines:?}"
    );
    assert_eq!(lines.len(), 3);
}

#[test]
fn pages_are_printed_as_they_arrive_and_ctrl_c_stops_the_listing() {
    let sim = Sim::start();
    seed_history(&sim, 4);
    // Page 1 is served as usual; page 2 never comes.
    sim.server.add_fault(Fault::respond(200).apply());
    sim.server.add_fault(Fault::new(FaultKind::Hang));
    let mut child = sim
        .cmd(&["calls", "list", "--page-size", "2"])
        .spawn()
        .expect("starts");
    let lines = lines_of(&mut child);
    let first = lines.recv_timeout(Duration::from_secs(10)).expect("page 1");
    let second = lines.recv_timeout(Duration::from_secs(5)).expect("page 1");
    assert!(first.contains("\"call-4\"") && second.contains("\"call-3\""));
    sim.wait_for_pending();
    let started = Instant::now();
    interrupt(&child);
    let run = finish(child, Duration::from_secs(5));
    run.expect(130);
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(run.stderr.contains("interrupted"), "{run:?}");
}
