//! Listing calls: `GET /api/v1/calls` and `GET /api/v1/agents/{agent_id}/calls`.
//!
//! The query is decoded and validated before the state lock (see `query`); items are ordered newest `created_at`
//! first, ties broken by newest insertion first, and paged the Laravel way: `last_page` is
//! at least 1, and `from`/`to` are `null` on an empty page. A [`PagingFault`] can make the
//! pagination lie on purpose.

use hyper::StatusCode;
use serde_json::{json, Map, Value};

use crate::agents::AgentStore;
use crate::calls::Rejection;
use crate::config::PagingFault;
use crate::endpoints::Reply;
use crate::phone::formatted;
pub(crate) use crate::query::{parse, ListQuery};
use crate::server::Inner;
use crate::state::StoredCall;

const AGENT_NOT_FOUND: &str = r#"{"success":false,"message":"Agent not found"}"#;

/// Answers a list request from the state; `agent` is the path's agent for agent calls.
pub(crate) fn list(
    inner: &mut Inner,
    agent: Option<&str>,
    query: Result<ListQuery, Rejection>,
) -> (StatusCode, Reply) {
    if let Some(agent) = agent {
        if inner.agents.get(agent).is_none() {
            return (StatusCode::NOT_FOUND, Reply::Static(AGENT_NOT_FOUND));
        }
    }
    let q = match query {
        Ok(q) => q,
        Err(rejection) => return rejection,
    };
    let fault = inner.config.paging_fault;
    let agents = &inner.agents;
    let calls = inner.calls.current();
    let agent_filter = agent.or(q.agent_id.as_deref());
    let mut matching: Vec<(usize, &StoredCall)> = calls
        .iter()
        .enumerate()
        .filter(|(_, c)| matches(c, &q, agent_filter, &caller_id(c, agents)))
        .collect();
    // Newest first; equal times: the later insertion first. Unparseable times sort last.
    matching.sort_by(|(ia, a), (ib, b)| b.created.cmp(&a.created).then(ib.cmp(ia)));
    let total = matching.len() as u64;
    let page = if fault == Some(PagingFault::RepeatPage) {
        1
    } else {
        q.page
    };
    let offset = (page - 1).saturating_mul(q.per_page);
    let items: Vec<Value> = matching
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(q.per_page).unwrap_or(usize::MAX))
        .map(|(_, call)| {
            let summary = agent.is_none().then(|| match agents.get(&call.agent_id) {
                Some(a) => a.summary(),
                None => json!({"id": call.agent_id, "name": format!("Agent {}", call.agent_id), "label": null}),
            });
            item(call, &caller_id(call, agents), summary)
        })
        .collect();
    let reported_total = match fault {
        Some(PagingFault::TotalLies) => total + q.per_page,
        _ => total,
    };
    let mut pagination = Map::new();
    let current = match fault {
        Some(PagingFault::RepeatPage | PagingFault::StuckCurrentPage) => 1,
        _ => q.page,
    };
    pagination.insert("current_page".into(), Value::from(current));
    if fault != Some(PagingFault::NoLastPage) {
        let last = reported_total.div_ceil(q.per_page).max(1);
        pagination.insert("last_page".into(), Value::from(last));
    }
    pagination.insert("per_page".into(), Value::from(q.per_page));
    pagination.insert("total".into(), Value::from(reported_total));
    let (from, to) = if items.is_empty() {
        (Value::Null, Value::Null)
    } else {
        (
            Value::from(offset + 1),
            Value::from(offset + items.len() as u64),
        )
    };
    pagination.insert("from".into(), from);
    pagination.insert("to".into(), to);
    let body = json!({"success": true, "data": items, "pagination": pagination});
    (StatusCode::OK, Reply::Owned(body.to_string()))
}

/// The call's `from`: as seeded or placed, else its agent's phone number.
fn caller_id(call: &StoredCall, agents: &AgentStore) -> String {
    match &call.from {
        Some(from) => from.clone(),
        None => agents
            .get(&call.agent_id)
            .map(|a| a.phone_number.clone())
            .unwrap_or_default(),
    }
}

fn matches(call: &StoredCall, q: &ListQuery, agent: Option<&str>, from: &str) -> bool {
    if agent.is_some_and(|a| a != call.agent_id)
        || q.status.as_ref().is_some_and(|s| *s != call.status)
        || q.direction.as_ref().is_some_and(|d| *d != call.direction)
    {
        return false;
    }
    if q.date_from.is_some() || q.date_to.is_some() {
        let Some(day) = call.created.map(|t| t.date_naive()) else {
            return false;
        };
        if q.date_from.is_some_and(|f| day < f) || q.date_to.is_some_and(|t| day > t) {
            return false;
        }
    }
    match &q.search {
        None => true,
        Some(needle) => {
            let needle = needle.to_lowercase();
            [call.to.as_str(), from, call.sid.as_str(), call.id.as_str()]
                .iter()
                .any(|field| field.to_lowercase().contains(&needle))
        }
    }
}

/// A list item: the documented fields, then a seeded call's `extra` (which wins).
fn item(call: &StoredCall, from: &str, agent: Option<Value>) -> Value {
    let mut map = Map::new();
    map.insert("id".into(), Value::from(call.id.as_str()));
    map.insert("sid".into(), Value::from(call.sid.as_str()));
    map.insert("to".into(), Value::from(call.to.as_str()));
    map.insert("to_formatted".into(), Value::from(formatted(&call.to)));
    map.insert("from".into(), Value::from(from));
    map.insert("from_formatted".into(), Value::from(formatted(from)));
    map.insert("is_testing".into(), Value::from(call.is_testing));
    map.insert("direction".into(), Value::from(call.direction.as_str()));
    map.insert("status".into(), Value::from(call.status.as_str()));
    map.insert("duration".into(), Value::from(call.duration));
    if let Some(agent) = agent {
        map.insert("agent".into(), agent);
    }
    map.insert("created_at".into(), Value::from(call.created_at.as_str()));
    map.insert("updated_at".into(), Value::from(call.updated_at.as_str()));
    map.extend(call.extra.clone());
    Value::Object(map)
}
