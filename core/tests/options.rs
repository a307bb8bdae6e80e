//! Per-call options, derived clients, client settings (proxy, app info), response metadata
//! and the attempt hook, observed on the simulator.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use talkover::{Attempt, Client, ClientOverrides, ErrorKind, RequestOptions};
use talkover_mock::{Fault, MockOptions, MockServer, SeedCall};

const AGENT: &str = "agent-1";
const PHONE: &str = "+5511987654321";
const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

fn mock() -> MockServer {
    MockServer::start(MockOptions::default()).expect("simulator starts")
}

fn client(mock: &MockServer) -> talkover::ClientBuilder {
    Client::builder().token(mock.token()).base_url(mock.url())
}

#[tokio::test]
async fn call_and_client_headers_reach_the_server_the_call_winning() {
    let mock = mock();
    let client = client(&mock)
        .header("x-tenant", "acme")
        .header("x-team", "billing")
        .build()
        .unwrap();
    let opts = RequestOptions::new()
        .header("traceparent", TRACEPARENT)
        .header("X-Team", "support");
    client.active_call_with(AGENT, PHONE, &opts).await.unwrap();
    client.active_call(AGENT, PHONE).await.unwrap();
    let log = mock.requests();
    let first = &log[0].headers;
    assert_eq!(first["traceparent"], TRACEPARENT);
    assert_eq!(first["x-tenant"], "acme");
    assert_eq!(first["x-team"], "support");
    let second = &log[1].headers;
    assert!(!second.contains_key("traceparent"));
    assert_eq!(second["x-team"], "billing");
}

#[tokio::test]
async fn headers_the_client_sets_are_refused_before_any_request() {
    let mock = mock();
    let client = client(&mock).build().unwrap();
    for (name, value) in [
        ("Authorization", "Bearer talq_other"),
        ("user-agent", "spoof/1"),
        ("bad name", "x"),
        ("x-note", "two\r\nlines"),
    ] {
        let opts = RequestOptions::new().header(name, value);
        let err = client
            .active_call_with(AGENT, PHONE, &opts)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{name}");
        assert_eq!(err.param(), Some("headers"));
        assert!(!err.to_string().contains("talq_other"));
    }
    assert!(mock.requests().is_empty());
    let builder = client_builder_with_header(&mock, "Content-Type", "text/plain");
    assert_eq!(
        builder.build().unwrap_err().kind(),
        ErrorKind::InvalidRequest
    );
}

fn client_builder_with_header(
    mock: &MockServer,
    name: &str,
    value: &str,
) -> talkover::ClientBuilder {
    client(mock).header(name, value)
}

#[tokio::test]
async fn per_call_max_retries_replaces_the_clients() {
    let mock = mock();
    let client = client(&mock).max_retries(2).build().unwrap();
    mock.add_fault(Fault::respond(503).header("retry-after", "0").times(3));
    let opts = RequestOptions::new().max_retries(0);
    let err = client
        .active_call_with(AGENT, PHONE, &opts)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn a_derived_client_changes_settings_and_shares_the_pool() {
    let mock = mock();
    let client = client(&mock).build().unwrap();
    client.active_call(AGENT, PHONE).await.unwrap();
    let derived = client
        .with_options(
            ClientOverrides::new()
                .max_retries(0)
                .timeout(Duration::from_secs(3))
                .header("x-tenant", "acme"),
        )
        .unwrap();
    assert_eq!((derived.max_retries(), client.max_retries()), (0, 2));
    assert_eq!(derived.timeout(), Duration::from_secs(3));
    derived.active_call(AGENT, PHONE).await.unwrap();
    assert_eq!(mock.requests()[1].headers["x-tenant"], "acme");
    assert_eq!(
        mock.connections_total(),
        1,
        "the derived client reused the connection"
    );

    // Another token goes with the derived client's requests only.
    let other = client
        .with_options(ClientOverrides::new().token("talq_another_environment"))
        .unwrap();
    let err = other.active_call(AGENT, PHONE).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    client.active_call(AGENT, PHONE).await.unwrap();
    let log = mock.requests();
    assert!(!log[2].authorized && log[3].authorized);
    assert_eq!(mock.connections_total(), 1);

    for bad in [
        ClientOverrides::new().token("talq bad"),
        ClientOverrides::new().header("host", "elsewhere"),
        ClientOverrides::new().timeout(Duration::ZERO),
    ] {
        let err = client.with_options(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    }
}

#[tokio::test]
async fn a_proxy_carries_every_request() {
    let mock = mock();
    // The base URL's host does not resolve: only a proxy can deliver the request, and the
    // simulator serves proxied (absolute-form) requests as it serves direct ones.
    let client = Client::builder()
        .token(mock.token())
        .base_url("http://api.talkover.invalid/api/v1")
        .proxy(mock.url().trim_end_matches("/api/v1"))
        .build()
        .unwrap();
    mock.seed_call(SeedCall::new(AGENT, PHONE).id("call-1"));
    let calls = client.active_call(AGENT, PHONE).await.unwrap();
    assert_eq!(calls[0].id, "call-1");
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn the_user_agent_names_the_platform_and_the_app() {
    let mock = mock();
    let client = client(&mock)
        .app_info("billing-worker/1.4")
        .build()
        .unwrap();
    client.active_call(AGENT, PHONE).await.unwrap();
    let sent = mock.requests()[0].user_agent.clone().unwrap();
    assert_eq!(sent, client.user_agent());
    let platform = format!("({} {})", std::env::consts::OS, std::env::consts::ARCH);
    assert!(sent.starts_with("talkover-rust/"), "{sent}");
    assert!(sent.contains(&platform), "{sent}");
    assert!(sent.ends_with(" billing-worker/1.4"), "{sent}");
}

#[tokio::test]
async fn results_carry_their_request_id_and_rate_limit_state() {
    let mock = mock();
    let client = client(&mock).build().unwrap();
    mock.seed_call(SeedCall::new(AGENT, PHONE).id("call-1"));
    let calls = client.active_call(AGENT, PHONE).await.unwrap();
    let ended = client.end_call(AGENT, "call-1").await.unwrap();
    let log = mock.requests();
    let meta = calls[0]
        .response()
        .expect("a returned call knows its response");
    assert_eq!(meta.status, 200);
    assert_eq!(meta.request_id.as_deref(), Some(log[0].request_id.as_str()));
    let first = meta.rate_limit.expect("the simulator reports its window");
    assert_eq!(first.limit, Some(1000));
    let second = ended.response().unwrap().rate_limit.unwrap();
    assert_eq!(second.remaining, first.remaining.map(|r| r - 1));
    let reset = second.reset_at.unwrap();
    assert!(reset > SystemTime::now() - Duration::from_secs(1));
    assert!(reset <= SystemTime::now() + Duration::from_secs(61));
    assert_eq!(
        ended.response().unwrap().request_id.as_deref(),
        Some(log[1].request_id.as_str())
    );
    // Metadata is not data: serialising gives the API's fields, equality ignores it.
    let json = serde_json::to_value(&calls[0]).unwrap();
    assert!(json.get("response").is_none() && json.get("origin").is_none());
    let parsed: talkover::Call = serde_json::from_value(json).unwrap();
    assert!(parsed.response().is_none());
    assert_eq!(parsed, calls[0]);
}

#[tokio::test]
async fn status_errors_expose_the_response_headers_and_rate_limit() {
    let mock = mock();
    let client = client(&mock).max_retries(0).build().unwrap();
    mock.add_fault(
        Fault::respond(429)
            .header("x-ratelimit-remaining", "0")
            .header("x-custom", "kept"),
    );
    let err = client.active_call(AGENT, PHONE).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimit);
    let header = |name: &str| {
        err.headers()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("x-custom").as_deref(), Some("kept"));
    assert_eq!(header("x-request-id").as_deref(), err.request_id());
    let rate = err.rate_limit().expect("parsed from the headers");
    assert_eq!(rate.remaining, Some(0));
    assert_eq!(rate.limit, Some(1000));
}

#[tokio::test]
async fn the_hook_sees_every_attempt_and_nothing_secret() {
    let mock = mock();
    let seen: Arc<Mutex<Vec<Attempt>>> = Arc::default();
    let sink = seen.clone();
    let client = client(&mock)
        .on_attempt(move |attempt| sink.lock().unwrap().push(attempt.clone()))
        .build()
        .unwrap();
    mock.seed_call(SeedCall::new(AGENT, PHONE).id("call-1"));
    mock.add_fault(Fault::respond(503).header("retry-after", "0"));
    client.active_call(AGENT, PHONE).await.unwrap();
    let attempts = seen.lock().unwrap().clone();
    let log = mock.requests();
    assert_eq!(attempts.len(), 2);
    let (first, second) = (&attempts[0], &attempts[1]);
    assert_eq!(
        (first.retry, first.status, first.will_retry),
        (0, Some(503), true)
    );
    assert_eq!(first.error, Some(ErrorKind::InternalServer));
    assert_eq!(
        (second.retry, second.status, second.will_retry),
        (1, Some(200), false)
    );
    assert_eq!(second.error, None);
    assert_eq!(
        second.request_id.as_deref(),
        Some(log[1].request_id.as_str())
    );
    assert_eq!(first.method, "GET");
    assert_eq!(first.path, "/agents/agent-1/active-call/+*********4321");
    assert!(second.started_at >= first.started_at + first.duration);
    let shown = format!("{attempts:?}");
    assert!(!shown.contains(mock.token()) && !shown.contains("987654321"));
}

#[tokio::test]
async fn a_panicking_hook_does_not_fail_the_call() {
    let mock = mock();
    let client = client(&mock)
        .on_attempt(|_| panic!("a broken hook"))
        .build()
        .unwrap();
    assert!(client.active_call(AGENT, PHONE).await.unwrap().is_empty());
}
