//! The `talkover-mock` binary: announces its URL, serves, exits 0 on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_talkover-mock");

#[tokio::test]
async fn serves_until_sigterm() {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--token", "talq_from_flag"])
        .env("TALKOVER_MOCK_TOKEN", "talq_from_env")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawns");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("reads line");
    let url = line
        .trim_end()
        .strip_prefix("talkover-mock listening on ")
        .unwrap_or_else(|| panic!("unexpected line {line:?}"))
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/api/v1"),
        "{url}"
    );
    let port: u16 = url["http://127.0.0.1:".len()..url.len() - "/api/v1".len()]
        .parse()
        .expect("port");
    assert_ne!(port, 0);

    let client = reqwest::Client::new();
    let health = client
        .get(format!("http://127.0.0.1:{port}/__mock/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status(), 200);
    client
        .post(format!("http://127.0.0.1:{port}/__mock/calls"))
        .body(r#"{"agent_id":"a1","to":"+5511987654321"}"#)
        .send()
        .await
        .expect("seeds");
    let active = format!("{url}/agents/a1/active-call/%2B5511987654321");
    let ok = client
        .get(&active)
        .bearer_auth("talq_from_flag")
        .send()
        .await
        .expect("answers");
    assert_eq!(ok.status(), 200, "--token wins over the environment");
    let denied = client
        .get(&active)
        .bearer_auth("talq_from_env")
        .send()
        .await
        .expect("answers");
    assert_eq!(denied.status(), 401);
    drop(client);

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("exits");
    assert!(status.success(), "{status:?}");
}

#[test]
fn token_from_environment_and_sigint() {
    let mut child = Command::new(BIN)
        .args(["--port=0", "--host", "127.0.0.1"])
        .env("TALKOVER_MOCK_TOKEN", "talq_from_env")
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("reads line");
    let url = line.trim_end().rsplit(' ').next().expect("url").to_owned();
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches("/api/v1")
        .to_owned();
    let response = raw_get(&addr, "/api/v1/x", "talq_from_env");
    assert!(response.starts_with("HTTP/1.1 404"), "{response}");

    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    assert!(child.wait().expect("exits").success());
}

#[test]
fn help_and_bad_arguments() {
    let help = Command::new(BIN).arg("--help").output().expect("runs");
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("usage: talkover-mock"));

    for args in [
        &["--port", "x"][..],
        &["--bogus"],
        &["--port"],
        &["--host", "nowhere"],
    ] {
        let out = Command::new(BIN).args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

fn raw_get(addr: &str, path: &str, token: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\nconnection: close\r\n\r\n"
    )
    .expect("writes");
    let mut out = String::new();
    stream.read_to_string(&mut out).expect("reads");
    out
}

#[tokio::test]
async fn tls_mode_writes_its_certificate_before_announcing() {
    let dir = std::env::temp_dir().join(format!("talkover-mock-ca-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let ca_path = dir.join("ca.pem");
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--tls", "--ca-out"])
        .arg(&ca_path)
        .env_remove("TALKOVER_MOCK_TOKEN")
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("reads line");
    let url = line.trim_end().rsplit(' ').next().expect("url").to_owned();
    assert!(url.starts_with("https://127.0.0.1:"), "{line}");
    let pem = std::fs::read(&ca_path).expect("certificate written before the line");
    let cert = reqwest::Certificate::from_pem(&pem).expect("valid PEM");
    let client = reqwest::Client::builder()
        .tls_certs_only([cert])
        .build()
        .expect("client builds");
    let response = client
        .get(format!("{url}/agents/a1/active-call/%2B5511987654321"))
        .bearer_auth("talq_test_token")
        .send()
        .await
        .expect("HTTPS answers");
    assert_eq!(response.status(), 404);

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    assert!(child.wait().expect("exits").success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tls_flags_are_checked() {
    for args in [&["--ca-out", "/tmp/x.pem"][..], &["--tls=yes"]] {
        let out = Command::new(BIN).args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
