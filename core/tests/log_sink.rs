//! A client's log sink receives the same events as `tracing`, redacted, at its level.

use std::sync::{Arc, Mutex};
use talkover::log::LogSink;
use talkover::tracing::Level;
use talkover::Client;
use talkover_mock::{Fault, MockOptions, MockServer, SeedCall};

#[tokio::test]
async fn the_sink_gets_redacted_lines_at_its_level() {
    let mock = MockServer::start(MockOptions::default()).expect("simulator starts");
    mock.seed_call(SeedCall::new("agent-1", "+5511987654321"));
    mock.add_fault(Fault::respond(503).header("retry-after", "0"));
    let lines = Arc::new(Mutex::new(Vec::new()));
    let seen = lines.clone();
    let sink = LogSink::new(Level::DEBUG, move |level, line| {
        seen.lock().expect("lock").push((level, line.to_owned()));
    });
    let client = Client::builder()
        .token(mock.token())
        .base_url(mock.url())
        .log_sink(sink)
        .build()
        .expect("client builds");
    client
        .active_call("agent-1", "+5511987654321")
        .await
        .expect("retried, then found");
    let lines = lines.lock().expect("lock").clone();
    let text: Vec<_> = lines.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        lines.iter().filter(|(lvl, _)| *lvl == Level::INFO).count(),
        1,
        "one retry: {text:?}"
    );
    assert!(text
        .iter()
        .any(|l| l.starts_with("retrying request") && l.contains("reason=\"HTTP 503\"")));
    assert_eq!(
        text.iter()
            .filter(|l| l.starts_with("sending request"))
            .count(),
        2
    );
    for line in &text {
        assert!(!line.contains(mock.token()), "{line}");
        assert!(!line.contains("5511987654321"), "{line}");
    }
    assert!(text.iter().any(|l| l.contains("+*********4321")));

    // A sink at INFO gets the retry but none of the DEBUG lines.
    let quiet = Arc::new(Mutex::new(Vec::new()));
    let seen = quiet.clone();
    let client = Client::builder()
        .token(mock.token())
        .base_url(mock.url())
        .log_sink(LogSink::new(Level::INFO, move |_, line| {
            seen.lock().expect("lock").push(line.to_owned())
        }))
        .build()
        .expect("client builds");
    mock.add_fault(Fault::respond(503).header("retry-after", "0"));
    client
        .active_call("agent-1", "+5511987654321")
        .await
        .expect("found");
    let quiet = quiet.lock().expect("lock").clone();
    assert_eq!(quiet.len(), 1, "{quiet:?}");
    assert!(quiet[0].starts_with("retrying request"));
}
