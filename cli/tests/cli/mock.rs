//! `talkover mock`: the simulator from the installed command.

use crate::common::{finish, interrupt, lines_of};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

/// A minimal HTTP/1.1 request, so this test needs nothing but the two processes.
fn http(addr: &str, method: &str, path: &str, body: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn mock_serves_until_ctrl_c_and_the_cli_works_against_it() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_talkover"))
        .args(["mock", "--port", "0", "--token", "talq_from_mock"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let lines = lines_of(&mut child);
    let line = lines
        .recv_timeout(Duration::from_secs(10))
        .expect("announces");
    let info: serde_json::Value = serde_json::from_str(&line).expect("one JSON line");
    assert_eq!(info["token"], "talq_from_mock");
    let url = info["url"].as_str().unwrap().to_owned();
    let control = info["control_url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/api/v1"));
    let addr = control
        .trim_start_matches("http://")
        .trim_end_matches("/__mock");
    let seeded = http(addr, "POST", "/__mock/agents", r#"{"id": "agent-9"}"#);
    assert!(seeded.starts_with("HTTP/1.1 201"), "{seeded}");

    let placed = Command::new(env!("CARGO_BIN_EXE_talkover"))
        .args(["calls", "place", "agent-9", "+5511987654321", "--test"])
        .env("TALKOVER_BASE_URL", &url)
        .env("TALKOVER_API_TOKEN", "talq_from_mock")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(placed.status.code(), Some(0), "{placed:?}");
    let call: serde_json::Value = serde_json::from_slice(&placed.stdout).unwrap();
    assert_eq!(call["status"], "initiated");

    interrupt(&child);
    let run = finish(child, Duration::from_secs(10));
    run.expect(0);
}

#[test]
fn mock_on_a_terminal_style_output_and_sigterm() {
    let child = Command::new(env!("CARGO_BIN_EXE_talkover"))
        .args(["--table", "mock", "--port", "0"])
        .env_remove("TALKOVER_MOCK_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut child = child;
    let lines = lines_of(&mut child);
    let first = lines
        .recv_timeout(Duration::from_secs(10))
        .expect("announces");
    assert!(
        first.starts_with("talkover mock listening on http://127.0.0.1:"),
        "{first}"
    );
    assert_eq!(
        lines.recv_timeout(Duration::from_secs(5)).unwrap(),
        "token: talq_test_token"
    );
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: kill(2) on our own, not yet reaped, child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    finish(child, Duration::from_secs(10)).expect(0);
}

#[test]
fn mock_on_a_busy_port_exits_1() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_talkover"))
        .args(["mock", "--port", &port])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("talkover: cannot listen on 127.0.0.1:"),
        "{stderr}"
    );
}
