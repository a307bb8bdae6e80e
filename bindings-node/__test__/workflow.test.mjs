// makeCall and makeCampaignCall through the public API: what goes on the wire, the option
// checks (unknown keys and wrong types reject, never throw), the duplicate's `existingCall`,
// `mayHaveSucceeded` proven against the simulator's state, and the simulator's workflow
// controls of `talkover/testing`.
import { after, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  APIConnectionError,
  DuplicateCallError,
  InvalidRequestError,
  PaymentRequiredError,
  TalkoverError,
} from 'talkover'
import { AGENT, PHONE, clientFor, settle, startServer } from './helpers.mjs'

let server
let client
before(() => {
  server = startServer()
  client = clientFor(server)
})
beforeEach(() => {
  server.reset()
  server.seedAgent({ id: AGENT, name: 'Sales' })
  server.seedCampaign({ id: 'camp-1', name: 'Q1' })
})
after(() => server.stop())

const lastBody = () => JSON.parse(server.requests().at(-1).body)

test('makeCall sends payload, context, delay and the test flag, and resolves with the call', async () => {
  const at = new Date('2024-01-05T12:00:00Z')
  const placed = await client.makeCall(AGENT, '+55 (11) 98765-4321', {
    payload: { customer_name: 'Ana & Bo', due: at, skipped: undefined },
    context: { order: { id: 'A-1' } },
    delaySeconds: 30,
    isTesting: true,
    timeoutMs: 5000,
  })
  assert.deepEqual(Object.keys(placed), ['id', 'agentId', 'to', 'status', 'createdAt', 'extra'])
  assert.equal(placed.status, 'initiated')
  assert.equal(placed.to, PHONE)
  assert.ok(placed.createdAt instanceof Date)
  assert.deepEqual(lastBody(), {
    to: PHONE,
    payload: { customer_name: 'Ana & Bo', due: '2024-01-05T12:00:00.000Z' },
    context: { order: { id: 'A-1' } },
    delay_seconds: 30,
    is_testing: true,
  })
  const [found] = await client.activeCall(AGENT, PHONE)
  assert.equal(found.id, placed.id)
})

test('makeCampaignCall resolves with the call and its campaign', async () => {
  const queued = await client.makeCampaignCall('camp-1', PHONE, { context: { lead: 7 }, isTesting: false })
  assert.equal(queued.status, 'queued')
  assert.equal(queued.campaignId, 'camp-1')
  assert.deepEqual(queued.campaign, { id: 'camp-1', name: 'Q1', status: 'active', extra: {} })
  assert.deepEqual(lastBody(), { to: PHONE, context: { lead: 7 } })
  assert.equal(server.campaignCalls().length, 1)
})

test('a duplicate campaign call carries the existing call, typed like a result', async () => {
  const first = await client.makeCampaignCall('camp-1', PHONE)
  const { error } = await settle(client.makeCampaignCall('camp-1', PHONE))
  assert.ok(error instanceof DuplicateCallError)
  assert.equal(error.status, 409)
  const existing = error.existingCall
  assert.deepEqual(Object.keys(existing), ['id', 'campaignId', 'to', 'status', 'scheduledAt', 'createdAt', 'campaign', 'extra'])
  assert.equal(existing.id, first.id)
  assert.equal(existing.status, 'queued')
  assert.ok(existing.createdAt instanceof Date)
  assert.equal(existing.campaign, null)
  const again = await client.makeCampaignCall('camp-1', PHONE, { allowDuplicates: true })
  assert.notEqual(again.id, first.id)
  assert.equal(lastBody().allow_duplicates, true)
})

test('an answer lost after the call was placed: mayHaveSucceeded, and exactly one call', async () => {
  const retrying = clientFor(server, { maxRetries: 3 })
  server.addFault({ kind: 'drop', path: '/call', apply: true })
  const { error } = await settle(retrying.makeCall(AGENT, PHONE))
  assert.ok(error instanceof APIConnectionError, String(error))
  assert.equal(error.mayHaveSucceeded, true)
  assert.match(error.message, /may have been placed/)
  assert.equal(server.requests().length, 1, 'not retried')
  assert.equal(server.calls().length, 1, 'exactly one call was placed')
  assert.equal((await retrying.activeCall(AGENT, PHONE)).length, 1, 'and the lookup finds it')
})

test('no credits: PaymentRequiredError, and a test call still goes through', async () => {
  server.setCredits(0)
  const { error } = await settle(client.makeCall(AGENT, PHONE))
  assert.ok(error instanceof PaymentRequiredError)
  assert.equal(error.mayHaveSucceeded, false)
  assert.equal((await client.makeCall(AGENT, PHONE, { isTesting: true })).status, 'initiated')
})

test('unknown option keys reject, naming the key', async () => {
  const calls = [
    [() => client.makeCall(AGENT, PHONE, { delaySecond: 3 }), 'delaySecond'],
    [() => client.makeCall(AGENT, PHONE, { delay_seconds: 3 }), 'delay_seconds'],
    [() => client.makeCall(AGENT, PHONE, { allowDuplicates: true }), 'allowDuplicates'],
    [() => client.makeCampaignCall('camp-1', PHONE, { delaySeconds: 3 }), 'delaySeconds'],
    [() => client.makeCampaignCall('camp-1', PHONE, { timeout: 5 }), 'timeout'],
  ]
  for (const [call, param] of calls) {
    const { error } = await settle(call())
    assert.ok(error instanceof InvalidRequestError, `${param}: ${error}`)
    assert.equal(error.param, param)
  }
  assert.equal(server.requests().length, 0)
})

test('wrong types reject with the option named, never throw, before any request', async () => {
  const bad = [
    [{ payload: 'name=Ana' }, 'payload'],
    [{ payload: ['Ana'] }, 'payload'],
    [{ payload: new Map() }, 'payload'],
    [{ payload: { big: 10n } }, 'payload'],
    [{ context: 42 }, 'context'],
    [{ delaySeconds: '30' }, 'delaySeconds'],
    [{ delaySeconds: -1 }, 'delaySeconds'],
    [{ delaySeconds: 1.5 }, 'delaySeconds'],
    [{ isTesting: 'yes' }, 'isTesting'],
    [{ timeoutMs: '5s' }, 'timeoutMs'],
    [{ signal: {} }, 'signal'],
  ]
  for (const [options, param] of bad) {
    let promise
    assert.doesNotThrow(() => {
      promise = client.makeCall(AGENT, PHONE, options)
    })
    const { error } = await settle(promise)
    assert.ok(error instanceof InvalidRequestError, `${param}: ${error}`)
    assert.equal(error.param, param)
  }
  const cyclic = {}
  cyclic.self = cyclic
  for (const [call, param] of [
    [() => client.makeCall(AGENT, PHONE, { context: cyclic }), 'context'],
    [() => client.makeCall(AGENT, 5551234), 'to'],
    [() => client.makeCall(undefined, PHONE), 'agentId'],
    [() => client.makeCall(AGENT, PHONE, 'fast'), 'options'],
    [() => client.makeCampaignCall(7, PHONE), 'campaignId'],
    [() => client.makeCampaignCall('camp-1', PHONE, { allowDuplicates: 1 }), 'allowDuplicates'],
  ]) {
    const { error } = await settle(call())
    assert.ok(error instanceof InvalidRequestError, `${param}: ${error}`)
    assert.equal(error.param, param)
  }
  assert.equal(server.requests().length, 0)
})

test('null options and null option values mean absent', async () => {
  await client.makeCall(AGENT, PHONE, null)
  await client.makeCall(AGENT, PHONE, { payload: null, context: null, delaySeconds: null, isTesting: null, signal: null })
  assert.deepEqual(lastBody(), { to: PHONE })
})

test('an AbortSignal aborts a makeCall in flight', async () => {
  server.addFault({ kind: 'hang', path: '/call' })
  const controller = new AbortController()
  const pending = settle(client.makeCall(AGENT, PHONE, { signal: controller.signal }))
  while (server.requests().length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
  controller.abort()
  assert.equal((await pending).error, controller.signal.reason)
})

test('MockServer: agents, campaigns, credits and config', () => {
  assert.deepEqual(server.agents(), [
    { id: AGENT, name: 'Sales', label: null, published: true, phone_number: '+15550100000' },
  ])
  const agent = server.seedAgent({ id: 'agent-2', label: 'Tier 1', published: false, phoneNumber: '+15550199999' })
  assert.equal(agent.phone_number, '+15550199999')
  assert.equal(server.seedCampaign({ id: 'camp-2', status: 'paused', agentId: AGENT, scheduled: true }).agent_id, AGENT)
  assert.deepEqual(server.campaigns().map((c) => [c.id, c.status]), [['camp-1', 'active'], ['camp-2', 'paused']])
  assert.deepEqual(server.campaignCalls(), [])

  assert.equal(server.credits, null)
  server.setCredits(3)
  assert.equal(server.credits, 3)
  assert.equal(server.config().credits, 3)
  server.setCredits(null)
  assert.equal(server.credits, null)
  assert.throws(() => server.setCredits(-1))

  server.updateConfig({ ringAfterMs: 10, answer_after_ms: 20, pagingFault: 'total_lies', rateLimitPerMinute: 60 })
  assert.deepEqual(server.config(), {
    credits: null, rateLimitPerMinute: 60, ringAfterMs: 10, answerAfterMs: 20, duplicateCode: false, pagingFault: 'total_lies',
  })
  assert.throws(() => server.updateConfig({ pagingFault: 'sideways' }))
  assert.throws(() => server.updateConfig({ nope: 1 }))
  assert.equal(server.config().ringAfterMs, 10, 'a refused update changes nothing')
  assert.throws(() => server.seedAgent({ id: 'x', nickname: 'y' }))
  server.reset()
  assert.deepEqual([server.agents(), server.campaigns(), server.config().ringAfterMs], [[], [], 500])
})

test('MockServer: seedCall takes the listing fields', async () => {
  server.seedCall({
    agentId: AGENT, to: PHONE, createdAt: '2024-01-05T12:00:00Z', direction: 'inbound', from: '+15550100001', sid: 'CA1', isTesting: true,
  })
  // The stored call holds the listing fields (the seed's answer is the active-call view).
  const [seeded] = server.calls()
  assert.deepEqual([seeded.created_at, seeded.direction, seeded.from, seeded.sid, seeded.is_testing], [
    '2024-01-05T12:00:00Z', 'inbound', '+15550100001', 'CA1', true,
  ])
  const [record] = (await client.listCalls().nextPage()).items
  assert.deepEqual([record.direction, record.from, record.sid, record.isTesting], ['inbound', '+15550100001', 'CA1', true])
  assert.equal(record.createdAt.toISOString(), '2024-01-05T12:00:00.000Z')
  assert.deepEqual(record.agent, { id: AGENT, name: 'Sales', label: null, extra: {} })
})

test('every failure is a TalkoverError with mayHaveSucceeded false unless said', async () => {
  const { error } = await settle(client.makeCall('agent-404', PHONE))
  assert.ok(error instanceof TalkoverError)
  assert.equal(error.status, 404)
  assert.equal(error.mayHaveSucceeded, false)
})
