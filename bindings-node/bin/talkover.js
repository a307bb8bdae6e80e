#!/usr/bin/env node
// `talkover`: the command line of the TalkOver API (`npx talkover --help`).
//
// The command line is written once, in Rust (the `talkover-cli` crate), and linked into this
// package's native addon, so `npm install -g talkover` needs no second binary and behaves as
// `cargo install talkover-cli` does. `runCli` blocks until the command is done and writes to
// this process's stdout and stderr itself; its result is the exit code.
'use strict'

const { runCli } = require('../native.js')

process.exitCode = runCli(['talkover', ...process.argv.slice(2)])
