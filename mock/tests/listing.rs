//! Listing calls: `GET /calls` and `GET /agents/{agent_id}/calls`, their filters, Laravel
//! query decoding and validation, pagination, and the paging faults.

mod common;

use common::*;
use serde_json::{json, Value};
use talkover_mock::{MockServer, PagingFault, SeedAgent, SeedCall};

async fn list(server: &MockServer, path_and_query: &str) -> (u16, Value) {
    let (status, _, body) = send(get(&client(), server, path_and_query)).await;
    (status, body)
}

fn ids(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .expect("data array")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_owned())
        .collect()
}

/// 45 calls of `agent_1`, `c01` (oldest) to `c45` (newest), one minute apart.
fn seed_45(server: &MockServer) {
    for n in 1..=45 {
        server.seed_call(
            SeedCall::new("agent_1", format!("+55119000000{n:02}"))
                .id(format!("c{n:02}"))
                .status("completed")
                .created_at(format!("2024-03-01T10:{n:02}:00Z")),
        );
    }
}

fn expected_ids(range: impl DoubleEndedIterator<Item = u32>) -> Vec<String> {
    range.rev().map(|n| format!("c{n:02}")).collect()
}

#[tokio::test]
async fn three_pages_then_an_empty_one() {
    let server = server();
    seed_45(&server);
    let (status, page1) = list(&server, "/calls").await;
    assert_eq!(status, 200);
    assert_eq!(page1["success"], true);
    assert_eq!(ids(&page1), expected_ids(26..=45));
    assert_eq!(
        page1["pagination"],
        json!({"current_page": 1, "last_page": 3, "per_page": 20, "total": 45, "from": 1, "to": 20})
    );
    let (_, page2) = list(&server, "/calls?page=2").await;
    assert_eq!(ids(&page2), expected_ids(6..=25));
    assert_eq!(
        page2["pagination"],
        json!({"current_page": 2, "last_page": 3, "per_page": 20, "total": 45, "from": 21, "to": 40})
    );
    let (_, page3) = list(&server, "/calls?page=3").await;
    assert_eq!(ids(&page3), expected_ids(1..=5));
    assert_eq!(
        page3["pagination"],
        json!({"current_page": 3, "last_page": 3, "per_page": 20, "total": 45, "from": 41, "to": 45})
    );
    let (_, page4) = list(&server, "/calls?page=4").await;
    assert_eq!(page4["data"], json!([]));
    assert_eq!(
        page4["pagination"],
        json!({"current_page": 4, "last_page": 3, "per_page": 20, "total": 45, "from": null, "to": null})
    );
    let (_, small) = list(&server, "/calls?per_page=7&page=2").await;
    assert_eq!(ids(&small), expected_ids(32..=38));
    assert_eq!(small["pagination"]["last_page"], 7);
}

#[tokio::test]
async fn an_empty_result_still_has_one_page() {
    let server = server();
    let (status, body) = list(&server, "/calls").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"success": true, "data": [],
               "pagination": {"current_page": 1, "last_page": 1, "per_page": 20, "total": 0, "from": null, "to": null}})
    );
    server.seed_agent(SeedAgent::new("agent_1"));
    let (status, body) = list(&server, "/agents/agent_1/calls?status=busy").await;
    assert_eq!(status, 200);
    assert_eq!(body["data"], json!([]));
    assert_eq!(body["pagination"]["total"], 0);
}

#[tokio::test]
async fn items_have_the_documented_shape() {
    let server = server();
    server.seed_agent(
        SeedAgent::new("agent_1")
            .name("Sales Agent")
            .label("Sales Agent Label")
            .phone_number("+10987654321"),
    );
    server.seed_call(
        SeedCall::new("agent_1", "+1234567890")
            .id("call-uuid-1")
            .status("completed")
            .created_at("2024-01-01T00:00:00Z")
            .sid("call_sid_123")
            .extra("recording_url", json!("https://example.test/r.mp3")),
    );
    let (_, body) = list(&server, "/calls").await;
    let expected = json!({
        "id": "call-uuid-1", "sid": "call_sid_123",
        "to": "+1234567890", "to_formatted": "(123) 456-7890",
        "from": "+10987654321", "from_formatted": "(098) 765-4321",
        "is_testing": false, "direction": "outbound", "status": "completed", "duration": 0,
        "agent": {"id": "agent_1", "name": "Sales Agent", "label": "Sales Agent Label"},
        "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
        "recording_url": "https://example.test/r.mp3"
    });
    assert_eq!(body["data"], json!([expected]));
    let keys: Vec<&String> = body["data"][0]
        .as_object()
        .expect("object")
        .keys()
        .collect();
    let want: Vec<&String> = expected.as_object().expect("object").keys().collect();
    assert_eq!(keys, want, "documented field order");

    let (status, agent_body) = list(&server, "/agents/agent_1/calls").await;
    assert_eq!(status, 200);
    let mut without_agent = expected.clone();
    without_agent
        .as_object_mut()
        .expect("object")
        .remove("agent");
    assert_eq!(agent_body["data"], json!([without_agent]));

    // The active-call rendering of the same call is unchanged by the listing fields.
    let seeded = server.seed_call(
        SeedCall::new("agent_1", PHONE)
            .created_at("2024-01-02T00:00:00Z")
            .direction("inbound"),
    );
    assert_eq!(
        seeded
            .as_object()
            .expect("object")
            .keys()
            .collect::<Vec<_>>(),
        [
            "id",
            "agent_id",
            "to",
            "status",
            "started_at",
            "duration_seconds"
        ]
    );
}

#[tokio::test]
async fn unknown_agent_calls_are_a_404() {
    let server = server();
    let (status, body) = list(&server, "/agents/nobody/calls").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"success": false, "message": "Agent not found"})
    );
    // On `/calls`, an unknown agent is only a filter that matches nothing.
    let (status, body) = list(&server, "/calls?agent_id=nobody").await;
    assert_eq!(status, 200);
    assert_eq!(body["data"], json!([]));
}

#[tokio::test]
async fn placed_calls_are_listed_with_their_current_status() {
    let server = server();
    server.set_progress_delays(0, 0);
    server.seed_agent(SeedAgent::new("agent_1").phone_number("+15550100333"));
    let (status, _, _) = send(post(
        &client(),
        &server,
        "/agents/agent_1/call",
        &json!({"to": PHONE}).to_string(),
    ))
    .await;
    assert_eq!(status, 200);
    let (_, body) = list(&server, "/calls?status=answered").await;
    assert_eq!(ids(&body), ["call_1"]);
    let item = &body["data"][0];
    assert_eq!(item["from"], "+15550100333");
    assert_eq!(item["direction"], "outbound");
    assert_eq!(item["duration"], 0);
    assert!(item["sid"].as_str().expect("sid").starts_with("CA"));
}

#[tokio::test]
async fn equal_times_list_the_latest_insertion_first() {
    let server = server();
    for id in ["first", "second", "third"] {
        server.seed_call(
            SeedCall::new("agent_1", PHONE)
                .id(id)
                .created_at("2024-05-05T05:05:05Z"),
        );
    }
    server.seed_call(
        SeedCall::new("agent_1", PHONE)
            .id("newest")
            .created_at("2024-05-05T05:05:06Z"),
    );
    let (_, body) = list(&server, "/calls").await;
    assert_eq!(ids(&body), ["newest", "third", "second", "first"]);
}

#[tokio::test]
async fn paging_faults_lie_as_documented() {
    let server = server();
    seed_45(&server);

    server.set_paging_fault(Some(PagingFault::RepeatPage));
    for page in 1..=3 {
        let (_, body) = list(&server, &format!("/calls?page={page}")).await;
        assert_eq!(ids(&body), expected_ids(26..=45), "page {page}");
        assert_eq!(body["pagination"]["current_page"], 1);
        assert_eq!(body["pagination"]["last_page"], 3);
    }

    server.set_paging_fault(Some(PagingFault::NoLastPage));
    let (_, body) = list(&server, "/calls?page=3").await;
    assert_eq!(ids(&body), expected_ids(1..=5));
    assert_eq!(
        body["pagination"],
        json!({"current_page": 3, "per_page": 20, "total": 45, "from": 41, "to": 45})
    );

    server.set_paging_fault(Some(PagingFault::TotalLies));
    let (_, body) = list(&server, "/calls?page=3").await;
    assert_eq!(ids(&body), expected_ids(1..=5));
    assert_eq!(body["pagination"]["total"], 65);
    assert_eq!(body["pagination"]["last_page"], 4);
    let (_, body) = list(&server, "/calls?page=4").await;
    assert_eq!(body["data"], json!([]), "the promised page is empty");
    assert_eq!(body["pagination"]["total"], 65);

    server.set_paging_fault(Some(PagingFault::StuckCurrentPage));
    let (_, body) = list(&server, "/calls?page=2").await;
    assert_eq!(ids(&body), expected_ids(6..=25));
    assert_eq!(body["pagination"]["current_page"], 1);
    assert_eq!(body["pagination"]["from"], 21);

    server.set_paging_fault(None);
    let (_, body) = list(&server, "/calls?page=2").await;
    assert_eq!(body["pagination"]["current_page"], 2);
}
