//! What the client logs across the fault matrix: retries are visible, the token never is,
//! and phone numbers show only their last four digits.
//!
//! A small subscriber records every event and span field as text, at TRACE, for the
//! duration of the test: everything any crate in the stack emits is checked, not only the
//! client's own events.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use talkover::tracing::field::{Field, Visit};
use talkover::tracing::level_filters::LevelFilter;
use talkover::tracing::span::{Attributes, Id, Record};
use talkover::tracing::{self, Event, Metadata, Subscriber};
use talkover::{Client, ErrorKind, RequestOptions};
use talkover_mock::{Fault, FaultKind, MockOptions, MockServer, SeedCall};

const TOKEN: &str = "talq_L0G_s3cr3t_7f3a9c";
const PHONE: &str = "+5511987654321";
const DIGITS: &str = "5511987654321";
const AGENT: &str = "agent-1";

/// Records every event and span as one line of text.
#[derive(Clone, Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_span: Arc<AtomicU64>,
}

impl Capture {
    fn push(&self, line: String) {
        self.lines.lock().expect("not poisoned").push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().expect("not poisoned").clone()
    }
}

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={value}", field.name());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(LevelFilter::TRACE)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("SPAN {}", span.metadata().name());
        span.record(&mut Line(&mut line));
        self.push(line);
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = "SPAN-RECORD".to_owned();
        values.record(&mut Line(&mut line));
        self.push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut line = format!("{} {}", meta.level(), meta.target());
        event.record(&mut Line(&mut line));
        self.push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// One fault, the call that meets it, and the error class expected (`None`: success).
async fn run_case(
    mock: &MockServer,
    client: &Client,
    fault: Fault,
    end_call: bool,
    want: Option<ErrorKind>,
) {
    mock.add_fault(fault.clone());
    let opts = RequestOptions::new().timeout(Duration::from_millis(300));
    let got = if end_call {
        client
            .end_call_with(AGENT, "call-1", &opts)
            .await
            .map(|_| ())
    } else {
        client
            .active_call_with(AGENT, PHONE, &opts)
            .await
            .map(|_| ())
    };
    assert_eq!(got.err().map(|e| e.kind()), want, "{fault:?}");
}

#[tokio::test]
async fn fault_matrix_logs_retries_without_the_token_or_the_phone() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    let mock = MockServer::start(MockOptions {
        token: TOKEN.to_owned(),
        ..MockOptions::default()
    })
    .expect("simulator starts");
    mock.seed_call(SeedCall::new(AGENT, PHONE).id("call-1"));
    let client = Client::builder()
        .token(TOKEN)
        .base_url(mock.url())
        .max_retries(1)
        .build()
        .expect("client builds");
    let cases = [
        (Fault::respond(401).body(serde_json::json!({"success": false, "error": {"code": "INVALID_TOKEN", "message": "bad token"}})), false, Some(ErrorKind::Authentication)),
        (Fault::respond(404).body(serde_json::json!("<html>not here</html>")), false, Some(ErrorKind::NotFound)),
        (Fault::respond(409).body(serde_json::json!({"success": false, "message": "Call is not active", "code": "CALL_NOT_ACTIVE"})), true, Some(ErrorKind::CallNotActive)),
        (Fault::respond(429).header("retry-after", "120"), false, Some(ErrorKind::RateLimit)),
        (Fault::respond(500).header("retry-after", "0"), false, None),
        (Fault::respond(200).body(serde_json::json!("{broken")), false, Some(ErrorKind::Response)),
        (Fault::new(FaultKind::Drop), false, None),
        (Fault::new(FaultKind::Truncate).body(serde_json::json!({"success": true, "data": []})).times(2), false, Some(ErrorKind::Connection)),
        (Fault::new(FaultKind::Hang), false, None),
    ];
    for (fault, end_call, want) in cases {
        run_case(&mock, &client, fault, end_call, want).await;
    }
    drop(_guard);

    let lines = capture.lines();
    let ours: Vec<&String> = lines.iter().filter(|l| l.contains(" talkover ")).collect();
    let text = lines.join("\n");
    assert!(!ours.is_empty(), "the client logged nothing");
    for line in &lines {
        assert!(!line.contains("s3cr3t"), "token in a log line: {line}");
        assert!(!line.contains(DIGITS), "full phone in a log line: {line}");
    }
    let has = |needle: &str| ours.iter().any(|l| l.contains(needle));
    assert!(
        has("path=/agents/agent-1/active-call/+*********4321"),
        "{text}"
    );
    assert!(has("path=/agents/agent-1/end-call"), "{text}");
    assert!(has("DEBUG talkover") && has("attempt=2"), "{text}");
    assert!(
        has("status=200") && has("request_id=req_") && has("elapsed_ms="),
        "{text}"
    );
    for reason in [
        "reason=HTTP 500",
        "reason=APIConnectionError",
        "reason=APITimeoutError",
    ] {
        assert!(
            ours.iter().any(|l| l.starts_with("INFO talkover")
                && l.contains("retrying request")
                && l.contains(reason)
                && l.contains("max_retries=1")),
            "no retry event for {reason}:\n{text}"
        );
    }
    assert!(has("delay_ms=0"), "Retry-After: 0 is honoured: {text}");
    assert!(
        has("error=APIConnectionError") && has("detail=connection error: "),
        "a connection failure says what failed: {text}"
    );
    assert!(
        has("error=RateLimitError") && has("retry_after_ms=120000"),
        "a too-long Retry-After gives up with the wait: {text}"
    );
    for class in [
        "AuthenticationError",
        "NotFoundError",
        "CallNotActiveError",
        "APIResponseError",
    ] {
        assert!(
            has(&format!("error={class}")),
            "no give-up event for {class}: {text}"
        );
    }
}

#[test]
fn mask_phone_is_public_and_keeps_the_last_four_digits() {
    assert_eq!(talkover::mask_phone(PHONE), "+*********4321");
    assert_eq!(
        talkover::mask_phone("+1 (555) 123-4567"),
        "+* (***) ***-4567"
    );
    assert_eq!(talkover::log::TARGET, "talkover");
}
