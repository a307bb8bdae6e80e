//! Listing calls: every filter, Laravel query decoding, and validation of the query.

mod common;

use common::*;
use serde_json::{json, Value};
use talkover_mock::{MockServer, SeedAgent, SeedCall};

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

/// A varied set of calls for the filter tests.
fn seed_mix(server: &MockServer) {
    server.seed_agent(SeedAgent::new("agent_2").phone_number("+15550100222"));
    let seeds = [
        SeedCall::new("agent_1", "+5511900000001")
            .id("a")
            .status("completed")
            .created_at("2024-01-10T23:59:59Z"),
        SeedCall::new("agent_1", "+5511900000002")
            .id("b")
            .status("answered")
            .created_at("2024-01-11T00:00:00Z")
            .direction("inbound"),
        SeedCall::new("agent_2", "+5511900000003")
            .id("c")
            .status("busy")
            .created_at("2024-01-12T08:00:00-05:00")
            .sid("CAspecial"),
        SeedCall::new("agent_2", "+5511900000004")
            .id("d")
            .status("no-answer")
            .created_at("2024-01-13T12:00:00Z")
            .from("+4420700000"),
    ];
    for seed in seeds {
        server.seed_call(seed);
    }
}

#[tokio::test]
async fn every_filter_narrows_the_list() {
    let server = server();
    seed_mix(&server);
    let cases = [
        ("", vec!["d", "c", "b", "a"]),
        ("status=busy", vec!["c"]),
        ("status=no-answer", vec!["d"]),
        ("direction=inbound", vec!["b"]),
        ("direction=outbound", vec!["d", "c", "a"]),
        ("agent_id=agent_2", vec!["d", "c"]),
        ("date_from=2024-01-11", vec!["d", "c", "b"]),
        ("date_to=2024-01-11", vec!["b", "a"]),
        // 08:00 at -05:00 is 13:00 UTC on the 12th.
        ("date_from=2024-01-12&date_to=2024-01-12", vec!["c"]),
        ("search=900000002", vec!["b"]),
        ("search=cASPEC", vec!["c"]),
        ("search=%2B44", vec!["d"]),
        ("search=%2B15550100222", vec!["c"]),
        ("search=d", vec!["d"]),
        (
            "agent_id=agent_1&status=answered&direction=inbound",
            vec!["b"],
        ),
    ];
    for (query, want) in cases {
        let (status, body) = list(&server, &format!("/calls?{query}")).await;
        assert_eq!(status, 200, "{query}: {body}");
        assert_eq!(ids(&body), want, "{query}");
        assert_eq!(body["pagination"]["total"], want.len(), "{query}");
    }
    let (_, body) = list(&server, "/agents/agent_2/calls?status=busy").await;
    assert_eq!(ids(&body), ["c"]);
    // `agent_id` is not a filter of the agent route.
    let (_, body) = list(&server, "/agents/agent_2/calls?agent_id=agent_1").await;
    assert_eq!(ids(&body), ["d", "c"]);
}

#[tokio::test]
async fn the_query_is_decoded_the_way_laravel_decodes_it() {
    let server = server();
    server.seed_call(
        SeedCall::new("agent_1", "+5511900000001")
            .id("x&y")
            .created_at("2024-01-01T00:00:00Z"),
    );
    server.seed_call(
        SeedCall::new("agent_1", "+5511900000002")
            .id("x")
            .created_at("2024-01-02T00:00:00Z"),
    );
    server.seed_call(
        SeedCall::new("agent_1", "+1 650")
            .id("spaced")
            .status("busy")
            .created_at("2024-01-03T00:00:00Z"),
    );
    // An unencoded `+` is a space: the search is " 5511...", which matches nothing.
    let (_, body) = list(&server, "/calls?search=+5511900000001").await;
    assert_eq!(ids(&body), Vec::<String>::new());
    let (_, body) = list(&server, "/calls?search=%2B5511900000001").await;
    assert_eq!(ids(&body), ["x&y"]);
    // `+` and `%20` are both spaces.
    let (_, body) = list(&server, "/calls?search=1+650").await;
    assert_eq!(ids(&body), ["spaced"]);
    let (_, body) = list(&server, "/calls?search=1%20650").await;
    assert_eq!(ids(&body), ["spaced"]);
    // An encoded `&` stays in the value; a bare one splits the query.
    let (_, body) = list(&server, "/calls?search=x%26y").await;
    assert_eq!(ids(&body), ["x&y"]);
    let (_, body) = list(&server, "/calls?search=x&y").await;
    assert_eq!(ids(&body), ["x", "x&y"]);
    // A repeated key: the last value wins.
    let (_, body) = list(&server, "/calls?status=answered&status=busy").await;
    assert_eq!(ids(&body), ["spaced"]);
    // An empty value is no filter.
    let (_, body) = list(&server, "/calls?status=&search=").await;
    assert_eq!(body["pagination"]["total"], 3);
}

#[tokio::test]
async fn bad_query_values_are_a_422_with_every_field() {
    let server = server();
    let invalid = |errors: Value| json!({"success": false, "message": "The given data was invalid.", "errors": errors});
    let cases = [
        (
            "status=done",
            json!({"status": ["The selected status is invalid."]}),
        ),
        (
            "status=Completed",
            json!({"status": ["The selected status is invalid."]}),
        ),
        (
            "status[]=busy",
            json!({"status": ["The selected status is invalid."]}),
        ),
        (
            "direction=sideways",
            json!({"direction": ["The selected direction is invalid."]}),
        ),
        (
            "date_from=2024-13-01",
            json!({"date_from": ["The date from must be a valid date."]}),
        ),
        (
            "date_from=2024-1-1",
            json!({"date_from": ["The date from must be a valid date."]}),
        ),
        (
            "date_to=01%2F02%2F2024",
            json!({"date_to": ["The date to must be a valid date."]}),
        ),
        (
            "date_from=2024-02-02&date_to=2024-02-01",
            json!({"date_to": ["The date to must be a date after or equal to date from."]}),
        ),
        (
            "search[x]=1",
            json!({"search": ["The search must be a string."]}),
        ),
        (
            "agent_id[]=a",
            json!({"agent_id": ["The agent id must be a string."]}),
        ),
        (
            "per_page=0",
            json!({"per_page": ["The per page must be between 1 and 100."]}),
        ),
        (
            "per_page=101",
            json!({"per_page": ["The per page must be between 1 and 100."]}),
        ),
        (
            "per_page=ten",
            json!({"per_page": ["The per page must be an integer."]}),
        ),
        ("page=0", json!({"page": ["The page must be at least 1."]})),
        (
            "page=1.5",
            json!({"page": ["The page must be an integer."]}),
        ),
        (
            "status=x&direction=y&date_from=z",
            json!({"status": ["The selected status is invalid."],
                   "direction": ["The selected direction is invalid."],
                   "date_from": ["The date from must be a valid date."]}),
        ),
    ];
    for (query, errors) in cases {
        let (status, body) = list(&server, &format!("/calls?{query}")).await;
        assert_eq!(status, 422, "{query}");
        assert_eq!(body, invalid(errors), "{query}");
    }
    server.seed_agent(SeedAgent::new("agent_1"));
    let (status, body) = list(&server, "/agents/agent_1/calls?per_page=500").await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        invalid(json!({"per_page": ["The per page must be between 1 and 100."]}))
    );
    // The bounds themselves are fine.
    let (status, _) = list(&server, "/calls?per_page=100&page=1&per_page=1").await;
    assert_eq!(status, 200);
}
