//! `talkover calls active|end|place|list`: parse, call the core, print.

use crate::args::{ListArgs, PlaceArgs, Target};
use crate::output::{self, or_dash, time, Format, Table};
use crate::{exit, prompt, Outcome};
use serde_json::{json, Value};
use talkover::{Call, CallFilter, CallRecord, Client, EndedCall, ErrorKind, MakeCall};

/// `calls active AGENT PHONE`.
pub(crate) async fn active(client: &Client, target: &Target, format: Format) -> Outcome {
    let calls = client.active_call(&target.agent, &target.phone).await?;
    match format {
        Format::Json => {
            for call in &calls {
                output::json_line(call)?;
            }
        }
        Format::Table if calls.is_empty() => output::line(&format!(
            "No active call between {} and {}.",
            target.agent, target.phone
        ))?,
        Format::Table => print_calls(&calls)?,
    }
    Ok(exit::OK)
}

/// Active calls as a table (also used by `hangup` to show what it is about to end).
pub(crate) fn print_calls(calls: &[Call]) -> std::io::Result<()> {
    const HEADERS: [&str; 5] = ["CALL ID", "STATUS", "TO", "STARTED (UTC)", "DURATION"];
    let rows: Vec<Vec<String>> = calls
        .iter()
        .map(|c| {
            vec![
                output::one_line(&c.id),
                c.status.to_string(),
                c.to.clone(),
                time(c.started_at),
                or_dash(c.duration_seconds.map(|s| format!("{s}s"))),
            ]
        })
        .collect();
    Table::new(&HEADERS).print(&HEADERS, &rows)
}

/// What happened to one call that was to be ended: the report of `end` and of `hangup`.
pub(crate) enum EndOutcome {
    /// Ended now; `None` when an earlier attempt ended it and only its answer was lost.
    Ended(Option<EndedCall>),
    /// It was already over when asked.
    AlreadyOver(talkover::Error),
    /// It could not be ended.
    Failed(talkover::Error),
}

impl EndOutcome {
    /// Sorts the answer to an end-call request.
    pub(crate) fn from_result(result: talkover::Result<EndedCall>) -> EndOutcome {
        match result {
            Ok(ended) => EndOutcome::Ended(Some(ended)),
            // A retry met CALL_NOT_ACTIVE after an attempt whose answer was lost: that
            // attempt is what ended the call.
            Err(e) if e.kind() == ErrorKind::CallNotActive && e.may_have_succeeded() => {
                EndOutcome::Ended(None)
            }
            Err(e) if e.kind() == ErrorKind::CallNotActive => EndOutcome::AlreadyOver(e),
            Err(e) => EndOutcome::Failed(e),
        }
    }

    /// `ended`, `already_over` or `failed`.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            EndOutcome::Ended(_) => "ended",
            EndOutcome::AlreadyOver(_) => "already_over",
            EndOutcome::Failed(_) => "failed",
        }
    }

    /// The JSON report line: `{"call_id", "outcome", "ended", "error"}`.
    pub(crate) fn to_json(&self, call_id: &str) -> Value {
        let (ended, error) = match self {
            EndOutcome::Ended(ended) => (json!(ended), Value::Null),
            EndOutcome::AlreadyOver(e) | EndOutcome::Failed(e) => {
                (Value::Null, output::error_json(e))
            }
        };
        json!({"call_id": call_id, "outcome": self.name(), "ended": ended, "error": error})
    }

    /// The table cell saying what happened.
    pub(crate) fn detail(&self) -> String {
        match self {
            EndOutcome::Ended(Some(ended)) => match ended.ended_at {
                Some(at) => format!("{} at {}", ended.status, time(Some(at))),
                None => ended.status.to_string(),
            },
            EndOutcome::Ended(None) => {
                "ended by an earlier attempt whose answer was lost; no longer active".to_owned()
            }
            EndOutcome::AlreadyOver(_) => "the call had already ended".to_owned(),
            EndOutcome::Failed(e) => output::describe(e),
        }
    }
}

/// `calls end AGENT CALL_ID`.
pub(crate) async fn end(
    client: &Client,
    agent: &str,
    call_id: &str,
    yes: bool,
    format: Format,
) -> Outcome {
    if prompt::needed(yes, "end a call")?
        && !prompt::ask(&format!("End call {call_id} of agent {agent}?")).await?
    {
        return Err(prompt::declined());
    }
    let outcome = EndOutcome::from_result(client.end_call(agent, call_id).await);
    // A call that was already over, or that failed, is an error of its class, so scripts
    // can tell them apart by the exit code.
    if let EndOutcome::AlreadyOver(e) | EndOutcome::Failed(e) = outcome {
        return Err(e.into());
    }
    match format {
        Format::Json => output::json_line(&outcome.to_json(call_id))?,
        Format::Table => output::line(&format!("Ended call {call_id}: {}.", outcome.detail()))?,
    }
    Ok(exit::OK)
}

/// `calls place AGENT PHONE [--payload k=v ...] [--context JSON] [--delay S] [--test]`.
pub(crate) async fn place(client: &Client, args: PlaceArgs, format: Format) -> Outcome {
    let mut request = MakeCall::new(args.target.phone.clone()).is_testing(args.test);
    if !args.payload.is_empty() {
        request = request.payload(args.payload.into_iter().collect());
    }
    if let Some(context) = args.context {
        request = request.context(context);
    }
    if let Some(delay) = args.delay {
        request = request.delay_seconds(delay);
    }
    let placed = client.make_call(&args.target.agent, &request).await?;
    match format {
        Format::Json => output::json_line(&placed)?,
        Format::Table => output::line(&format!(
            "Placed call {} from agent {} to {} ({}).\nFollow it with: talkover calls active {} {}",
            placed.id,
            args.target.agent,
            placed.to.as_deref().unwrap_or(&args.target.phone),
            or_dash(placed.status.as_ref()),
            args.target.agent,
            args.target.phone,
        ))?,
    }
    Ok(exit::OK)
}

/// `calls list ...`: one request per page, each page printed before the next is asked for.
pub(crate) async fn list(client: &Client, args: ListArgs, format: Format) -> Outcome {
    let mut filter = CallFilter::new();
    filter.agent_id = args.agent;
    filter.status = args.status;
    filter.direction = args.direction;
    filter.date_from = args.since;
    filter.date_to = args.until;
    filter.search = args.search;
    // With a small --limit, ask for no more than will be printed.
    filter.per_page = args.page_size.or_else(|| {
        args.limit
            .filter(|l| *l < u64::from(talkover::MAX_PER_PAGE))
            .and_then(|l| u32::try_from(l).ok())
    });
    const HEADERS: [&str; 8] = [
        "CALL ID",
        "STATUS",
        "DIRECTION",
        "TO",
        "FROM",
        "DURATION",
        "CREATED (UTC)",
        "AGENT",
    ];
    let mut table = Table::new(&HEADERS);
    let mut left = args.limit.unwrap_or(u64::MAX);
    let mut printed = 0u64;
    let mut pager = client.list_calls(filter)?;
    while left > 0 {
        let Some(page) = pager.next_page().await? else {
            break;
        };
        let take = usize::try_from(left).unwrap_or(usize::MAX);
        let items: Vec<&CallRecord> = page.items.iter().take(take).collect();
        left -= items.len() as u64;
        printed += items.len() as u64;
        match format {
            Format::Json => {
                for item in &items {
                    output::json_line(item)?;
                }
            }
            Format::Table => {
                table.print(&HEADERS, &items.iter().map(|c| row(c)).collect::<Vec<_>>())?
            }
        }
    }
    if format == Format::Table && printed == 0 {
        output::line("No calls.")?;
    }
    Ok(exit::OK)
}

fn row(call: &CallRecord) -> Vec<String> {
    vec![
        output::one_line(&call.id),
        call.status.to_string(),
        or_dash(call.direction.as_ref()),
        output::one_line(&call.to),
        or_dash(call.from.as_ref()),
        or_dash(call.duration.map(|s| format!("{s}s"))),
        time(call.created_at),
        or_dash(
            call.agent
                .as_ref()
                .map(|a| a.name.clone().unwrap_or_else(|| a.id.clone())),
        ),
    ]
}
