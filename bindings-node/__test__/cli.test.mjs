// The `talkover` command of the npm package (`bin/talkover.js`, run through the native addon)
// as a real process against the simulator: its stdout, stderr and exit code must be the Rust
// binary's (`cargo install talkover-cli`, tested in cli/tests/), byte for byte, since both are
// the same `talkover_cli::run`.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { MockServer } from 'talkover/testing'
import { waitFor } from './helpers.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const WORKSPACE = path.join(ROOT, '..')
const BIN = path.join(ROOT, 'bin', 'talkover.js')
const RUST = path.join(process.env.CARGO_TARGET_DIR ?? path.join(WORKSPACE, 'target'), 'debug', 'talkover')
const TOKEN = 'talq_cli_secret_7f3a9'
const AGENT = 'agent-1'
const PHONE = '+5511987654321'

let server
before(() => {
  // The Rust binary to compare with; its library is already compiled into the addon.
  execFileSync(process.env.CARGO ?? 'cargo', ['build', '-q', '-p', 'talkover-cli', '--bin', 'talkover'], {
    cwd: WORKSPACE,
    stdio: 'inherit',
  })
  server = MockServer.start({ token: TOKEN })
})
after(() => server?.stop())

/** Two active calls (and one over) on one number, the same before every run. */
function seed() {
  server.reset()
  server.seedAgent({ id: AGENT })
  for (const id of ['call-a', 'call-b']) {
    server.seedCall({ agentId: AGENT, to: PHONE, id, startedAt: '2024-01-05T12:00:00Z', createdAt: '2024-01-05T12:00:00Z' })
  }
  server.seedCall({ agentId: AGENT, to: PHONE, id: 'call-over', status: 'completed', createdAt: '2024-01-04T12:00:00Z' })
}

function env(extra = {}) {
  const env = { ...process.env, TALKOVER_API_TOKEN: TOKEN, TALKOVER_BASE_URL: server.url, ...extra }
  delete env.TALKOVER_TOKEN
  delete env.TALKOVER_LOG
  return env
}

/** Runs `talkover ARGS` through `command` with an empty, non-terminal stdin. */
function run(command, args, extraEnv) {
  const r = spawnSync(command[0], [...command.slice(1), ...args], { env: env(extraEnv), encoding: 'utf8', timeout: 30_000 })
  assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN), 'the token leaked')
  // What the server stamps per request (end times, request ids) differs between two runs;
  // nothing else may.
  const stable = (text) =>
    text.replace(/"ended_at":"[^"]+"/g, '"ended_at":"<time>"').replace(/request_id=req_\w+/g, 'request_id=<id>')
  return { code: r.status, stdout: stable(r.stdout), stderr: stable(r.stderr) }
}

/** The npm bin and the Rust binary, each against the same freshly seeded state. */
function both(args, extraEnv) {
  seed()
  const node = run([process.execPath, BIN], args, extraEnv)
  const nodeRequests = server.requests().map((r) => `${r.method} ${r.path}`)
  seed()
  const rust = run([RUST], args, extraEnv)
  assert.deepStrictEqual(node, rust, `talkover ${args.join(' ')}`)
  assert.deepStrictEqual(nodeRequests, server.requests().map((r) => `${r.method} ${r.path}`))
  return node
}

test('package.json names the bin, and the tarball ships it', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  assert.equal(pkg.bin.talkover, 'bin/talkover.js')
  assert.ok(pkg.files.includes('bin/'))
  assert.match(readFileSync(BIN, 'utf8'), /^#!\/usr\/bin\/env node\n/)
})

test('calls active --json: one JSON line per active call, as the Rust binary prints', () => {
  const out = both(['calls', 'active', AGENT, '+55 (11) 98765-4321', '--json'])
  assert.equal(out.code, 0)
  assert.deepEqual(out.stdout.trim().split('\n').map((l) => JSON.parse(l).id), ['call-a', 'call-b'])
  assert.equal(out.stderr, '')
})

test('calls hangup --yes ends every active call, exit 0', () => {
  const out = both(['calls', 'hangup', AGENT, PHONE, '--yes', '--json'])
  assert.equal(out.code, 0)
  const reports = out.stdout.trim().split('\n').map((l) => JSON.parse(l))
  assert.deepEqual(reports.map((r) => [r.call_id, r.outcome]), [['call-a', 'ended'], ['call-b', 'ended']])
  assert.ok(server.calls().every((c) => c.status === 'completed'))
})

test('calls list --json streams every call, newest first', () => {
  const out = both(['calls', 'list', '--agent', AGENT, '--json'])
  assert.equal(out.code, 0)
  assert.equal(out.stdout.trim().split('\n').length, 3)
})

test('a bad phone is a usage error (exit 2) before any request', () => {
  const out = both(['calls', 'active', AGENT, '12345'])
  assert.equal(out.code, 2)
  assert.match(out.stderr, /for '<PHONE>': /)
  assert.equal(server.requests().length, 0)
})

test('end without --yes on a non-terminal stdin refuses (exit 2); no token is exit 5', () => {
  assert.equal(both(['calls', 'end', AGENT, 'call-a']).code, 2)
  assert.equal(both(['calls', 'active', AGENT, PHONE], { TALKOVER_API_TOKEN: '' }).code, 5)
})

test('an unknown call is exit 3; one already over is exit 4', () => {
  assert.equal(both(['calls', 'end', AGENT, 'call-missing', '--yes']).code, 3)
  assert.equal(both(['calls', 'end', AGENT, 'call-over', '--yes']).code, 4)
})

test('--help and --version are the same text', () => {
  assert.equal(both(['--help']).code, 0)
  assert.match(both(['--version']).stdout, /^talkover \d+\.\d+\.\d+/)
  assert.equal(both(['calls', 'place', '--help']).code, 0)
})

test('Ctrl-C cancels the request in flight and exits 130', async () => {
  seed()
  server.addFault({ kind: 'hang' })
  const child = spawn(process.execPath, [BIN, 'calls', 'active', AGENT, PHONE], { env: env() })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)))
  assert.ok(await waitFor(() => server.requests().some((r) => r.outcome === 'pending'), 10_000), 'the request is in flight')
  child.kill('SIGINT')
  assert.equal(await exited, 130)
  assert.equal(stderr, 'talkover: interrupted; requests in flight were cancelled\n')
  assert.ok(await waitFor(() => server.requests()[0].outcome === 'cancelled'), 'the server saw the client go')
})

/** `talkover mock` from the npm bin until `signal`: what it announced, and its exit. */
async function mockUntil(signal) {
  const child = spawn(process.execPath, [BIN, 'mock', '--port', '0', '--token', 'talq_from_the_bin'], { env: env() })
  let stdout = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  const exited = new Promise((resolve) => child.on('exit', (code, killedBy) => resolve({ code, killedBy })))
  assert.ok(await waitFor(() => stdout.includes('\n'), 10_000), 'the simulator announced itself')
  const info = JSON.parse(stdout.split('\n')[0])
  child.kill(signal)
  return { info, ...(await exited) }
}

test('talkover mock serves until Ctrl-C or SIGTERM, then exits 0', async () => {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    const { info, code, killedBy } = await mockUntil(signal)
    assert.equal(info.token, 'talq_from_the_bin')
    assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
    assert.deepEqual({ code, killedBy }, { code: 0, killedBy: null }, signal)
  }
})

test('SIGTERM ends any other command at once, as it would the Rust binary', async () => {
  seed()
  server.addFault({ kind: 'hang' })
  const child = spawn(process.execPath, [BIN, 'calls', 'active', AGENT, PHONE], { env: env() })
  const exited = new Promise((resolve) => child.on('exit', (code, killedBy) => resolve({ code, killedBy })))
  assert.ok(await waitFor(() => server.requests().some((r) => r.outcome === 'pending'), 10_000))
  child.kill('SIGTERM')
  assert.deepEqual(await exited, { code: null, killedBy: 'SIGTERM' })
})
