// AbortSignal: an aborted call rejects with `signal.reason` (as fetch does) and drops the
// Rust task and its HTTP request; the simulator sees the connection close.
import { after, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { createRequire } from 'node:module'
import { inspect } from 'node:util'
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

// The window between the native promise resolving and the caller's promise settling is a
// few microtask turns long. `fetch` rejects with the reason whenever the abort comes before
// its promise settles: every abort below that finds the caller's promise still pending must
// make it reject, wherever in that window it lands.
test('an abort right after the native call resolved still rejects with the reason', async () => {
  const require = createRequire(import.meta.url)
  const { NativeClient, NativeCallPager } = require('../native.js')
  server.seedAgent({ id: AGENT, name: 'Sales' })
  server.seedCall({ agentId: AGENT, to: PHONE })
  const operations = [
    [NativeClient.prototype, 'activeCall', (signal) => client.activeCall(AGENT, PHONE, { signal })],
    [NativeClient.prototype, 'makeCall', (signal) => client.makeCall(AGENT, PHONE, { signal, isTesting: true })],
    [NativeCallPager.prototype, 'nextPage', (signal) => client.listCalls({ signal }).nextPage()],
  ]
  let onNativeResolved = null
  const originals = operations.map(([proto, name]) => {
    const original = proto[name]
    proto[name] = function (...args) {
      return original.apply(this, args).then((value) => {
        onNativeResolved?.()
        return value
      })
    }
    return original
  })
  try {
    const wrong = []
    let pendingAtAbort = 0
    for (let i = 0; i < 200; i++) {
      const [, name, call] = operations[i % operations.length]
      // The abort lands 0 to 4 microtask turns after the native promise resolved.
      const hops = Math.floor(i / operations.length) % 5
      const controller = new AbortController()
      const reason = new Error(`aborted ${i}`)
      let promise = null
      let pending = false
      onNativeResolved = () => {
        onNativeResolved = null
        let turn = Promise.resolve()
        for (let h = 0; h < hops; h++) turn = turn.then(() => undefined)
        turn.then(() => {
          // Read synchronously, in the same turn as the abort.
          pending = inspect(promise).includes('<pending>')
          controller.abort(reason)
        })
      }
      promise = call(controller.signal)
      const { error } = await settle(promise)
      if (pending) pendingAtAbort++
      if (pending && error !== reason) wrong.push(`${name} #${i} (${hops} turns): ${error ?? 'resolved'}`)
    }
    assert.deepEqual(wrong, [])
    // Most aborts land in the window (all of those 0 and 1 turns late, at least).
    assert.ok(pendingAtAbort >= 80, `only ${pendingAtAbort} aborts found the promise pending`)
  } finally {
    operations.forEach(([proto, name], i) => {
      proto[name] = originals[i]
    })
  }
})
