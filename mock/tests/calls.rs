//! Placing calls: `POST /agents/{agent_id}/call`, its answers and envelopes, and credits.

mod common;

use common::*;
use serde_json::json;
use talkover_mock::{SeedAgent, SeedCall};

#[tokio::test]
async fn placing_a_call_answers_the_documented_envelope_and_stores_the_call() {
    let server = server();
    server.seed_agent(SeedAgent::new("agent_1").phone_number("+15550100042"));
    let (status, body) = place(
        &server,
        "agent_1",
        json!({"to": PHONE, "payload": {"customer_name": "John"}, "context": {"user_id": "u1"}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(keys(&body), ["success", "data"]);
    assert_eq!(body["success"], true);
    let data = &body["data"];
    assert_eq!(keys(data), ["id", "agent_id", "to", "status", "created_at"]);
    assert_eq!(data["id"], "call_1");
    assert_eq!(data["agent_id"], "agent_1");
    assert_eq!(data["to"], PHONE);
    assert_eq!(data["status"], "initiated");
    let created_at = data["created_at"].as_str().expect("string");
    assert!(
        created_at.ends_with('Z') && created_at.len() == 20,
        "{created_at}"
    );

    let calls = server.calls();
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(call["id"], "call_1");
    assert_eq!(call["status"], "initiated");
    assert_eq!(call["direction"], "outbound");
    assert_eq!(call["from"], "+15550100042");
    assert_eq!(call["is_testing"], false);
    assert_eq!(call["payload"], json!({"customer_name": "John"}));
    assert_eq!(call["context"], json!({"user_id": "u1"}));
    assert_eq!(call["delay_seconds"], 0);
    assert_eq!(call["created_at"], created_at);
    assert_eq!(call["duration_seconds"], 0);
    let sid = call["sid"].as_str().expect("sid");
    assert!(sid.starts_with("CA") && sid.len() == 34, "{sid}");
    assert!(sid[2..].bytes().all(|b| b.is_ascii_hexdigit()), "{sid}");

    // Active-call finds it, with the same fields as a seeded call.
    let path = format!("/agents/agent_1/active-call/{PHONE_ENCODED}");
    let (status, _, found) = send(get(&client(), &server, &path)).await;
    assert_eq!(status, 200);
    assert_eq!(
        keys(&found["data"][0]),
        [
            "id",
            "agent_id",
            "to",
            "status",
            "started_at",
            "duration_seconds"
        ]
    );
    assert_eq!(found["data"][0]["id"], "call_1");
}

#[tokio::test]
async fn placed_and_seeded_calls_share_the_id_counter() {
    let server = server();
    server.seed_call(SeedCall::new("agent_1", "+5511000000001"));
    let (status, body) = place(&server, "agent_1", json!({"to": PHONE})).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["id"], "call_2");
    let seeded = server.seed_call(SeedCall::new("agent_1", "+5511000000003"));
    assert_eq!(seeded["id"], "call_3");
}

#[tokio::test]
async fn unknown_and_unpublished_agents_are_refused() {
    let server = server();
    server.seed_agent(SeedAgent::new("draft").published(false));
    let (status, body) = place(&server, "agent_999", json!({"to": PHONE})).await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"error": {"code": "AGENT_NOT_FOUND", "message": "Voice agent not found", "details": {"agent_id": "agent_999"}}})
    );
    let (status, body) = place(&server, "draft", json!({"to": PHONE})).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"error": {"code": "AGENT_INACTIVE", "message": "Agent is not published", "details": {"agent_id": "draft"}}})
    );
    // An unknown agent is reported even when the body is also wrong.
    let (status, _) = place(&server, "agent_999", json!({"to": 5})).await;
    assert_eq!(status, 404);
    assert!(server.calls().is_empty());
}

#[tokio::test]
async fn a_missing_or_malformed_number_is_a_400_with_its_code() {
    let server = server();
    server.seed_agent(SeedAgent::new("agent_1"));
    for body in [json!({}), json!({"to": null}), json!({"to": ""})] {
        let (status, answer) = place(&server, "agent_1", body.clone()).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            answer,
            json!({"error": {"code": "MISSING_PHONE_NUMBER", "message": "Phone number is required", "details": {"field": "to"}}})
        );
    }
    for to in [
        json!("1234567890"),
        json!("+0123456789"),
        json!("+1 555 010 0000"),
        json!("+123456"),
        json!("+1234567890123456"),
        json!(15551234567_u64),
    ] {
        let (status, answer) = place(&server, "agent_1", json!({"to": to})).await;
        assert_eq!(status, 400, "{to}");
        assert_eq!(
            answer,
            json!({"error": {"code": "INVALID_PHONE_NUMBER",
                "message": "Phone number must be in international format (e.g., +1234567890)",
                "details": {"field": "to", "value": to}}})
        );
    }
    assert!(server.calls().is_empty());
}

#[tokio::test]
async fn wrong_field_types_are_a_laravel_422_without_success() {
    let server = server();
    server.seed_agent(SeedAgent::new("agent_1"));
    let cases = [
        (
            json!({"to": PHONE, "delay_seconds": 3601}),
            json!({"delay_seconds": ["The delay seconds must be between 0 and 3600."]}),
        ),
        (
            json!({"to": PHONE, "delay_seconds": -1}),
            json!({"delay_seconds": ["The delay seconds must be between 0 and 3600."]}),
        ),
        (
            json!({"to": PHONE, "delay_seconds": 1.5}),
            json!({"delay_seconds": ["The delay seconds must be an integer."]}),
        ),
        (
            json!({"to": PHONE, "delay_seconds": "5"}),
            json!({"delay_seconds": ["The delay seconds must be an integer."]}),
        ),
        (
            json!({"to": PHONE, "payload": ["a"]}),
            json!({"payload": ["The payload must be an array."]}),
        ),
        (
            json!({"to": PHONE, "context": "x"}),
            json!({"context": ["The context must be an array."]}),
        ),
        (
            json!({"to": PHONE, "is_testing": "true"}),
            json!({"is_testing": ["The is testing field must be true or false."]}),
        ),
        // Every failing field at once, and before the phone number is looked at.
        (
            json!({"to": "bad", "payload": 1, "delay_seconds": 9999, "is_testing": 1}),
            json!({"payload": ["The payload must be an array."],
                   "delay_seconds": ["The delay seconds must be between 0 and 3600."],
                   "is_testing": ["The is testing field must be true or false."]}),
        ),
    ];
    for (body, errors) in cases {
        let (status, answer) = place(&server, "agent_1", body.clone()).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(
            answer,
            json!({"message": "The given data was invalid.", "errors": errors}),
            "{body}"
        );
    }
    for raw in ["[]", "not json", "", r#""+5511987654321""#] {
        let (status, _, answer) = send(post(&client(), &server, "/agents/agent_1/call", raw)).await;
        assert_eq!(status, 422, "{raw:?}");
        assert_eq!(
            answer,
            json!({"message": "The given data was invalid.", "errors": {"body": ["The body must be a JSON object."]}})
        );
    }
    // Nulls are absent values; the bounds themselves are allowed.
    for body in [
        json!({"to": PHONE, "payload": null, "context": null, "delay_seconds": null, "is_testing": null}),
        json!({"to": PHONE, "delay_seconds": 0}),
        json!({"to": PHONE, "delay_seconds": 3600, "is_testing": true}),
    ] {
        let (status, answer) = place(&server, "agent_1", body.clone()).await;
        assert_eq!(status, 200, "{body}: {answer}");
    }
    assert_eq!(server.calls().len(), 3);
}

#[tokio::test]
async fn credits_are_spent_by_real_calls_only_and_402_when_gone() {
    let server = server();
    server.seed_agent(SeedAgent::new("agent_1"));
    server.set_credits(Some(1));
    let (status, _) = place(&server, "agent_1", json!({"to": PHONE})).await;
    assert_eq!(status, 200);
    assert_eq!(server.credits(), Some(0));
    let (status, body) = place(&server, "agent_1", json!({"to": "+5511000000002"})).await;
    assert_eq!(status, 402);
    assert_eq!(
        body,
        json!({"error": {"code": "INSUFFICIENT_CREDITS", "message": "Account has insufficient credits to place this call", "details": {}}})
    );
    let (status, _) = place(&server, "agent_1", json!({"to": PHONE, "is_testing": true})).await;
    assert_eq!(status, 200, "test calls cost nothing");
    assert_eq!(server.credits(), Some(0));
    let calls = server.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1]["is_testing"], true);
    // Refused requests spend nothing.
    server.set_credits(Some(5));
    place(&server, "agent_1", json!({"to": "bad"})).await;
    place(&server, "nobody", json!({"to": PHONE})).await;
    assert_eq!(server.credits(), Some(5));
}

#[tokio::test]
async fn the_token_and_method_are_checked() {
    let server = server();
    server.seed_agent(SeedAgent::new("agent_1"));
    let resp = client()
        .post(format!("{}/agents/agent_1/call", server.url()))
        .body(json!({"to": PHONE}).to_string())
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), 401);
    let (status, headers, _) = send(get(&client(), &server, "/agents/agent_1/call")).await;
    assert_eq!(status, 405);
    assert_eq!(headers["allow"], "POST");
    assert!(server.calls().is_empty());
}
