//! The pager resumes where it was when a page request is dropped mid-flight: a cancelled
//! read must not make the listing skip a page silently.

use std::time::Duration;
use talkover::{CallFilter, Client};
use talkover_mock::{Fault, FaultKind, MockOptions, MockServer, SeedCall};

#[tokio::test]
async fn a_cancelled_page_is_asked_for_again() {
    let mock = MockServer::start(MockOptions::default()).expect("simulator starts");
    for i in 0..5 {
        let created = format!("2024-01-0{}T12:00:00Z", i + 1);
        mock.seed_call(
            SeedCall::new("agent-1", "+5511987654321")
                .id(format!("c{i}"))
                .status("completed")
                .created_at(created),
        );
    }
    let client = Client::builder()
        .token(mock.token())
        .base_url(mock.url())
        .build()
        .expect("client builds");
    let mut pager = client
        .list_calls(CallFilter::new().per_page(2))
        .expect("valid filter");
    let first = pager.next_page().await.expect("page 1").expect("a page");
    assert_eq!(first.items.len(), 2);

    // Page 2 hangs; the caller gives up on it and drops the request.
    mock.add_fault(Fault::new(FaultKind::Hang).path("/calls"));
    let dropped = tokio::time::timeout(Duration::from_millis(200), pager.next_page()).await;
    assert!(dropped.is_err(), "the hung page timed out");

    let mut ids = Vec::new();
    while let Some(page) = pager.next_page().await.expect("later pages") {
        ids.extend(page.items.into_iter().map(|c| c.id));
    }
    assert_eq!(
        ids,
        ["c2", "c1", "c0"],
        "page 2 was read again, nothing skipped"
    );
    let queries: Vec<_> = mock
        .requests()
        .into_iter()
        .filter_map(|r| r.query)
        .collect();
    assert_eq!(
        queries,
        [
            "page=1&per_page=2",
            "page=2&per_page=2",
            "page=2&per_page=2",
            "page=3&per_page=2"
        ]
    );
}
