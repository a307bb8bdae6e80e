//! Token handling, confirmation, logging, help and completions.

use crate::common::{run, Sim, AGENT, PHONE, TOKEN};
use std::io::Write;

#[test]
fn a_missing_token_exits_5_before_any_request_and_says_how_to_give_one() {
    let sim = Sim::start();
    let mut cmd = sim.cmd(&["calls", "active", AGENT, PHONE]);
    cmd.env_remove("TALKOVER_API_TOKEN");
    let run = run(cmd);
    run.expect(5);
    assert_eq!(
        run.stderr,
        "talkover: InvalidRequestError: no API token: set TALKOVER_API_TOKEN (or TALKOVER_TOKEN), or pass --token-file PATH\n"
    );
    assert!(sim.server.requests().is_empty());
}

#[test]
fn the_token_comes_from_a_file_or_the_vendor_variable_never_a_flag() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    let dir = std::env::temp_dir().join(format!("talkover-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("token");
    std::fs::write(&file, format!("{TOKEN}\n")).unwrap();
    let path = file.to_str().unwrap();

    let mut cmd = sim.cmd(&["--token-file", path, "calls", "active", AGENT, PHONE]);
    cmd.env_remove("TALKOVER_API_TOKEN");
    run(cmd).expect(0);

    let mut cmd = sim.cmd(&["calls", "active", AGENT, PHONE]);
    cmd.env_remove("TALKOVER_API_TOKEN")
        .env("TALKOVER_TOKEN", TOKEN);
    run(cmd).expect(0);

    let missing = dir.join("nope");
    let mut cmd = sim.cmd(&["--token-file", missing.to_str().unwrap(), "calls", "list"]);
    cmd.env_remove("TALKOVER_API_TOKEN");
    let failed = run(cmd);
    failed.expect(5);
    assert!(
        failed.stderr.contains("cannot read the token file"),
        "{failed:?}"
    );

    // There is no --token: it would land in shell history.
    let flag = sim.run(&["--token", TOKEN, "calls", "list"]);
    flag.expect(2);
    assert!(
        flag.stderr.contains("unexpected argument '--token'"),
        "{flag:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn destructive_commands_refuse_without_yes_when_stdin_is_a_pipe() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    for args in [
        &["calls", "end", AGENT, "call-a"][..],
        &["calls", "hangup", AGENT, PHONE],
    ] {
        let run = sim.run(args);
        run.expect(2);
        assert!(
            run.stderr
                .contains("without confirmation: stdin is not a terminal; pass --yes"),
            "{run:?}"
        );
    }
    assert!(sim.server.requests().is_empty());
    assert_eq!(sim.status_of("call-a"), "answered");
}

#[test]
fn on_a_terminal_end_asks_first() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    sim.seed(PHONE, "call-b");
    for (answer, code, status) in [("n\n", 1, "answered"), ("y\n", 0, "completed")] {
        let (master, slave) = pty();
        let mut cmd = sim.cmd(&["calls", "end", AGENT, "call-a"]);
        cmd.stdin(slave);
        let child = cmd.spawn().expect("starts");
        let mut master = std::fs::File::from(master);
        master.write_all(answer.as_bytes()).unwrap();
        let run = crate::common::finish(child, std::time::Duration::from_secs(10));
        run.expect(code);
        assert!(
            run.stderr
                .starts_with("End call call-a of agent agent-1? [y/N] "),
            "{run:?}"
        );
        assert_eq!(sim.status_of("call-a"), status);
    }
    assert_eq!(sim.status_of("call-b"), "answered");
}

#[test]
fn on_a_terminal_hangup_shows_the_calls_then_asks() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    sim.seed(PHONE, "call-b");
    let (master, slave) = pty();
    let mut cmd = sim.cmd(&["--table", "calls", "hangup", AGENT, PHONE]);
    cmd.stdin(slave);
    let child = cmd.spawn().expect("starts");
    // Kept open until the child is done: closing the master would hang up the terminal.
    let mut master = std::fs::File::from(master);
    master.write_all(b"yes\n").unwrap();
    let run = crate::common::finish(child, std::time::Duration::from_secs(10));
    drop(master);
    run.expect(0);
    assert_eq!(run.stderr, "End 2 active calls? [y/N] ");
    let lines: Vec<_> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("CALL ID  STATUS"), "{lines:?}");
    assert!(lines[1].starts_with("call-a   answered"), "{lines:?}");
    assert_eq!(lines[3], "CALL ID  OUTCOME  DETAIL");
    assert_eq!(lines[6], "2 ended, 0 already over, 0 failed.");
    assert_eq!(sim.status_of("call-b"), "completed");
}

#[test]
fn ctrl_c_at_the_prompt_exits_130_and_ends_nothing() {
    let sim = Sim::start();
    sim.seed(PHONE, "call-a");
    let (master, slave) = pty();
    let mut cmd = sim.cmd(&["calls", "end", AGENT, "call-a"]);
    cmd.stdin(slave).stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("starts");
    // The question is the first thing on stderr; once it is there, the child waits.
    let mut stderr = child.stderr.take().unwrap();
    let mut asked = [0u8; 8];
    std::io::Read::read_exact(&mut stderr, &mut asked).unwrap();
    assert_eq!(&asked, b"End call");
    crate::common::interrupt(&child);
    let run = crate::common::finish(child, std::time::Duration::from_secs(5));
    drop(master);
    run.expect(130);
    assert_eq!(sim.status_of("call-a"), "answered");
    assert!(sim.server.requests().is_empty());
}

/// A pseudo-terminal: (master, slave).
fn pty() -> (std::os::fd::OwnedFd, std::os::fd::OwnedFd) {
    use std::os::fd::FromRawFd;
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two new descriptors, which we then own.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty");
    // SAFETY: both are fresh descriptors owned by nobody else.
    unsafe {
        (
            std::os::fd::OwnedFd::from_raw_fd(master),
            std::os::fd::OwnedFd::from_raw_fd(slave),
        )
    }
}

#[test]
fn talkover_log_writes_redacted_lines_to_stderr() {
    let sim = Sim::start();
    let mut cmd = sim.cmd(&["calls", "active", AGENT, PHONE]);
    cmd.env("TALKOVER_LOG", "debug");
    let run = run(cmd);
    run.expect(0);
    assert!(
        run.stderr.contains("talkover: debug: sending request method=GET path=/agents/agent-1/active-call/+*********4321"),
        "{run:?}"
    );
    assert!(!run.stderr.contains(PHONE));
}

#[test]
fn help_documents_every_command_with_examples_and_the_exit_codes() {
    let sim = Sim::start();
    let top = sim.run(&["--help"]);
    top.expect(0);
    for text in [
        "Exit codes:",
        "130  interrupted",
        " 12  hangup",
        "TALKOVER_LOG",
        "--token-file",
    ] {
        assert!(top.stdout.contains(text), "{text}: {}", top.stdout);
    }
    for command in [
        &["calls", "active"][..],
        &["calls", "end"],
        &["calls", "hangup"],
        &["calls", "place"],
        &["calls", "list"],
        &["mock"],
        &["completions"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let help = sim.run(&args);
        help.expect(0);
        assert!(
            help.stdout.contains("Examples:\n  talkover "),
            "{args:?}: {}",
            help.stdout
        );
    }
    let version = sim.run(&["--version"]);
    version.expect(0);
    assert_eq!(
        version.stdout,
        format!("talkover {}\n", env!("CARGO_PKG_VERSION"))
    );
    sim.run(&[]).expect(2);
    sim.run(&["calls", "dial"]).expect(2);
}

#[test]
fn completions_for_each_shell() {
    let sim = Sim::start();
    for shell in ["bash", "zsh", "fish"] {
        let run = sim.run(&["completions", shell]);
        run.expect(0);
        assert!(run.stdout.len() > 1000, "{shell}");
        assert!(
            run.stdout.contains("hangup") && run.stdout.contains("token-file"),
            "{shell}"
        );
    }
    sim.run(&["completions", "tcsh"]).expect(2);
}
