//! The long help: what each command does, with examples, and the shared sections (token,
//! output, exit codes) that `talkover --help` shows once.

use crate::exit;

/// `talkover --help`, above the command list.
pub(crate) fn long_about() -> String {
    "Operate TalkOver voice-agent calls from a shell: find the active calls for a phone number, \
end them (one, or all of them in an emergency), place calls, list past calls, or run the \
offline simulator of the API for any test suite.

It runs the same Rust core as the `talkover` Python and Node packages: the same validation, \
retries (only when a request is safe to repeat), timeouts and error classes."
        .to_owned()
}

/// `talkover --help`, below the option list.
pub(crate) fn after_long_help() -> String {
    format!(
        "\
Token:
  Read from --token-file PATH (`-` reads it from stdin), else TALKOVER_API_TOKEN, else
  TALKOVER_TOKEN. No option takes the token itself, and it is never printed.

Environment:
  TALKOVER_API_TOKEN, TALKOVER_TOKEN  the API token
  TALKOVER_BASE_URL                   the API base URL (--base-url wins)
  TALKOVER_LOG                        log level for request logs on stderr: error, warn,
                                      info, debug or trace (phone numbers masked)

Output:
  On a terminal, a table. When stdout is not a terminal (a pipe, a file), JSON: one object
  per line for lists and per-call reports, one object otherwise. --json and --table force
  either. Errors go to stderr as one line:
    talkover: CLASS: MESSAGE (status=.. code=.. request_id=..)

Safety:
  `calls end` and `calls hangup` ask for confirmation on a terminal unless --yes; when stdin
  is not a terminal they refuse without --yes (exit 2) and never wait for input. Ctrl-C
  cancels the requests in flight and exits 130.

Exit codes:
{}
Examples:
  export TALKOVER_API_TOKEN=talq_...
  talkover calls active agent-uuid +5511987654321
  talkover calls hangup agent-uuid '+55 11 98765-4321'       # emergency stop
  talkover calls list --status completed --since 2024-01-01 --limit 50 --json
  talkover mock --port 0                                      # simulator for tests",
        exit::help_table()
    )
}

pub(crate) const ACTIVE_ABOUT: &str = "\
Show the active calls (initiated, ringing or answered) between an agent and a phone number: \
usually one, all of them when several are active. No active call is not an error: nothing is \
listed (exit 0).";

pub(crate) const ACTIVE_EXAMPLES: &str = "\
Examples:
  talkover calls active agent-uuid +5511987654321
  talkover calls active agent-uuid '+55 (11) 98765-4321' --json | jq -r .id";

pub(crate) const END_ABOUT: &str = "\
End one call by its id. Asks for confirmation on a terminal unless --yes; refuses without \
--yes when stdin is not a terminal.

Exit 0 when the call is ended (also when an earlier attempt ended it and only its answer was \
lost), 4 when it had already ended (CallNotActiveError), 3 when the agent has no such call.";

pub(crate) const END_EXAMPLES: &str = "\
Examples:
  talkover calls end agent-uuid call-123
  talkover calls end agent-uuid call-123 --yes --json";

pub(crate) const HANGUP_ABOUT: &str = "\
The emergency stop: find every active call between an agent and a phone number and end each \
of them at once, reporting what happened to each: ended, already over (it ended by itself \
meanwhile) or failed.

On a terminal it shows the calls and asks before ending them, unless --yes; when stdin is not \
a terminal it refuses without --yes (exit 2), before any request.

Exit 0 when nothing is left active (no call was active, or every one is now over). When some \
could not be ended, it looks again: exit 12 if any call is still active. A failure of the \
first lookup exits with that error's code.";

pub(crate) const HANGUP_EXAMPLES: &str = "\
Examples:
  talkover calls hangup agent-uuid +5511987654321
  talkover calls hangup agent-uuid +5511987654321 --yes --json    # from a script
  talkover --token-file ~/.config/talkover/token calls hangup agent-uuid +5511987654321";

pub(crate) const PLACE_ABOUT: &str = "\
Place an outbound call from an agent. The API accepts it asynchronously: it starts \
`initiated`, and `calls active` finds it while it is active.

The call is never dialled twice because of a retry: a failed attempt is repeated only when the \
server did not act on it. After a timeout or a server error the call may have been placed: the \
error says so; check with `talkover calls active AGENT PHONE` before placing it again.";

pub(crate) const PLACE_EXAMPLES: &str = "\
Examples:
  talkover calls place agent-uuid +5511987654321
  talkover calls place agent-uuid +5511987654321 --payload customer_name=Ana \\
      --payload order_total:=129.9 --context '{\"order_id\": 42}' --delay 30
  talkover calls place agent-uuid +5511987654321 --test --json";

pub(crate) const LIST_ABOUT: &str = "\
List calls, past and present, newest first: all of them, or one agent's with --agent, narrowed \
by the filters. Pages are fetched one at a time and printed as they arrive, so the first calls \
show at once and --limit stops fetching early.";

pub(crate) const LIST_EXAMPLES: &str = "\
Examples:
  talkover calls list --limit 20
  talkover calls list --agent agent-uuid --status completed --since 2024-01-01 --until 2024-01-31
  talkover calls list --search 98765 --json | jq -r 'select(.duration > 60) | .id'";

pub(crate) const MOCK_ABOUT: &str = "\
Run the offline simulator of the TalkOver API (the one this project's own tests use) on \
127.0.0.1 until Ctrl-C or SIGTERM, then exit 0. It checks the token, keeps agents and calls in \
memory, answers like the real API, and misbehaves on demand.

It prints its base URL and token: on a terminal as text, otherwise as one JSON line \
{\"url\", \"token\", \"control_url\"}, so a test suite in any language can start it, read one \
line, and point its client at it. Seed agents and calls, queue faults and read the request log \
over HTTP under control_url (see the talkover-mock README).";

pub(crate) const MOCK_EXAMPLES: &str = "\
Examples:
  talkover mock                          # http://127.0.0.1:8080/api/v1, token talq_test_token
  talkover mock --port 0 --json          # a free port; read the JSON line for the URL
  curl -X POST localhost:8080/__mock/agents -d '{\"id\": \"agent-1\"}'";

pub(crate) const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  talkover completions bash > ~/.local/share/bash-completion/completions/talkover
  talkover completions zsh > \"${fpath[1]}/_talkover\"
  talkover completions fish > ~/.config/fish/completions/talkover.fish";
