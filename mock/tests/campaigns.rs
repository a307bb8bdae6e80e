//! Campaign calls: `POST /campaigns/{campaign_id}/call`, its unwrapped 201, its
//! `{success:false}` errors, the duplicate check and credits.

mod common;

use common::*;
use serde_json::{json, Value};
use talkover_mock::{MockOptions, MockServer, SeedCampaign};

#[tokio::test]
async fn a_campaign_call_is_queued_and_answered_unwrapped() {
    let server = server();
    let seeded = server.seed_campaign(
        SeedCampaign::new("camp_1")
            .name("Q1 Outreach")
            .agent_id("agent_1"),
    );
    assert_eq!(
        seeded,
        json!({"id": "camp_1", "name": "Q1 Outreach", "status": "active", "agent_id": "agent_1", "scheduled": false})
    );
    let (status, body) = campaign_call(
        &server,
        "camp_1",
        json!({"to": PHONE, "payload": {"k": 1}, "context": {"c": 2}}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(keys(&body), ["campaign_call", "campaign"]);
    let call = &body["campaign_call"];
    assert_eq!(
        keys(call),
        ["id", "campaign_id", "to", "status", "created_at"]
    );
    assert_eq!(call["id"], "campaign_call_1");
    assert_eq!(call["campaign_id"], "camp_1");
    assert_eq!(call["to"], PHONE);
    assert_eq!(call["status"], "queued");
    assert_eq!(
        body["campaign"],
        json!({"id": "camp_1", "name": "Q1 Outreach", "status": "active"})
    );

    let stored = server.campaign_calls();
    assert_eq!(stored.len(), 1);
    let mut expected = call.clone();
    expected["payload"] = json!({"k": 1});
    expected["context"] = json!({"c": 2});
    expected["is_testing"] = json!(false);
    expected["allow_duplicates"] = json!(false);
    assert_eq!(stored[0], expected);
    assert!(
        server.calls().is_empty(),
        "a queued campaign call is not a placed call"
    );
}

#[tokio::test]
async fn a_scheduled_campaign_schedules_its_calls() {
    let server = server();
    server.seed_campaign(SeedCampaign::new("camp_s").scheduled(true));
    let (status, body) = campaign_call(&server, "camp_s", json!({"to": PHONE})).await;
    assert_eq!(status, 201);
    let call = &body["campaign_call"];
    assert_eq!(
        keys(call),
        [
            "id",
            "campaign_id",
            "to",
            "status",
            "scheduled_at",
            "created_at"
        ]
    );
    assert_eq!(call["status"], "scheduled");
    let scheduled = call["scheduled_at"].as_str().expect("string");
    let created = call["created_at"].as_str().expect("string");
    assert!(scheduled > created, "{scheduled} after {created}");
    assert_eq!(body["campaign"]["name"], "Campaign camp_s");
}

#[tokio::test]
async fn unknown_inactive_and_invalid_requests_are_refused() {
    let server = server();
    server.seed_campaign(SeedCampaign::new("paused").status("paused"));
    server.seed_campaign(SeedCampaign::new("camp_1"));
    let (status, body) = campaign_call(&server, "nope", json!({"to": PHONE})).await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"success": false, "message": "Campaign not found"})
    );
    let (status, body) = campaign_call(&server, "paused", json!({"to": PHONE})).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"success": false, "message": "Campaign is not active"})
    );
    for (request, errors) in [
        (json!({}), json!({"to": ["The to field is required."]})),
        (
            json!({"to": ""}),
            json!({"to": ["The to field is required."]}),
        ),
        (
            json!({"to": "5511987654321"}),
            json!({"to": ["The to must be a valid phone number."]}),
        ),
        (
            json!({"to": 5511987654321_u64}),
            json!({"to": ["The to must be a valid phone number."]}),
        ),
        (
            json!({"to": PHONE, "allow_duplicates": "yes", "payload": []}),
            json!({"payload": ["The payload must be an array."],
                   "allow_duplicates": ["The allow duplicates field must be true or false."]}),
        ),
    ] {
        let (status, body) = campaign_call(&server, "camp_1", request.clone()).await;
        assert_eq!(status, 422, "{request}");
        assert_eq!(
            body,
            json!({"success": false, "message": "The given data was invalid.", "errors": errors}),
            "{request}"
        );
    }
    assert!(server.campaign_calls().is_empty());
}

#[tokio::test]
async fn a_second_call_to_the_same_number_is_a_duplicate() {
    let server = server();
    server.seed_campaign(SeedCampaign::new("camp_1"));
    server.seed_campaign(SeedCampaign::new("camp_2"));
    let (_, first) = campaign_call(&server, "camp_1", json!({"to": PHONE})).await;
    let (status, body) = campaign_call(&server, "camp_1", json!({"to": PHONE})).await;
    assert_eq!(status, 409);
    assert_eq!(
        body,
        json!({"success": false,
               "message": "A call to this number already exists in this campaign",
               "existing_call": first["campaign_call"]})
    );
    assert_eq!(keys(&body), ["success", "message", "existing_call"]);

    server.set_duplicate_code(true);
    let (status, body) = campaign_call(&server, "camp_1", json!({"to": PHONE})).await;
    assert_eq!(status, 409);
    assert_eq!(keys(&body), ["success", "message", "code", "existing_call"]);
    assert_eq!(body["code"], "DUPLICATE_CALL");
    assert_eq!(body["existing_call"], first["campaign_call"]);

    // Not duplicates: another number, another campaign, or duplicates allowed.
    for (campaign, request) in [
        ("camp_1", json!({"to": "+5511000000002"})),
        ("camp_2", json!({"to": PHONE})),
        ("camp_1", json!({"to": PHONE, "allow_duplicates": true})),
    ] {
        let (status, body) = campaign_call(&server, campaign, request.clone()).await;
        assert_eq!(status, 201, "{campaign} {request}: {body}");
    }
    let ids: Vec<Value> = server
        .campaign_calls()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(
        ids,
        [
            json!("campaign_call_1"),
            json!("campaign_call_2"),
            json!("campaign_call_3"),
            json!("campaign_call_4")
        ]
    );
}

#[tokio::test]
async fn the_duplicate_code_can_start_on() {
    let server = MockServer::start(MockOptions {
        duplicate_code: true,
        ..MockOptions::default()
    })
    .expect("starts");
    server.seed_campaign(SeedCampaign::new("camp_1"));
    campaign_call(&server, "camp_1", json!({"to": PHONE})).await;
    let (status, body) = campaign_call(&server, "camp_1", json!({"to": PHONE})).await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "DUPLICATE_CALL");
}

#[tokio::test]
async fn campaign_calls_spend_credits() {
    let server = server();
    server.seed_campaign(SeedCampaign::new("camp_1"));
    server.set_credits(Some(1));
    let (status, _) = campaign_call(&server, "camp_1", json!({"to": PHONE})).await;
    assert_eq!(status, 201);
    assert_eq!(server.credits(), Some(0));
    let (status, body) = campaign_call(&server, "camp_1", json!({"to": "+5511000000002"})).await;
    assert_eq!(status, 402);
    assert_eq!(
        body,
        json!({"success": false, "message": "Insufficient credits", "code": "INSUFFICIENT_CREDITS"})
    );
    // A duplicate is reported as such, whatever the balance.
    let (status, _) = campaign_call(&server, "camp_1", json!({"to": PHONE})).await;
    assert_eq!(status, 409);
    let (status, _) = campaign_call(
        &server,
        "camp_1",
        json!({"to": "+5511000000002", "is_testing": true}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(server.campaign_calls().len(), 2);
}

#[tokio::test]
async fn campaigns_are_seeded_and_read_over_the_control_api() {
    let server = server();
    let base = format!("http://{}", server.addr());
    let http = client();
    let body = r#"{"id": "camp_9", "name": "Winter", "scheduled": true}"#;
    let (status, _, created) = send(http.post(format!("{base}/__mock/campaigns")).body(body)).await;
    assert_eq!(status, 201);
    assert_eq!(
        created,
        json!({"id": "camp_9", "name": "Winter", "status": "active", "agent_id": null, "scheduled": true})
    );
    let typo = r#"{"id": "camp_9", "stauts": "x"}"#;
    let (status, _, _) = send(http.post(format!("{base}/__mock/campaigns")).body(typo)).await;
    assert_eq!(status, 400, "unknown fields are rejected");
    let (_, _, listed) = send(http.get(format!("{base}/__mock/campaigns"))).await;
    assert_eq!(listed, json!([created]));

    campaign_call(&server, "camp_9", json!({"to": PHONE})).await;
    let (_, _, calls) = send(http.get(format!("{base}/__mock/campaign-calls"))).await;
    assert_eq!(calls, json!(server.campaign_calls()));
    assert_eq!(calls[0]["status"], "scheduled");
}
