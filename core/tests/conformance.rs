//! Runs every shared conformance case in `tests/cases/*.json` through the Rust API.
//!
//! The Python and Node suites run the same files through their own APIs; the format is
//! described in `tests/README.md`. Each case gets its own simulator, so cases run
//! concurrently and every failure is reported at once.

mod common;

use chrono::{DateTime, Utc};
use common::control;
use serde_json::{Map, Value};
use std::path::PathBuf;
use std::time::Duration;
use talkover::validate::parse_date;
use talkover::{
    CallFilter, Client, ClientOverrides, Error, MakeCall, MakeCampaignCall, RequestOptions,
};
use talkover_mock::{Fault, MockOptions, MockServer, SeedCall};

/// Every case of `tests/cases/*.json` and `tests/cases/workflow/*.json`.
fn load_cases() -> Vec<Value> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    let mut files: Vec<_> = [root.clone(), root.join("workflow")]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).expect("tests/cases exists"))
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).expect("readable case file");
            let cases: Vec<Value> = serde_json::from_str(&text).expect("valid case JSON");
            cases
        })
        .collect()
}

fn build_client(mock: &MockServer, settings: &Value) -> Result<Client, Error> {
    let token = settings["token"].as_str().unwrap_or(mock.token());
    let mut builder = Client::builder().token(token).base_url(mock.url());
    if let Some(n) = settings["max_retries"].as_u64() {
        builder = builder.max_retries(n as u32);
    }
    if let Some(ms) = settings["timeout_ms"].as_u64() {
        builder = builder.timeout(Duration::from_millis(ms));
    }
    for (name, value) in settings["headers"].as_object().into_iter().flatten() {
        builder = builder.header(name, value.as_str().expect("header value"));
    }
    if let Some(app) = settings["app_info"].as_str() {
        builder = builder.app_info(app);
    }
    builder.build()
}

/// The client a case's calls go through: `client` itself, or one derived from it (`derive`).
fn derive_client(client: Client, changes: &Value) -> Result<Client, Error> {
    if changes.is_null() {
        return Ok(client);
    }
    let mut overrides = ClientOverrides::new();
    if let Some(token) = changes["token"].as_str() {
        overrides = overrides.token(token);
    }
    if let Some(n) = changes["max_retries"].as_u64() {
        overrides = overrides.max_retries(n as u32);
    }
    if let Some(ms) = changes["timeout_ms"].as_u64() {
        overrides = overrides.timeout(Duration::from_millis(ms));
    }
    for (name, value) in changes["headers"].as_object().into_iter().flatten() {
        overrides = overrides.header(name, value.as_str().expect("header value"));
    }
    client.with_options(overrides)
}

/// What a result knows of its response, as the cases write it (`expect.meta`).
fn meta_json(meta: Option<&talkover::ResponseMeta>) -> Value {
    let Some(meta) = meta else {
        return Value::Null;
    };
    serde_json::json!({
        "request_id": meta.request_id,
        "rate_limit": rate_limit_json(meta.rate_limit),
    })
}

fn rate_limit_json(rate: Option<talkover::RateLimit>) -> Value {
    rate.map_or(
        Value::Null,
        |r| serde_json::json!({"limit": r.limit, "remaining": r.remaining}),
    )
}

/// Checks `expect.meta` (`request_id: true` asks for a non-empty one) against a result.
fn check_meta(expected: &Value, got: &Value) -> Result<(), String> {
    let got = got.get(0).unwrap_or(got);
    let meta = &got["__meta"];
    if expected["request_id"] == true && meta["request_id"].as_str().is_none_or(str::is_empty) {
        return Err(format!("meta: expected a request id, got {meta}"));
    }
    if let Some(want) = expected.get("rate_limit") {
        if meta["rate_limit"] != *want {
            return Err(format!(
                "meta.rate_limit: expected {want}, got {}",
                meta["rate_limit"]
            ));
        }
    }
    Ok(())
}

fn object(value: &Value) -> Option<Map<String, Value>> {
    value.as_object().cloned()
}

/// The outcome of one call of a case as plain JSON: the result, or the error.
async fn run(client: &Client, call: &Value) -> Result<Value, Error> {
    let text = |k: &str| call[k].as_str().expect("string argument").to_owned();
    let opt = |k: &str| call[k].as_str().map(str::to_owned);
    let mut opts = RequestOptions::new();
    if let Some(ms) = call["timeout_ms"].as_u64() {
        opts = opts.timeout(Duration::from_millis(ms));
    }
    if let Some(n) = call["max_retries"].as_u64() {
        opts = opts.max_retries(n as u32);
    }
    for (name, value) in call["headers"].as_object().into_iter().flatten() {
        opts = opts.header(name, value.as_str().expect("header value"));
    }
    let json = |v: serde_json::Result<Value>, extra: &Map<String, Value>| with_extra(v, extra);
    let with_meta = |mut v: Value, meta: Option<&talkover::ResponseMeta>| {
        v["__meta"] = meta_json(meta);
        v
    };
    match call["op"].as_str() {
        Some("active_call") => {
            let calls = client
                .active_call_with(&text("agent_id"), &text("phone"), &opts)
                .await?;
            Ok(Value::Array(
                calls
                    .iter()
                    .map(|c| with_meta(json(serde_json::to_value(c), &c.extra), c.response()))
                    .collect(),
            ))
        }
        Some("end_call") => {
            let ended = client
                .end_call_with(&text("agent_id"), &text("call_sid"), &opts)
                .await?;
            let value = json(serde_json::to_value(&ended), &ended.extra);
            Ok(with_meta(value, ended.response()))
        }
        Some("make_call") => {
            let mut request = MakeCall::new(text("to")).is_testing(call["is_testing"] == true);
            request.payload = object(&call["payload"]);
            request.context = object(&call["context"]);
            request.delay_seconds = call["delay_seconds"].as_u64().map(|d| d as u32);
            let placed = client
                .make_call_with(&text("agent_id"), &request, &opts)
                .await?;
            let value = json(serde_json::to_value(&placed), &placed.extra);
            Ok(with_meta(value, placed.response()))
        }
        Some("make_campaign_call") => {
            let mut request = MakeCampaignCall::new(text("to"))
                .is_testing(call["is_testing"] == true)
                .allow_duplicates(call["allow_duplicates"] == true);
            request.payload = object(&call["payload"]);
            request.context = object(&call["context"]);
            let queued = client
                .make_campaign_call_with(&text("campaign_id"), &request, &opts)
                .await?;
            Ok(with_meta(campaign_call_json(&queued), queued.response()))
        }
        Some("list_calls") => {
            let mut filter = CallFilter::new();
            filter.agent_id = opt("agent_id");
            filter.status = opt("status");
            filter.direction = opt("direction");
            filter.search = opt("search");
            filter.per_page = call["per_page"].as_u64().map(|n| n as u32);
            if let Some(day) = opt("date_from") {
                filter.date_from = Some(parse_date("date_from", &day)?);
            }
            if let Some(day) = opt("date_to") {
                filter.date_to = Some(parse_date("date_to", &day)?);
            }
            let mut pager = client.list_calls_with(filter, opts)?;
            let (mut items, mut pages) = (Vec::new(), Vec::new());
            while let Some(page) = pager.next_page().await? {
                pages.push(Value::from(page.items.len()));
                items.extend(page.items.iter().map(|c| {
                    let mut item = json(serde_json::to_value(c), &c.extra);
                    if let Some(agent) = &c.agent {
                        item["agent"] = json(serde_json::to_value(agent), &agent.extra);
                    }
                    item
                }));
            }
            Ok(serde_json::json!({"items": items, "pages": pages}))
        }
        other => panic!("unknown op {other:?}"),
    }
}

fn campaign_call_json(call: &talkover::CampaignCall) -> Value {
    let mut value = with_extra(serde_json::to_value(call), &call.extra);
    if let Some(campaign) = &call.campaign {
        value["campaign"] = with_extra(serde_json::to_value(campaign), &campaign.extra);
    }
    value
}

/// The model's wire fields plus its unknown fields under `extra`, as the cases spell them.
fn with_extra(value: serde_json::Result<Value>, extra: &Map<String, Value>) -> Value {
    let mut value = value.expect("models serialise");
    value["extra"] = Value::Object(extra.clone());
    value
}

fn same_instant(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::String(e), Value::String(_)) if e == "<any>" => true,
        (Value::String(e), Value::String(a)) => {
            let parse = |s: &str| s.parse::<DateTime<Utc>>().ok();
            parse(e).is_some() && parse(e) == parse(a)
        }
        _ => expected == actual,
    }
}

fn check_object(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    let expected = expected
        .as_object()
        .ok_or(format!("{at}: expected an object"))?;
    for (key, want) in expected {
        let got = actual.get(key).unwrap_or(&Value::Null);
        if want.is_object() && key != "extra" {
            check_object(want, got, &format!("{at}.{key}"))?;
            continue;
        }
        let equal = if key.ends_with("_at") {
            same_instant(want, got)
        } else {
            want == got || want == "<any>" && !got.is_null()
        };
        if !equal {
            return Err(format!("{at}.{key}: expected {want}, got {got}"));
        }
    }
    Ok(())
}

fn check_error(expected: &Value, err: &Error) -> Result<(), String> {
    let class = err.kind().class_name();
    if expected["class"] != class {
        return Err(format!(
            "expected {}, got {class} ({err})",
            expected["class"]
        ));
    }
    if expected["status"].as_u64().map(|s| s as u16) != err.status() {
        return Err(format!(
            "status: expected {}, got {:?}",
            expected["status"],
            err.status()
        ));
    }
    if expected["code"].as_str() != err.code() {
        return Err(format!(
            "code: expected {}, got {:?}",
            expected["code"],
            err.code()
        ));
    }
    let retry_after = err.retry_after().map(|d| d.as_secs_f64());
    if let Some(want) = expected.get("retry_after").and_then(Value::as_f64) {
        if retry_after != Some(want) {
            return Err(format!("retry_after: expected {want}, got {retry_after:?}"));
        }
    }
    if let Some(min) = expected.get("retry_after_at_least").and_then(Value::as_f64) {
        if !retry_after.is_some_and(|r| r >= min) {
            return Err(format!(
                "retry_after: expected >= {min}, got {retry_after:?}"
            ));
        }
    }
    if let Some(want) = expected.get("may_have_succeeded").and_then(Value::as_bool) {
        if err.may_have_succeeded() != want {
            return Err(format!("may_have_succeeded: expected {want} ({err})"));
        }
    }
    if let Some(want) = expected.get("message").and_then(Value::as_str) {
        if err.message() != want {
            return Err(format!(
                "message: expected {want:?}, got {:?}",
                err.message()
            ));
        }
    }
    if let Some(want) = expected.get("param").and_then(Value::as_str) {
        if err.param() != Some(want) {
            return Err(format!("param: expected {want}, got {:?}", err.param()));
        }
    }
    if let Some(want) = expected.get("field_errors") {
        let got: Map<String, Value> = err
            .field_errors()
            .iter()
            .map(|(field, messages)| (field.clone(), Value::from(messages.clone())))
            .collect();
        if *want != Value::Object(got.clone()) {
            return Err(format!("field_errors: expected {want}, got {got:?}"));
        }
    }
    if let Some(want) = expected.get("existing_call") {
        let got = err.existing_call().map(campaign_call_json);
        check_object(want, got.as_ref().unwrap_or(&Value::Null), "existing_call")?;
    }
    if expected.get("request_id") == Some(&Value::Bool(true))
        && err.request_id().is_none_or(str::is_empty)
    {
        return Err("expected a request id".into());
    }
    if let Some(want) = expected.get("headers").and_then(Value::as_object) {
        for (name, value) in want {
            let got = err
                .headers()
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v);
            if got.map(String::as_str) != value.as_str() {
                return Err(format!("headers[{name}]: expected {value}, got {got:?}"));
            }
        }
    }
    if let Some(want) = expected.get("rate_limit") {
        let got = rate_limit_json(err.rate_limit());
        if got != *want {
            return Err(format!("rate_limit: expected {want}, got {got}"));
        }
    }
    Ok(())
}

/// Checks one call's outcome against its `expect`.
fn check_outcome(outcome: &Result<Value, Error>, expect: &Value) -> Result<(), String> {
    match (outcome, expect.get("result"), expect.get("error")) {
        (Ok(got), Some(_), _) if expect.get("meta").is_some() => {
            check_meta(&expect["meta"], got)?;
            let mut rest = expect.clone();
            rest.as_object_mut().map(|m| m.remove("meta"));
            check_outcome(outcome, &rest)
        }
        (Ok(got), Some(Value::Array(want)), _) => {
            let items = got.get("items").unwrap_or(got);
            let got = items.as_array().ok_or("expected a list")?;
            if got.len() != want.len() {
                return Err(format!("expected {} items, got {}", want.len(), got.len()));
            }
            for (i, (w, g)) in want.iter().zip(got).enumerate() {
                check_object(w, g, &format!("result[{i}]"))?;
            }
            if let Some(pages) = expect.get("pages") {
                if outcome.as_ref().ok().map(|v| &v["pages"]) != Some(pages) {
                    return Err(format!("pages: expected {pages}, got {got:?}"));
                }
            }
            Ok(())
        }
        (Ok(got), Some(want), _) => check_object(want, got, "result"),
        (Err(err), _, Some(want)) => check_error(want, err),
        (Ok(got), _, _) => Err(format!("expected an error, got {got}")),
        (Err(err), _, _) => Err(format!("unexpected {}: {err}", err.kind().class_name())),
    }
}

/// `"$0.id"` in a later step stands for that field of the first call's result.
fn substitute(call: &Value, first: &Result<Value, Error>) -> Value {
    let mut call = call.clone();
    if let (Some(map), Ok(first)) = (call.as_object_mut(), first) {
        for value in map.values_mut() {
            if let Some(field) = value.as_str().and_then(|s| s.strip_prefix("$0.")) {
                *value = first[field].clone();
            }
        }
    }
    call
}

async fn check_case(case: Value) -> Result<(), String> {
    let mock = MockServer::start(MockOptions::default()).map_err(|e| e.to_string())?;
    for (key, path) in [("agents", "agents"), ("campaigns", "campaigns")] {
        for item in case[key].as_array().into_iter().flatten() {
            control(&mock, reqwest::Method::POST, path, Some(item)).await;
        }
    }
    if let Some(config) = case.get("config") {
        control(&mock, reqwest::Method::POST, "config", Some(config)).await;
    }
    for seed in case["seed"].as_array().into_iter().flatten() {
        let seed: SeedCall = serde_json::from_value(seed.clone()).map_err(|e| e.to_string())?;
        mock.seed_call(seed);
    }
    for fault in case["faults"].as_array().into_iter().flatten() {
        let fault: Fault = serde_json::from_value(fault.clone()).map_err(|e| e.to_string())?;
        mock.add_fault(fault);
    }
    // A client that cannot be built is the case's outcome (bad settings are refused there).
    let client =
        build_client(&mock, &case["client"]).and_then(|c| derive_client(c, &case["derive"]));
    let first = match &client {
        Ok(client) => run(client, &case["call"]).await,
        Err(err) => Err(Error::invalid(
            err.param().unwrap_or("client"),
            err.message(),
        )),
    };
    check_outcome(&first, &case["expect"])?;
    for (i, step) in case["then"].as_array().into_iter().flatten().enumerate() {
        let client = client.as_ref().map_err(|e| e.to_string())?;
        let outcome = run(client, &substitute(&step["call"], &first)).await;
        check_outcome(&outcome, &step["expect"]).map_err(|e| format!("then[{i}]: {e}"))?;
    }
    let log = mock.requests();
    let want = case["requests"].as_u64().unwrap_or(0) as usize;
    if log.len() != want {
        return Err(format!(
            "expected {want} requests, simulator saw {}",
            log.len()
        ));
    }
    let last = log.last();
    if let Some(want) = case["last_headers"].as_object() {
        let got = last.map(|r| &r.headers);
        let matches = got.is_some_and(|got| {
            got.len() == want.len()
                && want
                    .iter()
                    .all(|(k, v)| got.get(k).map(String::as_str) == v.as_str())
        });
        if !matches {
            return Err(format!("last headers: expected {want:?}, got {got:?}"));
        }
    }
    if let Some(suffix) = case["last_user_agent_ends_with"].as_str() {
        let got = last.and_then(|r| r.user_agent.as_deref());
        if !got.is_some_and(|agent| agent.ends_with(suffix)) {
            return Err(format!(
                "last User-Agent: expected it to end with {suffix:?}, got {got:?}"
            ));
        }
    }
    if let Some(path) = case["last_path"].as_str() {
        let got = last.map(|r| r.path.as_str());
        if got != Some(path) {
            return Err(format!("last path: expected {path}, got {got:?}"));
        }
    }
    if let Some(query) = case["last_query"].as_str() {
        let got = last.and_then(|r| r.query.as_deref());
        if got != Some(query) {
            return Err(format!("last query: expected {query}, got {got:?}"));
        }
    }
    if let Some(body) = case.get("last_body") {
        let got: Value = last
            .and_then(|r| serde_json::from_str(&r.body).ok())
            .unwrap_or(Value::Null);
        if *body != got {
            return Err(format!("last body: expected {body}, got {got}"));
        }
    }
    for (key, path) in [("calls", "calls"), ("campaign_calls", "campaign-calls")] {
        if let Some(want) = case["state"][key].as_u64() {
            let got = control(&mock, reqwest::Method::GET, path, None).await;
            let got = got.as_array().map_or(0, Vec::len) as u64;
            if got != want {
                return Err(format!(
                    "state: expected {want} {key}, simulator holds {got}"
                ));
            }
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_conformance_case_passes() {
    let cases = load_cases();
    assert!(cases.len() >= 140, "only {} cases found", cases.len());
    // A few cases at a time: enough to overlap the slow ones (timeouts, backoff) without
    // starving the 1 s timeout cases of CPU on a small, busy machine.
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = tokio::task::JoinSet::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?").to_owned();
        let slots = slots.clone();
        tasks.spawn(async move {
            let _slot = slots.acquire_owned().await.expect("semaphore open");
            (name, check_case(case).await)
        });
    }
    let mut failures = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (name, result) = joined.expect("case task did not panic");
        if let Err(why) = result {
            failures.push(format!("{name}: {why}"));
        }
    }
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
