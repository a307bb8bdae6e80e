// The package works inside worker_threads, with the client (and its logger) created in the
// worker, and a worker ending (even mid-call) leaves the main thread's client working.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import { AGENT, PHONE, clientFor, startServer, waitFor } from './helpers.mjs'

const WORKER = new URL('./fixtures/worker.mjs', import.meta.url)
let server
before(() => {
  server = startServer()
  server.seedCall({ agentId: AGENT, to: PHONE })
})
after(() => server.stop())

/** A worker, with its first message and its exit captured from the start (no missed events). */
function startWorker(mode = 'calls') {
  const worker = new Worker(WORKER, { workerData: { url: server.url, token: server.token, mode } })
  worker.message = once(worker, 'message').then(([message]) => message)
  worker.exited = once(worker, 'exit').then(([code]) => code)
  return worker
}

test('two workers and the main thread call at the same time', async () => {
  const workers = [startWorker(), startWorker()]
  const main = clientFor(server)
  const mainCalls = Promise.all(Array.from({ length: 20 }, () => main.activeCall(AGENT, PHONE)))
  const messages = await Promise.all(workers.map((w) => w.message))
  for (const message of messages) {
    assert.deepEqual(message.results, Array(20).fill(1))
    assert.equal(message.errorClass, 'NotFoundError')
    assert.equal(message.isInstance, true)
    assert.equal(message.startedAtIsDate, true)
  }
  assert.equal((await mainCalls).length, 20)
  const codes = await Promise.all(workers.map((w) => w.exited))
  assert.deepEqual(codes, [0, 0], 'workers exit on their own once done')
  assert.equal((await main.activeCall(AGENT, PHONE)).length, 1, 'main thread still works')
})

test('terminating a worker with a call in flight does not disturb the main thread', async () => {
  server.addFault({ kind: 'hang' })
  const worker = startWorker('hang')
  await worker.message
  assert.ok(await waitFor(() => server.requests().some((r) => r.outcome === 'pending')))
  await worker.terminate()
  // The attempt times out in the dead worker's client and is retried, logging on the way.
  const retried = () => server.requests().some((r) => r.retryCount === 1 && r.outcome === 'responded')
  assert.ok(await waitFor(retried), 'the orphaned call was retried')
  const main = clientFor(server)
  assert.equal((await main.activeCall(AGENT, PHONE)).length, 1)
  // A fresh worker after the teardown works too.
  const again = startWorker()
  assert.deepEqual((await again.message).results, Array(20).fill(1))
  assert.equal(await again.exited, 0)
})
