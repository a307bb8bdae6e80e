// The process exits promptly once the last call settles: no native handle keeps it open,
// while a pending call does keep it alive until it settles.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const FIXTURE = fileURLToPath(new URL('./fixtures/exit-after-calls.mjs', import.meta.url))

function runChild(mode) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FIXTURE, mode], { stdio: ['ignore', 'pipe', 'pipe'] })
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

function lingered(result) {
  const settled = Number(/settled (\d+)/.exec(result.stdout)?.[1])
  assert.ok(settled > 0, `no settle time reported: ${result.stdout} ${result.stderr}`)
  return result.exitedAt - settled
}

test('the process exits right after the last call settles', async () => {
  const result = await runChild('calls')
  assert.equal(result.code, 0, result.stderr)
  assert.match(result.stdout, /resolved 1,1,NotFoundError/)
  const ms = lingered(result)
  assert.ok(ms < 1000, `process lingered ${ms} ms after the last call`)
})

test('a client that never called does not hold the process', async () => {
  const result = await runChild('idle')
  assert.equal(result.code, 0, result.stderr)
  assert.ok(lingered(result) < 1000)
})

test('a pending call keeps the process alive until it settles', async () => {
  const result = await runChild('pending')
  assert.equal(result.code, 0, result.stderr)
  assert.match(result.stdout, /resolved 0/, 'the process waited for the call')
  assert.ok(lingered(result) < 1000)
})
