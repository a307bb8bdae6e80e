// Soak: one client, 64 calls in flight, a retried fault every 100 calls. Nothing fails, memory
// stays flat after warm-up and every file descriptor is given back. 20,000 calls here;
// `make soak-node` runs 200,000 (TALKOVER_SOAK_CALLS sets the number).
//
// The run happens in a child process started with --expose-gc, so garbage collection can be
// forced before each measurement and nothing else of the test runner is counted.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const FIXTURE = fileURLToPath(new URL('./fixtures/soak.mjs', import.meta.url))
const CALLS = Number(process.env.TALKOVER_SOAK_CALLS || 20_000)
const MAX_RSS_GROWTH_MIB = 5

function runSoak() {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, TALKOVER_SOAK_CALLS: String(CALLS), TALKOVER_LOG: 'info' }
    const child = spawn(process.execPath, ['--expose-gc', FIXTURE], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

test(`soak: ${CALLS} calls at 64 concurrency with a fault every 100`, { skip: process.platform !== 'linux' && 'reads /proc/self/fd' }, async (t) => {
  const result = await runSoak()
  assert.equal(result.code, 0, `soak child failed (${result.signal ?? result.code}): ${result.stderr}`)
  const figures = JSON.parse(result.stdout.trim().split('\n').at(-1))
  t.diagnostic(`soak figures: ${JSON.stringify(figures)}`)

  assert.equal(figures.calls, CALLS)
  assert.equal(figures.errors, 0, `calls failed: ${figures.firstErrors.join('; ')}`)
  const retried = Object.values(figures.retries).reduce((a, b) => a + b, 0)
  assert.equal(retried, figures.faults, `one retry per injected fault: ${JSON.stringify(figures.retries)}`)
  assert.ok(
    figures.rssGrowthMiB < MAX_RSS_GROWTH_MIB,
    `RSS grew ${figures.rssGrowthMiB} MiB after warm-up (${figures.rssBeforeMiB} -> ${figures.rssAfterMiB})`,
  )
  // Besides its pool, the client holds no more descriptors than after warm-up. The pool
  // itself may end a few connections larger or smaller (faults close connections, and how
  // many a burst reopens depends on timing), so its sockets are left out: each open
  // connection is two descriptors here, its client end and the simulator's end, both in
  // this process. Once the client is dropped, the count is back to the idle baseline.
  const besidesPool = (fds, connections) => fds - 2 * connections
  assert.ok(
    besidesPool(figures.fdsAfter, figures.connectionsAfter) <=
      besidesPool(figures.fdsBefore, figures.connectionsBefore) + 4,
    `descriptors ${figures.fdsBefore} -> ${figures.fdsAfter} with ${figures.connectionsBefore} -> ${figures.connectionsAfter} connections open`,
  )
  assert.ok(
    figures.fdsReleased <= figures.fdsIdle,
    `${figures.fdsReleased - figures.fdsIdle} descriptors left open after the client was dropped`,
  )
})
