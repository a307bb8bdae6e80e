//! Every fault kind, observed by a real client, plus queueing and connection accounting.

mod common;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use common::{
    client, client_with_timeout, get, post, send, server, wait_for_log, wait_until, PHONE,
    PHONE_ENCODED,
};
use serde_json::json;
use talkover_mock::{Fault, FaultKind, Outcome, SeedCall};

fn active_path() -> String {
    format!("/agents/agent_1/active-call/{PHONE_ENCODED}")
}

#[tokio::test]
async fn respond_sends_status_headers_body_after_the_delay() {
    let server = server();
    server.add_fault(
        Fault::respond(503)
            .header("retry-after", "7")
            .body(json!({"success": false, "message": "busy"}))
            .delay_ms(200),
    );
    let started = Instant::now();
    let (status, headers, body) = send(get(&client(), &server, &active_path())).await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(status, 503);
    assert_eq!(headers["retry-after"], "7");
    assert_eq!(headers["content-type"], "application/json");
    assert!(headers.contains_key("x-request-id"));
    assert_eq!(body, json!({"success": false, "message": "busy"}));
    let log = server.requests();
    assert_eq!(log[0].status, Some(503));
    assert_eq!(log[0].outcome, Outcome::Responded);
}

#[tokio::test]
async fn respond_string_bodies_are_verbatim_and_headers_override() {
    let server = server();
    server.add_fault(
        Fault::respond(502)
            .body(json!("<html>bad gateway</html>"))
            .header("content-type", "text/html")
            .header("x-request-id", "req_custom"),
    );
    server.add_fault(Fault::respond(500));
    let client = client();
    let resp = get(&client, &server, &active_path())
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), 502);
    assert_eq!(resp.headers()["content-type"], "text/html");
    assert_eq!(resp.headers()["x-request-id"], "req_custom");
    assert_eq!(resp.text().await.expect("body"), "<html>bad gateway</html>");

    let resp = get(&client, &server, &active_path())
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), 500);
    assert_eq!(resp.headers()["content-length"], "0");
    assert!(resp.bytes().await.expect("body").is_empty());
}

#[tokio::test]
async fn body_bytes_streams_a_large_body() {
    let server = server();
    let size = 20 * 1024 * 1024;
    server.add_fault(Fault {
        status: 200,
        body_bytes: Some(size),
        ..Fault::default()
    });
    let resp = get(&client(), &server, &active_path())
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.content_length(), Some(size));
    let body = resp.bytes().await.expect("body");
    assert_eq!(body.len() as u64, size);
    assert!(body.iter().all(|&b| b == b'x'));
}

#[tokio::test]
async fn drop_closes_without_a_response() {
    let server = server();
    server.add_fault(Fault::new(FaultKind::Drop).delay_ms(50));
    let err = get(&client(), &server, &active_path())
        .send()
        .await
        .expect_err("no response");
    assert!(!err.is_timeout(), "{err:?}");
    assert!(err.status().is_none());

    // On the wire: not a single byte before EOF.
    server.add_fault(Fault::new(FaultKind::Drop));
    let mut stream = std::net::TcpStream::connect(server.addr()).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    write!(stream, "GET /api/v1/x HTTP/1.1\r\nhost: x\r\n\r\n").expect("writes");
    let mut received = Vec::new();
    let _ = stream.read_to_end(&mut received);
    assert!(
        received.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&received)
    );

    wait_for_log(&server, |log| {
        log.len() == 2
            && log
                .iter()
                .all(|r| r.outcome == Outcome::Dropped && r.status.is_none())
    })
    .await;
}

#[tokio::test]
async fn hang_times_out_the_client_is_logged_cancelled_and_blocks_nobody() {
    let server = server();
    server.seed_call(SeedCall::new("agent_1", PHONE));
    server.add_fault(Fault::new(FaultKind::Hang));
    let hung = client_with_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let pending = tokio::spawn(get(&hung, &server, &active_path()).send());

    // Another connection is served meanwhile.
    wait_for_log(&server, |log| log.len() == 1).await;
    assert_eq!(server.requests()[0].outcome, Outcome::Pending);
    let (status, _, _) = send(get(&client(), &server, &active_path())).await;
    assert_eq!(status, 200);

    let err = pending.await.expect("task").expect_err("hangs");
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() >= Duration::from_millis(300));
    drop(hung);
    wait_for_log(&server, |log| log[0].outcome == Outcome::Cancelled).await;
    assert_eq!(server.requests()[0].status, None);
}

#[tokio::test]
async fn a_client_leaving_during_the_delay_is_cancelled() {
    let server = server();
    server.add_fault(Fault::respond(200).delay_ms(5_000));
    let client = client_with_timeout(Duration::from_millis(150));
    let err = get(&client, &server, &active_path())
        .send()
        .await
        .expect_err("times out");
    assert!(err.is_timeout());
    drop(client);
    wait_for_log(&server, |log| log[0].outcome == Outcome::Cancelled).await;
}

#[tokio::test]
async fn truncate_announces_more_than_it_sends() {
    let server = server();
    server.add_fault(Fault {
        kind: FaultKind::Truncate,
        status: 200,
        body: json!({"success": true, "data": []}),
        ..Fault::default()
    });
    let resp = get(&client(), &server, &active_path())
        .send()
        .await
        .expect("head arrives");
    assert_eq!(resp.status(), 200);
    let announced = resp.content_length().expect("content-length");
    assert!(announced > r#"{"success":true,"data":[]}"#.len() as u64);
    let err = resp.bytes().await.expect_err("body is cut");
    assert!(err.is_body() || err.is_decode(), "{err:?}");

    // On the wire: the whole body, then EOF short of the announced length.
    server.add_fault(Fault {
        kind: FaultKind::Truncate,
        body: json!("abcd"),
        ..Fault::default()
    });
    let mut stream = std::net::TcpStream::connect(server.addr()).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    write!(stream, "GET /api/v1/x HTTP/1.1\r\nhost: x\r\n\r\n").expect("writes");
    let mut received = Vec::new();
    stream.read_to_end(&mut received).expect("clean EOF");
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 500"), "{text}");
    assert!(text.contains("content-length: 24\r\n"), "{text}");
    assert!(text.ends_with("\r\n\r\nabcd"), "{text}");
}

#[tokio::test]
async fn reset_aborts_mid_body() {
    let server = server();
    server.add_fault(Fault {
        kind: FaultKind::Reset,
        status: 200,
        body: json!("0123456789"),
        ..Fault::default()
    });
    let resp = get(&client(), &server, &active_path())
        .send()
        .await
        .expect("head arrives");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.content_length(), Some(10));
    let err = resp.bytes().await.expect_err("body is cut");
    assert!(err.is_body() || err.is_decode(), "{err:?}");

    server.add_fault(Fault {
        kind: FaultKind::Reset,
        body: json!("0123456789"),
        ..Fault::default()
    });
    let mut stream = std::net::TcpStream::connect(server.addr()).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    write!(stream, "GET /api/v1/x HTTP/1.1\r\nhost: x\r\n\r\n").expect("writes");
    let mut received = [0u8; 4096];
    let mut got = Vec::new();
    let end = loop {
        match stream.read(&mut received) {
            Ok(0) => break None,
            Ok(n) => got.extend_from_slice(&received[..n]),
            Err(e) => break Some(e.kind()),
        }
    };
    assert_eq!(end, Some(std::io::ErrorKind::ConnectionReset));
    let text = String::from_utf8_lossy(&got);
    assert!(text.ends_with("\r\n\r\n01234"), "{text}");
}

#[tokio::test]
async fn trickle_sends_the_body_slowly() {
    let server = server();
    server.add_fault(Fault {
        kind: FaultKind::Trickle,
        status: 200,
        body: json!("abcdef"),
        chunk_delay_ms: 50,
        ..Fault::default()
    });
    let started = Instant::now();
    let resp = get(&client(), &server, &active_path())
        .send()
        .await
        .expect("head arrives");
    let head_after = started.elapsed();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().await.expect("body"), "abcdef");
    assert!(head_after < Duration::from_millis(150), "{head_after:?}");
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn times_are_consumed_in_fifo_order() {
    let server = server();
    server.seed_call(SeedCall::new("agent_1", PHONE));
    server.add_fault(Fault::respond(503).times(2));
    server.add_fault(Fault::respond(502));
    server.add_fault(Fault::respond(500).times(0));
    let client = client();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(send(get(&client, &server, &active_path())).await.0);
    }
    assert_eq!(statuses, [503, 503, 502, 200, 200]);
}

#[tokio::test]
async fn path_filters_and_faults_precede_the_token_check() {
    let server = server();
    server.seed_call(SeedCall::new("agent_1", PHONE).id("CA1"));
    server.add_fault(Fault::respond(500).path("/end-call"));
    let client = client();
    assert_eq!(send(get(&client, &server, &active_path())).await.0, 200);
    let end = post(
        &client,
        &server,
        "/agents/agent_1/end-call",
        r#"{"call_sid":"CA1"}"#,
    );
    assert_eq!(send(end).await.0, 500);

    // Outside /api/v1 faults never apply.
    server.add_fault(Fault::respond(418));
    let outside = client.get(format!("http://{}/other", server.addr()));
    assert_eq!(send(outside).await.0, 404);
    let unauthorised = client.get(format!("{}{}", server.url(), active_path()));
    let (status, _, _) = send(unauthorised).await;
    assert_eq!(status, 418);
    let log = server.requests();
    assert!(!log.last().expect("logged").authorized);
}

#[tokio::test]
async fn open_connections_fall_back_to_zero() {
    let server = server();
    let client = client();
    for _ in 0..3 {
        send(get(&client, &server, "/x")).await;
    }
    assert_eq!(
        server.connections_total(),
        1,
        "keep-alive reuses the connection"
    );
    assert_eq!(server.connections_open(), 1);
    drop(client);
    wait_until("connections to close", || server.connections_open() == 0).await;

    let clients: Vec<_> = (0..3).map(|_| common::client()).collect();
    for c in &clients {
        send(get(c, &server, "/x")).await;
    }
    assert_eq!(server.connections_total(), 4);
    assert_eq!(server.connections_open(), 3);
    drop(clients);
    wait_until("connections to close", || server.connections_open() == 0).await;
}

#[tokio::test]
async fn stop_releases_hung_requests_promptly() {
    let server = server();
    server.add_fault(Fault::new(FaultKind::Hang));
    let hung = client();
    let pending = tokio::spawn(get(&hung, &server, &active_path()).send());
    wait_for_log(&server, |log| log.len() == 1).await;
    let started = Instant::now();
    let stopper = std::thread::spawn(move || server.stop());
    let err = pending.await.expect("task").expect_err("no response");
    assert!(!err.is_timeout());
    stopper.join().expect("stops");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}
