//! HTTPS against the simulator's self-signed certificate: refused by default with a clear
//! connection error, trusted once its CA is supplied, and a bad CA refused at build time.

use talkover::{Client, ErrorKind};
use talkover_mock::{MockOptions, MockServer, SeedCall};

const AGENT: &str = "agent-1";
const PHONE: &str = "+5511987654321";

fn tls_mock() -> MockServer {
    let mock = MockServer::start(MockOptions {
        tls: true,
        ..MockOptions::default()
    })
    .expect("TLS simulator starts");
    mock.seed_call(SeedCall::new(AGENT, PHONE).id("call-1"));
    mock
}

#[tokio::test]
async fn the_default_client_refuses_a_self_signed_certificate() {
    let mock = tls_mock();
    assert!(mock.url().starts_with("https://"));
    let client = Client::builder()
        .token(mock.token())
        .base_url(mock.url())
        .max_retries(0)
        .build()
        .expect("client builds");
    let err = client
        .active_call(AGENT, PHONE)
        .await
        .expect_err("certificate is not trusted");
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    let message = err.to_string();
    assert!(message.contains("certificate"), "{message}");
    assert!(
        message.contains("SSL_CERT_FILE"),
        "says how to fix it: {message}"
    );
    assert!(
        !message.contains("5511987654321"),
        "no URL in the message: {message}"
    );
    assert!(mock.requests().is_empty(), "no request got through");
}

#[tokio::test]
async fn a_supplied_ca_is_trusted() {
    let mock = tls_mock();
    let ca = mock.ca_pem().expect("certificate");
    let port = mock.addr().port();
    for base_url in [mock.url(), format!("https://localhost:{port}/api/v1")] {
        let client = Client::builder()
            .token(mock.token())
            .base_url(&base_url)
            .max_retries(0)
            .add_root_certificate_pem(ca.clone())
            .build()
            .expect("client builds");
        let calls = client
            .active_call(AGENT, PHONE)
            .await
            .unwrap_or_else(|e| panic!("{base_url}: {e}"));
        assert_eq!(calls.len(), 1, "{base_url}");
    }
    let client = Client::builder()
        .token(mock.token())
        .base_url(mock.url())
        .add_root_certificate_pem(ca.into_bytes())
        .build()
        .expect("client builds");
    let ended = client.end_call(AGENT, "call-1").await.expect("call ends");
    assert_eq!(ended.id, "call-1");
}

#[test]
fn an_invalid_ca_is_refused_when_the_client_is_built() {
    let corrupt =
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
    let not_base64 = "-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----\n";
    for base_url in ["https://127.0.0.1:9/api/v1", "http://127.0.0.1:9/api/v1"] {
        for bad in ["", "not a certificate", corrupt, not_base64] {
            let err = Client::builder()
                .token("talq_secret_ca_test")
                .base_url(base_url)
                .add_root_certificate_pem(bad)
                .build()
                .expect_err("invalid CA");
            assert_eq!(
                err.kind(),
                ErrorKind::InvalidRequest,
                "{base_url} {bad:?}: {err}"
            );
            assert!(err.to_string().starts_with("invalid ca_cert: "), "{err}");
            assert!(!err.to_string().contains("secret"), "{err}");
        }
    }
}
