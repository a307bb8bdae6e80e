//! Running the real `talkover` binary against an in-process simulator.
//!
//! Every run goes through [`Sim::run`] or [`Sim::cmd`], which point the child at the
//! simulator through the environment (as a user would) and give it a stdin that is not a
//! terminal. [`Run`] asserts on every output that the token never appears.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use talkover_mock::{LoggedRequest, MockOptions, MockServer, SeedAgent, SeedCall};

/// A token no output may ever contain.
pub const TOKEN: &str = "talq_cli_secret_7f3a9";
pub const AGENT: &str = "agent-1";
pub const PHONE: &str = "+5511987654321";

/// A simulator with `agent-1` seeded.
pub struct Sim {
    pub server: MockServer,
}

/// What a finished child did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The stdout lines parsed as JSON.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
            .collect()
    }

    /// Asserts the exit code, showing the outputs when it differs.
    #[track_caller]
    pub fn expect(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "unexpected exit code: {self:#?}");
        self
    }
}

impl Sim {
    pub fn start() -> Sim {
        Sim::with(MockOptions::default())
    }

    pub fn with(opts: MockOptions) -> Sim {
        let server = MockServer::start(MockOptions {
            token: TOKEN.to_owned(),
            ..opts
        })
        .expect("the simulator starts");
        server.seed_agent(SeedAgent::new(AGENT));
        Sim { server }
    }

    /// Seeds an active (answered) call to `to` and returns its id.
    pub fn seed(&self, to: &str, id: &str) -> String {
        let call = self
            .server
            .seed_call(SeedCall::new(AGENT, to).id(id).status("answered"));
        call["id"].as_str().expect("an id").to_owned()
    }

    /// The command, configured for this simulator, not yet started.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_talkover"));
        cmd.args(args)
            .env("TALKOVER_BASE_URL", self.server.url())
            .env("TALKOVER_API_TOKEN", TOKEN)
            .env_remove("TALKOVER_TOKEN")
            .env_remove("TALKOVER_LOG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs `talkover ARGS` to completion (stdin: an empty pipe).
    pub fn run(&self, args: &[&str]) -> Run {
        run(self.cmd(args))
    }

    /// Requests the simulator received on `path_part`.
    pub fn requests_to(&self, path_part: &str) -> Vec<LoggedRequest> {
        self.server
            .requests()
            .into_iter()
            .filter(|r| r.path.contains(path_part))
            .collect()
    }

    /// The stored status of call `id`.
    pub fn status_of(&self, id: &str) -> String {
        let calls = self.server.calls();
        let call = calls.iter().find(|c| c["id"] == id).expect("the call");
        call["status"].as_str().unwrap_or_default().to_owned()
    }

    /// Waits until a request is being processed (e.g. held by a `hang` fault).
    pub fn wait_for_pending(&self) {
        wait_until(Duration::from_secs(10), || {
            self.server
                .requests()
                .iter()
                .any(|r| r.outcome == talkover_mock::Outcome::Pending)
        });
    }
}

/// Runs a configured command to completion and checks the token stayed secret.
pub fn run(mut cmd: Command) -> Run {
    let child = cmd.spawn().expect("talkover starts");
    finish(child, Duration::from_secs(30))
}

/// Waits for `child` (closing its stdin first), at most `limit`.
pub fn finish(mut child: Child, limit: Duration) -> Run {
    drop(child.stdin.take());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let output = rx
        .recv_timeout(limit)
        .expect("talkover finishes in time")
        .expect("talkover's output");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN),
        "the token leaked: {run:#?}"
    );
    run
}

/// Sends SIGINT (Ctrl-C) to a child.
pub fn interrupt(child: &Child) {
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    // SAFETY: kill(2) on the pid of a child we spawned and have not reaped.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
}

/// Reads a child's stdout line by line on a thread, so a test can wait for output with a
/// deadline while the child keeps running.
pub fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Polls `done` every 10 ms until it holds; panics after `limit`.
pub fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting");
        std::thread::sleep(Duration::from_millis(10));
    }
}
