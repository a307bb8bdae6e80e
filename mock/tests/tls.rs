//! HTTPS mode: a fresh self-signed certificate per server, trusted only when handed over.

use std::time::Duration;

use talkover_mock::{Fault, FaultKind, MockOptions, MockServer, SeedCall};

const PHONE_ENCODED: &str = "%2B5511987654321";

fn tls_server() -> MockServer {
    MockServer::start(MockOptions {
        tls: true,
        ..MockOptions::default()
    })
    .expect("TLS server starts")
}

/// A client that trusts exactly the server's certificate.
fn trusting(server: &MockServer) -> reqwest::Client {
    let pem = server.ca_pem().expect("certificate");
    let cert = reqwest::Certificate::from_pem(pem.as_bytes()).expect("valid PEM");
    reqwest::Client::builder()
        .tls_certs_only([cert])
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn serves_the_api_and_control_over_https_to_a_client_that_trusts_it() {
    let server = tls_server();
    let url = server.url();
    assert!(
        url.starts_with("https://127.0.0.1:") && url.ends_with("/api/v1"),
        "{url}"
    );
    let pem = server.ca_pem().expect("certificate");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    assert!(pem.trim_end().ends_with("-----END CERTIFICATE-----"));

    server.seed_call(SeedCall::new("agent_1", "+5511987654321").id("call_1"));
    let client = trusting(&server);
    let response = client
        .get(format!("{url}/agents/agent_1/active-call/{PHONE_ENCODED}"))
        .bearer_auth(server.token())
        .send()
        .await
        .expect("HTTPS request succeeds");
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.expect("body");
    let body: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(body["data"][0]["id"], "call_1");

    let port = server.addr().port();
    let health = client
        .get(format!("https://localhost:{port}/__mock/health"))
        .send()
        .await
        .expect("the certificate is valid for localhost too");
    assert_eq!(health.status(), 200);
    assert_eq!(
        server.requests().len(),
        1,
        "control requests are not logged"
    );
}

#[tokio::test]
async fn a_client_with_only_the_system_roots_refuses_the_certificate() {
    let server = tls_server();
    let err = reqwest::Client::new()
        .get(format!(
            "https://127.0.0.1:{}/__mock/health",
            server.addr().port()
        ))
        .send()
        .await
        .expect_err("self-signed certificate is not trusted");
    let chain = std::iter::successors(Some(&err as &dyn std::error::Error), |e| e.source())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ");
    assert!(chain.contains("certificate"), "{chain}");
    // The refused handshake leaves no connection behind, and the server keeps serving.
    let health = trusting(&server)
        .get(format!(
            "{}/agents/a/active-call/{PHONE_ENCODED}",
            server.url()
        ))
        .bearer_auth(server.token())
        .send()
        .await
        .expect("still serving");
    assert_eq!(health.status(), 404);
}

#[tokio::test]
async fn faults_work_over_tls() {
    let server = tls_server();
    let client = trusting(&server);
    let path = format!("{}/agents/a/active-call/{PHONE_ENCODED}", server.url());
    server.add_fault(Fault::respond(503).header("retry-after", "1"));
    let response = client
        .get(&path)
        .bearer_auth(server.token())
        .send()
        .await
        .expect("responds");
    assert_eq!(response.status(), 503);
    for kind in [FaultKind::Drop, FaultKind::Reset, FaultKind::Truncate] {
        server.add_fault(
            Fault::new(kind).body(serde_json::json!({"success": true, "data": ["padding"]})),
        );
        let result = async {
            client
                .get(&path)
                .bearer_auth(server.token())
                .send()
                .await?
                .bytes()
                .await
        }
        .await;
        assert!(result.is_err(), "{kind:?} fails the request: {result:?}");
    }
}

#[test]
fn plain_servers_have_no_certificate_and_each_tls_server_its_own() {
    let plain = MockServer::start(MockOptions::default()).expect("starts");
    assert!(plain.ca_pem().is_none());
    assert!(plain.url().starts_with("http://"));
    let (a, b) = (tls_server(), tls_server());
    assert_ne!(a.ca_pem(), b.ca_pem());
    let debug = format!(
        "{:?}",
        MockOptions {
            token: "talq_hidden".into(),
            tls: true,
            ..MockOptions::default()
        }
    );
    assert!(
        debug.contains("tls: true") && !debug.contains("talq_hidden"),
        "{debug}"
    );
}

#[test]
fn plain_http_to_a_tls_server_gets_no_http_answer() {
    use std::io::{Read, Write};
    let server = tls_server();
    let mut stream = std::net::TcpStream::connect(server.addr()).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout set");
    stream
        .write_all(b"GET /__mock/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .expect("writes");
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    assert!(
        !out.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&out)
    );
}
