// AbortSignal: an aborted call rejects with `signal.reason` (as fetch does) and drops the
// Rust task and its HTTP request; the simulator sees the connection close.
import { after, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { InvalidRequestError } from 'talkover'
import { AGENT, PHONE, clientFor, settle, startServer, waitFor } from './helpers.mjs'

let server
let client
before(() => {
  server = startServer()
  client = clientFor(server)
})
beforeEach(() => server.reset())
after(() => server.stop())

test('an already-aborted signal rejects at once with its reason, without any request', async () => {
  const signal = AbortSignal.abort()
  const started = performance.now()
  const { error } = await settle(client.activeCall(AGENT, PHONE, { signal }))
  assert.equal(error, signal.reason)
  assert.equal(error.name, 'AbortError')
  assert.ok(performance.now() - started < 50)
  const ended = await settle(client.endCall(AGENT, 'call-1', { signal }))
  assert.equal(ended.error, signal.reason)
  assert.equal(server.requests().length, 0)
})

test('a custom abort reason is the rejection, as with fetch', async () => {
  const controller = new AbortController()
  const reason = new Error('user navigated away')
  controller.abort(reason)
  const { error } = await settle(client.activeCall(AGENT, PHONE, { signal: controller.signal }))
  assert.equal(error, reason)
})

/** A simulator and client of the test's own, so `connectionsOpen()` counts only its calls. */
async function withOwnServer(fn) {
  const own = startServer()
  try {
    return await fn(own, clientFor(own))
  } finally {
    own.stop()
  }
}

test('aborting mid-flight rejects and closes the HTTP connection', () => withOwnServer(async (server, client) => {
  server.addFault({ kind: 'hang' })
  const controller = new AbortController()
  const pending = settle(client.activeCall(AGENT, PHONE, { signal: controller.signal }))
  assert.ok(await waitFor(() => server.requests().length === 1), 'the request reached the server')
  assert.equal(server.connectionsOpen(), 1)
  assert.equal(server.requests()[0].outcome, 'pending')

  const started = performance.now()
  controller.abort()
  const { error } = await pending
  assert.ok(performance.now() - started < 500, 'rejects promptly')
  assert.equal(error, controller.signal.reason)
  assert.equal(error.name, 'AbortError')
  assert.ok(await waitFor(() => server.connectionsOpen() === 0), 'connection closed')
  assert.ok(await waitFor(() => server.requests()[0].outcome === 'cancelled'), 'server saw the client go')
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0, 'listener removed')
}))

test('aborting an endCall mid-flight works the same way', () => withOwnServer(async (server, client) => {
  server.addFault({ kind: 'hang', path: '/end-call' })
  const controller = new AbortController()
  const pending = settle(client.endCall(AGENT, 'call-1', { signal: controller.signal }))
  assert.ok(await waitFor(() => server.requests().length === 1))
  controller.abort()
  assert.equal((await pending).error, controller.signal.reason)
  assert.ok(await waitFor(() => server.connectionsOpen() === 0))
}))

test('aborting during retry backoff stops the retries', async () => {
  const retrying = clientFor(server, { maxRetries: 5 })
  server.addFault({ status: 503, headers: { 'retry-after': '30' }, times: 10 })
  const controller = new AbortController()
  const pending = settle(retrying.activeCall(AGENT, PHONE, { signal: controller.signal }))
  assert.ok(await waitFor(() => server.requests().length === 1))
  controller.abort()
  assert.equal((await pending).error, controller.signal.reason)
  await new Promise((resolve) => setTimeout(resolve, 100))
  assert.equal(server.requests().length, 1, 'no retry after the abort')
})

test('AbortSignal.timeout aborts with a TimeoutError reason', () => withOwnServer(async (server, client) => {
  server.addFault({ kind: 'hang' })
  const signal = AbortSignal.timeout(50)
  const { error } = await settle(client.activeCall(AGENT, PHONE, { signal }))
  assert.equal(error, signal.reason)
  assert.equal(error.name, 'TimeoutError')
  assert.ok(await waitFor(() => server.connectionsOpen() === 0))
  assert.ok(await waitFor(() => server.requests()[0].outcome === 'cancelled'))
}))

test('a call that settles before the abort keeps its result and unhooks the signal', async () => {
  server.seedCall({ agentId: AGENT, to: PHONE })
  const controller = new AbortController()
  const calls = await client.activeCall(AGENT, PHONE, { signal: controller.signal })
  assert.equal(calls.length, 1)
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0)
  controller.abort()
})

test('failures with a signal still arrive as the right error class', async () => {
  const { error } = await settle(client.activeCall(AGENT, 'not-a-phone', { signal: new AbortController().signal }))
  assert.ok(error instanceof InvalidRequestError)
})

test('a signal that is not an AbortSignal is refused', async () => {
  for (const signal of [42, 'abort', {}, { aborted: false }]) {
    const { error } = await settle(client.activeCall(AGENT, PHONE, { signal }))
    assert.ok(error instanceof InvalidRequestError, String(signal))
  }
  assert.equal(server.requests().length, 0)
})
