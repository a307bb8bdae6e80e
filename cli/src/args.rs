//! The command line's grammar: every command, option and value check.
//!
//! Values are checked while parsing (see `values`), so a bad value is a usage error (exit 2)
//! with a clear message before any request is made.

use crate::help;
use crate::values::{
    parse_agent, parse_call_id, parse_mock_token, parse_object, parse_payload, parse_phone,
    parse_search, parse_since, parse_status, parse_timeout, parse_until,
};
use clap::{Args, Parser, Subcommand};
use serde_json::{Map, Value};
use std::path::PathBuf;
use std::time::Duration;

/// The `talkover` command.
#[derive(Debug, Parser)]
#[command(
    name = "talkover",
    version,
    about = "Operate TalkOver voice-agent calls from a shell: find, end, place and list calls, \
             or run the offline simulator.",
    long_about = help::long_about(),
    after_long_help = help::after_long_help(),
    propagate_version = true,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// Read the API token from this file (`-` for stdin) instead of TALKOVER_API_TOKEN or
    /// TALKOVER_TOKEN. There is no option taking the token itself: it would land in shell
    /// history and process lists.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "PATH"
    )]
    pub(crate) token_file: Option<PathBuf>,
    /// API base URL [default: TALKOVER_BASE_URL, else https://app.talkover.ai/api/v1].
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "URL"
    )]
    pub(crate) base_url: Option<String>,
    /// Timeout of each request attempt, in seconds [default: 30].
    #[arg(long, global = true, help_heading = "Global options", value_name = "SECONDS", value_parser = parse_timeout)]
    pub(crate) timeout: Option<Duration>,
    /// Retries of a failed request when it is safe to repeat [default: 2].
    #[arg(long, global = true, help_heading = "Global options", value_name = "N")]
    pub(crate) retries: Option<u32>,
    /// Print JSON (one object per line for lists), even on a terminal.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        conflicts_with = "table"
    )]
    pub(crate) json: bool,
    /// Print a table, even when stdout is not a terminal.
    #[arg(long, global = true, help_heading = "Global options")]
    pub(crate) table: bool,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Find, end, place and list calls.
    #[command(subcommand)]
    Calls(CallsCommand),
    /// Run the offline simulator of the TalkOver API until Ctrl-C.
    #[command(long_about = help::MOCK_ABOUT, after_long_help = help::MOCK_EXAMPLES)]
    Mock(MockArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_long_help = help::COMPLETIONS_EXAMPLES)]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// `talkover calls ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum CallsCommand {
    /// Show the active calls (initiated, ringing or answered) between an agent and a phone.
    #[command(long_about = help::ACTIVE_ABOUT, after_long_help = help::ACTIVE_EXAMPLES)]
    Active(Target),
    /// End one call by its id.
    #[command(long_about = help::END_ABOUT, after_long_help = help::END_EXAMPLES)]
    End {
        /// The agent the call belongs to.
        #[arg(value_parser = parse_agent)]
        agent: String,
        /// The call id (from `calls active` or `calls list`).
        #[arg(value_parser = parse_call_id)]
        call_id: String,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Emergency stop: end every active call between an agent and a phone.
    #[command(long_about = help::HANGUP_ABOUT, after_long_help = help::HANGUP_EXAMPLES)]
    Hangup {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Place an outbound call from an agent.
    #[command(long_about = help::PLACE_ABOUT, after_long_help = help::PLACE_EXAMPLES)]
    Place(PlaceArgs),
    /// List calls, newest first, printing each page as it arrives.
    #[command(long_about = help::LIST_ABOUT, after_long_help = help::LIST_EXAMPLES)]
    List(ListArgs),
}

/// An agent and a phone number.
#[derive(Debug, Args)]
pub(crate) struct Target {
    /// The agent id.
    #[arg(value_parser = parse_agent)]
    pub(crate) agent: String,
    /// The phone number, E.164 (`+5511987654321`); spaces, `-`, `.`, `(` and `)` are dropped.
    #[arg(value_parser = parse_phone)]
    pub(crate) phone: String,
}

/// The confirmation of a destructive command.
#[derive(Debug, Args)]
pub(crate) struct Confirm {
    /// Do not ask for confirmation. Required when stdin is not a terminal.
    #[arg(short = 'y', long)]
    pub(crate) yes: bool,
}

/// `talkover calls place`.
#[derive(Debug, Args)]
pub(crate) struct PlaceArgs {
    #[command(flatten)]
    pub(crate) target: Target,
    /// A value for the agent's prompt: `key=text` for a string, `key:=JSON` for any JSON
    /// value (`count:=3`, `vip:=true`). Repeat for more.
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_payload)]
    pub(crate) payload: Vec<(String, Value)>,
    /// Your own data, a JSON object, echoed in every webhook event of the call.
    #[arg(long, value_name = "JSON", value_parser = parse_object)]
    pub(crate) context: Option<Map<String, Value>>,
    /// Seconds to wait before dialling, 0 to 3600.
    #[arg(long, value_name = "S", value_parser = clap::value_parser!(u32).range(0..=3600))]
    pub(crate) delay: Option<u32>,
    /// A test call: no credits used, left out of analytics.
    #[arg(long)]
    pub(crate) test: bool,
}

/// `talkover calls list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Only this agent's calls.
    #[arg(long, value_name = "AGENT", value_parser = parse_agent)]
    pub(crate) agent: Option<String>,
    /// Only calls with this status: initiated, ringing, answered, completed, failed, busy,
    /// no-answer (queued and scheduled for campaign calls).
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub(crate) status: Option<String>,
    /// Only `inbound` or `outbound` calls.
    #[arg(long, value_name = "DIRECTION", value_parser = ["inbound", "outbound"])]
    pub(crate) direction: Option<String>,
    /// Only calls from this day on (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub(crate) since: Option<chrono::NaiveDate>,
    /// Only calls up to this day, inclusive (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    pub(crate) until: Option<chrono::NaiveDate>,
    /// Only calls whose phone numbers or SID contain this text.
    #[arg(long, value_name = "TEXT", value_parser = parse_search)]
    pub(crate) search: Option<String>,
    /// Stop after N calls [default: every call].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) limit: Option<u64>,
    /// Calls per request, 1 to 100 [default: the API's 20, or --limit when smaller than 100].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub(crate) page_size: Option<u32>,
}

/// `talkover mock`.
#[derive(Debug, Args)]
pub(crate) struct MockArgs {
    /// Port to listen on (127.0.0.1); 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    pub(crate) port: u16,
    /// The token the simulator accepts [default: TALKOVER_MOCK_TOKEN, else talq_test_token].
    /// It is a test token, not a secret, so a flag is fine here.
    #[arg(long, value_name = "TOKEN", value_parser = parse_mock_token)]
    pub(crate) token: Option<String>,
    /// Account credits; each placed non-test call costs 1 [default: unlimited].
    #[arg(long, value_name = "N")]
    pub(crate) credits: Option<u64>,
    /// Answer 429 past N requests per minute [default: never].
    #[arg(long, value_name = "N")]
    pub(crate) rate_limit: Option<u32>,
    /// Placed calls ring this many ms after creation [default: 500].
    #[arg(long, value_name = "MS")]
    pub(crate) ring_after_ms: Option<u64>,
    /// Placed calls are answered this many ms after creation [default: 2000].
    #[arg(long, value_name = "MS")]
    pub(crate) answer_after_ms: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }
}
