// Result shapes: plain objects with camelCase fields, Dates, nulls for absent values, unknown
// statuses kept as strings and unknown fields under `extra`.
import { after, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { AGENT, PHONE, clientFor, startServer } from './helpers.mjs'

let server
let client
before(() => {
  server = startServer()
  client = clientFor(server)
})
beforeEach(() => server.reset())
after(() => server.stop())

test('a call has exactly the documented fields', async () => {
  server.seedCall({
    agentId: AGENT,
    to: PHONE,
    id: 'call-1',
    status: 'answered',
    startedAt: '2024-01-15T11:00:00Z',
    durationSeconds: 42,
    extra: { region: 'sa-east-1' },
  })
  const [call] = await client.activeCall(AGENT, PHONE)
  assert.deepEqual(Object.keys(call), ['id', 'agentId', 'to', 'status', 'startedAt', 'durationSeconds', 'extra'])
  assert.ok(call.startedAt instanceof Date)
  assert.equal(call.startedAt.toISOString(), '2024-01-15T11:00:00.000Z')
  assert.equal(call.durationSeconds, 42)
  assert.deepEqual(call.extra, { region: 'sa-east-1' })
  assert.equal(Object.getPrototypeOf(call), Object.prototype)
  const json = JSON.parse(JSON.stringify(call))
  assert.equal(json.startedAt, '2024-01-15T11:00:00.000Z')
})

test('absent values are null and unknown statuses are kept', async () => {
  server.addFault({
    status: 200,
    body: { success: true, data: [{ id: 'c', agent_id: AGENT, to: PHONE, status: 'voicemail', started_at: null }] },
  })
  const [call] = await client.activeCall(AGENT, PHONE)
  assert.equal(call.status, 'voicemail')
  assert.equal(call.startedAt, null)
  assert.equal(call.durationSeconds, null)
  assert.deepEqual(call.extra, {})
})

test('an ended call has exactly the documented fields', async () => {
  server.seedCall({ agentId: AGENT, to: PHONE, id: 'call-1' })
  const ended = await client.endCall(AGENT, 'call-1')
  assert.deepEqual(Object.keys(ended), ['id', 'status', 'endedAt', 'endedReason', 'extra'])
  assert.equal(ended.status, 'completed')
  assert.equal(ended.endedReason, 'ended_by_api')
  assert.ok(ended.endedAt instanceof Date)
  assert.ok(Math.abs(ended.endedAt.getTime() - Date.now()) < 60_000)
})

test('many concurrent calls on one client all resolve', async () => {
  server.seedCall({ agentId: AGENT, to: PHONE })
  const results = await Promise.all(Array.from({ length: 500 }, () => client.activeCall(AGENT, PHONE)))
  assert.ok(results.every((calls) => calls.length === 1))
})
