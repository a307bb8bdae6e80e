//! The control API and `MockServer` methods added for the call workflow: agents, the
//! run-time config, reset, and the binary's new flags.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::*;
use serde_json::{json, Value};
use talkover_mock::{
    MockConfig, MockOptions, MockServer, PagingFault, SeedAgent, SeedCall, SeedCampaign,
};

fn control(server: &MockServer, path: &str) -> String {
    format!("http://{}/__mock/{path}", server.addr())
}

#[tokio::test]
async fn agents_are_seeded_over_http_and_by_seeding_calls() {
    let server = server();
    let (status, _, agent) = send(
        client()
            .post(control(&server, "agents"))
            .body(r#"{"id": "agent_1", "name": "Sales", "label": "Tier 1", "published": false, "phone_number": "+15550100009"}"#),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        agent,
        json!({"id": "agent_1", "name": "Sales", "label": "Tier 1", "published": false, "phone_number": "+15550100009"})
    );
    let (status, _, _) = send(
        client()
            .post(control(&server, "agents"))
            .body(r#"{"name": "no id"}"#),
    )
    .await;
    assert_eq!(status, 400);
    // Seeding a call for an unknown agent creates a published one; a known one is kept.
    server.seed_call(SeedCall::new("agent_2", PHONE));
    server.seed_call(SeedCall::new("agent_1", PHONE));
    let (_, _, agents) = send(client().get(control(&server, "agents"))).await;
    assert_eq!(
        agents,
        json!([
            agent,
            {"id": "agent_2", "name": "Agent agent_2", "label": null, "published": true, "phone_number": "+15550100000"}
        ])
    );
    assert_eq!(json!(server.agents()), agents);
}

#[tokio::test]
async fn config_is_read_and_partially_updated() {
    let server = server();
    let (status, _, config) = send(client().get(control(&server, "config"))).await;
    assert_eq!(status, 200);
    assert_eq!(
        config,
        json!({"credits": null, "rate_limit_per_minute": null, "ring_after_ms": 500,
               "answer_after_ms": 2000, "duplicate_code": false, "paging_fault": null})
    );
    let update = json!({"credits": 10, "rate_limit_per_minute": 100, "ring_after_ms": 5,
                        "answer_after_ms": 6, "duplicate_code": true, "paging_fault": "no_last_page"});
    let (status, _, _) = send(
        client()
            .post(control(&server, "config"))
            .body(update.to_string()),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        server.config(),
        MockConfig {
            credits: Some(10),
            rate_limit_per_minute: Some(100),
            ring_after_ms: 5,
            answer_after_ms: 6,
            duplicate_code: true,
            paging_fault: Some(PagingFault::NoLastPage),
        }
    );
    let (_, _, config) = send(client().get(control(&server, "config"))).await;
    assert_eq!(config, update);
    // Partial: only what is given changes; null clears the nullable ones.
    let (status, _, _) = send(
        client()
            .post(control(&server, "config"))
            .body(r#"{"credits": null, "paging_fault": null}"#),
    )
    .await;
    assert_eq!(status, 204);
    let config = server.config();
    assert_eq!(
        (config.credits, config.paging_fault, config.ring_after_ms),
        (None, None, 5)
    );

    // Bad input changes nothing.
    for bad in [
        r#"{"credits": -1}"#,
        r#"{"credits": "10"}"#,
        r#"{"rate_limit_per_minute": 5000000000}"#,
        r#"{"ring_after_ms": null}"#,
        r#"{"duplicate_code": 1}"#,
        r#"{"paging_fault": "sideways"}"#,
        r#"{"credits": 1, "unknown": true}"#,
        r#"[1]"#,
        "not json",
    ] {
        let (status, _, body) = send(client().post(control(&server, "config")).body(bad)).await;
        assert_eq!(status, 400, "{bad}");
        assert_eq!(body["success"], false, "{bad}");
        assert_eq!(server.config(), config, "{bad}");
    }
    let resp = client()
        .delete(control(&server, "config"))
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), 405);
    assert_eq!(resp.headers()["allow"], "GET, POST");
}

#[tokio::test]
async fn reset_forgets_the_workflow_state_and_restores_the_start_config() {
    let opts = MockOptions {
        credits: Some(2),
        paging_fault: Some(PagingFault::RepeatPage),
        ..MockOptions::default()
    };
    let server = MockServer::start(opts).expect("starts");
    let start = server.config();
    assert_eq!(start.credits, Some(2));
    server.seed_agent(SeedAgent::new("agent_1"));
    server.seed_campaign(SeedCampaign::new("camp_1"));
    let (status, _, _) = send(post(
        &client(),
        &server,
        "/campaigns/camp_1/call",
        &json!({"to": PHONE}).to_string(),
    ))
    .await;
    assert_eq!(status, 201);
    let (status, _, _) = send(post(
        &client(),
        &server,
        "/agents/agent_1/call",
        &json!({"to": PHONE}).to_string(),
    ))
    .await;
    assert_eq!(status, 200);
    server.set_credits(Some(99));
    server.set_paging_fault(None);
    server.set_duplicate_code(true);

    let (status, _, _) = send(client().post(control(&server, "reset"))).await;
    assert_eq!(status, 204);
    assert!(server.agents().is_empty());
    assert!(server.campaigns().is_empty());
    assert!(server.campaign_calls().is_empty());
    assert!(server.calls().is_empty());
    assert_eq!(server.config(), start);
    // Numbering starts again.
    server.seed_campaign(SeedCampaign::new("camp_1"));
    let (_, _, body) = send(post(
        &client(),
        &server,
        "/campaigns/camp_1/call",
        &json!({"to": PHONE}).to_string(),
    ))
    .await;
    assert_eq!(body["campaign_call"]["id"], "campaign_call_1");
}

#[test]
fn the_binary_takes_the_workflow_flags() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_talkover-mock"))
        .args([
            "--port",
            "0",
            "--rate-limit",
            "7",
            "--credits=3",
            "--ring-after-ms",
            "11",
            "--answer-after-ms",
            "22",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("reads");
    let url = line.trim_end().rsplit(' ').next().expect("url").to_owned();
    let base = url.trim_end_matches("/api/v1").to_owned();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let config: Value = runtime.block_on(async {
        let (_, _, config) = send(client().get(format!("{base}/__mock/config"))).await;
        config
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(config["rate_limit_per_minute"], 7);
    assert_eq!(config["credits"], 3);
    assert_eq!(config["ring_after_ms"], 11);
    assert_eq!(config["answer_after_ms"], 22);

    for bad in [["--credits", "-1"], ["--rate-limit", "lots"]] {
        let status = Command::new(env!("CARGO_BIN_EXE_talkover-mock"))
            .args(bad)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("runs");
        assert_eq!(status.code(), Some(2), "{bad:?}");
    }
    let help = Command::new(env!("CARGO_BIN_EXE_talkover-mock"))
        .arg("--help")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--rate-limit",
        "--credits",
        "--ring-after-ms",
        "--answer-after-ms",
    ] {
        assert!(text.contains(flag), "{flag} in {text}");
    }
}
