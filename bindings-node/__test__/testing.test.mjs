// `talkover/testing`: the simulator as users drive it from their own tests.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CallNotActiveError, InternalServerError } from 'talkover'
import { MockServer } from 'talkover/testing'
import { AGENT, PHONE, clientFor, settle } from './helpers.mjs'

test('start, url, token, stop', () => {
  const server = MockServer.start()
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
  assert.equal(server.token, 'talq_test_token')
  assert.equal(server.stopped, false)
  server.stop()
  server.stop()
  assert.equal(server.stopped, true)
  assert.throws(() => server.requests())
  const custom = MockServer.start({ token: 'talq_mine' })
  assert.equal(custom.token, 'talq_mine')
  custom.stop()
})

test('seeding (camelCase or snake_case), ending and the request log', async () => {
  const server = MockServer.start()
  try {
    const seeded = server.seedCall({ agentId: AGENT, to: PHONE, status: 'ringing', durationSeconds: 3 })
    assert.equal(seeded.agent_id, AGENT)
    assert.equal(seeded.duration_seconds, 3)
    server.seedCall({ agent_id: 'agent-2', to: PHONE, id: 'CA2' })
    assert.equal(server.calls().length, 2)

    const client = clientFor(server)
    const [call] = await client.activeCall(AGENT, PHONE)
    assert.equal(call.id, seeded.id)
    await client.endCall(AGENT, call.id)
    const { error } = await settle(client.endCall(AGENT, call.id))
    assert.ok(error instanceof CallNotActiveError)

    const log = server.requests()
    assert.equal(log.length, 3)
    assert.deepEqual(Object.keys(log[0]).sort(), [
      'authorized', 'body', 'method', 'outcome', 'path', 'query', 'requestId', 'retryCount', 'status', 'userAgent',
    ])
    assert.equal(log[0].method, 'GET')
    assert.equal(log[0].path, '/api/v1/agents/agent-1/active-call/%2B5511987654321')
    assert.equal(log[1].body, JSON.stringify({ call_sid: call.id }))
    assert.match(log[0].userAgent, /^talkover-node\/\d+\.\d+\.\d+ /)
    assert.equal(log[2].status, 409)
    assert.equal(error.requestId, log[2].requestId)
    server.clearRequests()
    assert.equal(server.requests().length, 0)
    server.reset()
    assert.equal(server.calls().length, 0)
    assert.ok(server.connectionsTotal() >= 1)
  } finally {
    server.stop()
  }
})

test('faults with camelCase keys, and bad faults are refused', async () => {
  const server = MockServer.start()
  try {
    server.addFault({ status: 503, delayMs: 10, times: 2, body: { success: false, message: 'down' } })
    const client = clientFor(server, { maxRetries: 1 })
    const { error } = await settle(client.activeCall(AGENT, PHONE))
    assert.ok(error instanceof InternalServerError)
    assert.equal(server.requests().length, 2)
    assert.deepEqual(server.requests().map((r) => r.retryCount), [0, 1])
    assert.throws(() => server.addFault({ kind: 'explode' }))
    assert.throws(() => server.addFault({ status: 99999 }))
    assert.throws(() => server.seedCall({ to: PHONE }))
  } finally {
    server.stop()
  }
})
