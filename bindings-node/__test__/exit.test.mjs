// The process exits within 1 s of its last settled call: no native handle (the client, its
// logger, the simulator) keeps it open, while a pending call does keep it alive until it
// settles. Each child runs with TALKOVER_LOG=debug.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const FIXTURE = fileURLToPath(new URL('./fixtures/exit-after-calls.mjs', import.meta.url))

function runChild(mode) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, TALKOVER_LOG: 'debug' }
    const child = spawn(process.execPath, [FIXTURE, mode], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(killer)
      resolve({ code, signal, stdout, stderr, exitedAt: Date.now() })
    })
  })
}

/** Asserts the child exited within 1 s of its last settled call; reports the time. */
function assertPromptExit(t, result) {
  const settled = Number(/settled (\d+)/.exec(result.stdout)?.[1])
  assert.ok(settled > 0, `no settle time reported: ${result.stdout} ${result.stderr}`)
  const ms = result.exitedAt - settled
  t.diagnostic(`exited ${ms} ms after the last call settled`)
  assert.ok(ms < 1000, `process lingered ${ms} ms after the last call`)
}

test('the process exits right after the last call settles', async (t) => {
  const result = await runChild('calls')
  assert.equal(result.code, 0, result.stderr)
  assert.match(result.stdout, /resolved 1,1,NotFoundError/)
  assertPromptExit(t, result)
})

test('a client that never called does not hold the process', async (t) => {
  const result = await runChild('idle')
  assert.equal(result.code, 0, result.stderr)
  assertPromptExit(t, result)
})

test('a pending call keeps the process alive until it settles', async (t) => {
  const result = await runChild('pending')
  assert.equal(result.code, 0, result.stderr)
  assert.match(result.stdout, /resolved 0/, 'the process waited for the call')
  assertPromptExit(t, result)
})

test('a logger, retries and HTTPS do not hold the process either', async (t) => {
  for (const mode of ['logger', 'tls']) {
    const result = await runChild(mode)
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /resolved 1,NotFoundError/, mode)
    if (mode === 'logger') assert.ok(Number(/lines (\d+)/.exec(result.stdout)[1]) >= 5, result.stdout)
    assertPromptExit(t, result)
  }
})
