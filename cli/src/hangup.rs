//! `talkover calls hangup AGENT PHONE`: the emergency stop.
//!
//! Written for the person on call at 3 a.m.: find every active call between the agent and
//! the number, end them all at once (not one after the other: each second counts), say what
//! happened to each, and make the exit code answer the only question that matters, "is
//! anything still active?".

use crate::args::Target;
use crate::calls::{print_calls, EndOutcome};
use crate::output::{self, Format, Table};
use crate::{exit, prompt, Outcome};
use futures_util::future::join_all;
use talkover::Client;

/// Runs the hang-up; see the command's help for the exit codes.
pub(crate) async fn run(client: &Client, target: &Target, yes: bool, format: Format) -> Outcome {
    let ask = prompt::needed(yes, "end calls")?;
    let calls = client.active_call(&target.agent, &target.phone).await?;
    if calls.is_empty() {
        if format == Format::Table {
            output::line(&format!(
                "No active call between {} and {}: nothing to end.",
                target.agent, target.phone
            ))?;
        }
        return Ok(exit::OK);
    }
    if ask {
        print_calls(&calls)?;
        let question = format!(
            "End {} active call{}?",
            calls.len(),
            if calls.len() == 1 { "" } else { "s" }
        );
        if !prompt::ask(&question).await? {
            return Err(prompt::declined());
        }
    }
    let results = join_all(
        calls
            .iter()
            .map(|call| client.end_call(&target.agent, &call.id)),
    )
    .await;
    let outcomes: Vec<(String, EndOutcome)> = calls
        .iter()
        .zip(results)
        .map(|(call, result)| (call.id.clone(), EndOutcome::from_result(result)))
        .collect();
    report(&outcomes, format)?;
    if !outcomes
        .iter()
        .any(|(_, o)| matches!(o, EndOutcome::Failed(_)))
    {
        return Ok(exit::OK);
    }
    // Some ends failed, but a failure may hide a success (a timeout after the server acted)
    // and a call may have ended by itself meanwhile: look again before saying it is not over.
    match client.active_call(&target.agent, &target.phone).await {
        Ok(left) if left.is_empty() => {
            output::note("talkover: every call is over now, despite the failures above");
            Ok(exit::OK)
        }
        Ok(left) => {
            let ids: Vec<&str> = left.iter().map(|c| c.id.as_str()).collect();
            output::note(&format!(
                "talkover: still active: {} (run the command again, or end them with `talkover calls end`)",
                ids.join(", ")
            ));
            Ok(exit::CALLS_LEFT_ACTIVE)
        }
        Err(e) => {
            output::note(&format!(
                "talkover: cannot tell whether calls are still active: {}",
                output::describe(&e)
            ));
            Ok(exit::CALLS_LEFT_ACTIVE)
        }
    }
}

fn report(outcomes: &[(String, EndOutcome)], format: Format) -> std::io::Result<()> {
    match format {
        Format::Json => {
            for (id, outcome) in outcomes {
                output::json_line(&outcome.to_json(id))?;
            }
            Ok(())
        }
        Format::Table => {
            const HEADERS: [&str; 3] = ["CALL ID", "OUTCOME", "DETAIL"];
            let rows: Vec<Vec<String>> = outcomes
                .iter()
                .map(|(id, o)| vec![output::one_line(id), o.name().replace('_', " "), o.detail()])
                .collect();
            Table::new(&HEADERS).print(&HEADERS, &rows)?;
            let count = |name: &str| outcomes.iter().filter(|(_, o)| o.name() == name).count();
            output::line(&format!(
                "{} ended, {} already over, {} failed.",
                count("ended"),
                count("already_over"),
                count("failed")
            ))
        }
    }
}
