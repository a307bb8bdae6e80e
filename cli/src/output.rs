//! Where results and errors go: tables for people, JSON lines for scripts, one line per
//! error on stderr.

use crate::args::Global;
use serde::Serialize;
use serde_json::{json, Value};
use std::io::{self, IsTerminal, Write};

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// Aligned columns and sentences, for a person at a terminal.
    Table,
    /// One JSON object per line.
    Json,
}

impl Format {
    /// `--json` and `--table` win; otherwise a table when stdout is a terminal and JSON when
    /// it is a pipe or a file, so scripts get a stable shape without asking.
    pub(crate) fn choose(global: &Global) -> Format {
        if global.json {
            Format::Json
        } else if global.table || io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Json
        }
    }
}

/// Writes one line to stdout.
pub(crate) fn line(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()
}

/// Writes `value` as one JSON line to stdout.
pub(crate) fn json_line(value: &impl Serialize) -> io::Result<()> {
    let text = serde_json::to_string(value).map_err(io::Error::other)?;
    line(&text)
}

/// Writes a note for people to stderr (never results, so pipes only see data).
pub(crate) fn note(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Replaces control characters (a server message may hold newlines) so an error stays on
/// one line.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The one-line description of an API error, after `talkover: `:
/// `CLASS: MESSAGE (status=.. code=.. request_id=.. retry_after=..s)`.
pub(crate) fn describe(err: &talkover::Error) -> String {
    let message = match err.param() {
        // The core's reason alone would not say which value was wrong; name it as typed here.
        Some(param) => {
            let mut reason = err.message();
            // The core's reasons mention other arguments by the same names.
            for name in NAMES_IN_REASONS {
                reason = reason.replace(name, argument_name(name));
            }
            format!("invalid {}: {reason}", argument_name(param))
        }
        None => err.message(),
    };
    let mut text = format!("{}: {}", err.kind().class_name(), one_line(&message));
    let mut fields = Vec::new();
    if let Some(status) = err.status() {
        fields.push(format!("status={status}"));
    }
    if let Some(code) = err.code() {
        fields.push(format!("code={}", one_line(code)));
    }
    if let Some(id) = err.request_id() {
        fields.push(format!("request_id={}", one_line(id)));
    }
    if let Some(wait) = err.retry_after() {
        fields.push(format!("retry_after={}s", wait.as_secs_f64()));
    }
    for (field, messages) in err.field_errors() {
        fields.push(format!("{}={:?}", one_line(field), messages.join("; ")));
    }
    if !fields.is_empty() {
        text.push_str(&format!(" ({})", fields.join(" ")));
    }
    text
}

/// The core's argument names that can appear inside its reasons; all have an underscore, so
/// replacing them cannot touch ordinary words.
const NAMES_IN_REASONS: [&str; 6] = [
    "agent_id",
    "call_sid",
    "date_from",
    "date_to",
    "per_page",
    "delay_seconds",
];

/// The command line's name for an argument the core names in its own words.
fn argument_name(param: &str) -> &str {
    match param {
        "agent_id" => "AGENT",
        "call_sid" => "CALL_ID",
        "phone" | "to" => "PHONE",
        "date_from" => "--since",
        "date_to" => "--until",
        "per_page" => "--page-size",
        "delay_seconds" => "--delay",
        "base_url" => "--base-url",
        "timeout" => "--timeout",
        other => other,
    }
}

/// An API error as JSON, for per-call reports.
pub(crate) fn error_json(err: &talkover::Error) -> Value {
    json!({
        "class": err.kind().class_name(),
        "message": err.message(),
        "status": err.status(),
        "code": err.code(),
        "request_id": err.request_id(),
        "may_have_succeeded": err.may_have_succeeded(),
    })
}

/// A table printed as rows arrive: column widths are set by the header and the first batch
/// of rows, so a streamed listing needs no second pass (a longer value later just pushes
/// its line out).
pub(crate) struct Table {
    widths: Vec<usize>,
    started: bool,
}

impl Table {
    /// A table with these column headers.
    pub(crate) fn new(headers: &[&str]) -> Table {
        Table {
            widths: headers.iter().map(|h| h.chars().count()).collect(),
            started: false,
        }
    }

    /// Prints `rows` (the header first, the first time there are rows), then flushes.
    pub(crate) fn print(&mut self, headers: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        if !self.started {
            for row in rows {
                for (width, cell) in self.widths.iter_mut().zip(row) {
                    *width = (*width).max(cell.chars().count());
                }
            }
            let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
            self.write_row(&mut out, &header)?;
            self.started = true;
        }
        for row in rows {
            self.write_row(&mut out, row)?;
        }
        out.flush()
    }

    fn write_row(&self, out: &mut impl Write, row: &[String]) -> io::Result<()> {
        let mut text = String::new();
        for (i, (cell, width)) in row.iter().zip(&self.widths).enumerate() {
            if i + 1 == row.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  "));
            }
        }
        writeln!(out, "{}", text.trim_end())
    }
}

/// A timestamp for tables: UTC, to the second.
pub(crate) fn time(at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map_or_else(
        || "-".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M:%S").to_string(),
    )
}

/// An optional value for tables, `-` when absent.
pub(crate) fn or_dash(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| one_line(&v.to_string()))
}
