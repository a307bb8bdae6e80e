// Faults the shared conformance cases (tests/cases) cannot express as data, or whose time
// and memory budgets they do not check: a refused port, a 20 MiB body, a server that accepts
// and never answers. Each ends in its documented error class, within its budget.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { APIConnectionError, APIResponseError, APITimeoutError, Talkover } from 'talkover'
import { MockServer } from 'talkover/testing'
import { AGENT, PHONE, clientFor, refusedUrl, settle, waitFor } from './helpers.mjs'

let server
before(() => {
  server = MockServer.start()
  server.seedCall({ agentId: AGENT, to: PHONE })
})
after(() => server.stop())

async function timed(promise) {
  const start = performance.now()
  const outcome = await settle(promise)
  return { ...outcome, ms: performance.now() - start }
}

test('a refused port is an APIConnectionError, at once and after retries', async () => {
  const baseUrl = refusedUrl()
  const once = new Talkover({ token: 'talq_x', baseUrl, maxRetries: 0 })
  const first = await timed(once.activeCall(AGENT, PHONE))
  assert.ok(first.error instanceof APIConnectionError, `${first.error?.name}: ${first.error?.message}`)
  assert.ok(!(first.error instanceof APITimeoutError))
  assert.equal(first.error.status, undefined)
  assert.ok(first.ms < 1000, `took ${first.ms} ms`)

  // One retry: the backoff (at most 500 ms) and two refusals.
  const retried = new Talkover({ token: 'talq_x', baseUrl, maxRetries: 1 })
  const second = await timed(retried.endCall(AGENT, 'call-1'))
  assert.ok(second.error instanceof APIConnectionError, second.error?.name)
  assert.ok(second.ms >= 350 && second.ms < 2000, `took ${second.ms} ms`)
})

test('a 20 MiB body is refused as an APIResponseError without being read', async () => {
  const size = 20 * 1024 * 1024
  const client = clientFor(server)
  for (const status of [200, 500]) {
    server.addFault({ status, bodyBytes: size, headers: { 'content-type': 'application/json' } })
    // Peak RSS (KiB) only grows: a buffered body would raise it by 20 MiB.
    const peakBefore = process.resourceUsage().maxRSS
    const { error, ms } = await timed(client.activeCall(AGENT, PHONE))
    const peakGrewMiB = (process.resourceUsage().maxRSS - peakBefore) / 1024
    assert.ok(error instanceof APIResponseError, `${status}: ${error?.name}: ${error?.message}`)
    assert.equal(error.status, status)
    assert.ok(ms < 2000, `${status}: took ${ms} ms`)
    assert.ok(peakGrewMiB < 8, `${status}: peak RSS grew ${peakGrewMiB.toFixed(1)} MiB`)
    // The client hung up instead of draining the body to reuse the connection.
    assert.ok(await waitFor(() => server.connectionsOpen() === 0), 'the connection stayed open')
  }
})

test('a server that accepts and never answers times out within the budget', async () => {
  const timeoutMs = 400
  const client = clientFor(server, { timeoutMs })
  server.addFault({ kind: 'hang' })
  const once = await timed(client.activeCall(AGENT, PHONE))
  assert.ok(once.error instanceof APITimeoutError, once.error?.name)
  assert.ok(once.ms >= timeoutMs - 20 && once.ms < timeoutMs + 600, `took ${once.ms} ms`)

  // Two hung attempts and the backoff between them (at most 500 ms).
  const retrying = clientFor(server, { timeoutMs, maxRetries: 1 })
  server.addFault({ kind: 'hang', times: 2 })
  const twice = await timed(retrying.endCall(AGENT, 'call-1'))
  assert.ok(twice.error instanceof APITimeoutError, twice.error?.name)
  const budget = 2 * timeoutMs + 500
  assert.ok(twice.ms >= 2 * timeoutMs && twice.ms < budget + 600, `took ${twice.ms} ms, budget ${budget}`)
  // The client hung up on each: the simulator sees every hung request cancelled.
  const settledOnServer = () => server.requests().every((r) => r.outcome !== 'pending')
  assert.ok(await waitFor(settledOnServer), 'a hung request is still open on the server')
})
