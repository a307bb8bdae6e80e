// Wrong argument types reject with InvalidRequestError; methods never throw synchronously and
// nothing reaches the network. Client settings and environment fallbacks.
import { after, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidRequestError, Talkover } from 'talkover'
import { AGENT, PHONE, clientFor, settle, startServer } from './helpers.mjs'

let server
let client
before(() => {
  server = startServer()
  client = clientFor(server)
})
beforeEach(() => server.reset())
after(() => server.stop())

const WRONG = [undefined, null, 42, 0, NaN, true, {}, [], ['agent'], () => 'x', Symbol('s'), 10n, new String('agent')]

function describeValue(v) {
  return typeof v === 'symbol' ? v.toString() : typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? String(v)
}

test('wrong types for ids and phone reject, never throw', async () => {
  for (const wrong of WRONG) {
    const calls = [
      () => client.activeCall(wrong, PHONE),
      () => client.activeCall(AGENT, wrong),
      () => client.endCall(wrong, 'call-1'),
      () => client.endCall(AGENT, wrong),
    ]
    for (const call of calls) {
      let promise
      assert.doesNotThrow(() => {
        promise = call()
      }, describeValue(wrong))
      assert.ok(promise instanceof Promise)
      const { error } = await settle(promise)
      assert.ok(error instanceof InvalidRequestError, `${describeValue(wrong)}: ${error}`)
    }
  }
  assert.equal(server.requests().length, 0)
})

test('wrong per-call options reject', async () => {
  const bad = [42, 'fast', true, { timeoutMs: 'soon' }, { timeoutMs: -1 }, { timeoutMs: 0 }, { timeoutMs: NaN }, { timeoutMs: Infinity }, { timeoutMs: {} }]
  for (const options of bad) {
    const { error } = await settle(client.activeCall(AGENT, PHONE, options))
    assert.ok(error instanceof InvalidRequestError, `${describeValue(options)}: ${error}`)
  }
  assert.equal(server.requests().length, 0)
})

test('an option activeCall and endCall do not take is refused, not ignored', async () => {
  for (const [key, call] of [
    ['retries', () => client.activeCall(AGENT, PHONE, { retries: 0 })],
    ['timeout', () => client.activeCall(AGENT, PHONE, { timeout: 5000 })],
    ['header', () => client.endCall(AGENT, 'call-1', { signal: null, header: {} })],
  ]) {
    const { error } = await settle(call())
    assert.ok(error instanceof InvalidRequestError, `${key}: ${error}`)
    assert.equal(error.param, key)
    assert.match(error.message, new RegExp(`${key}.*not an option`))
  }
  assert.equal(server.requests().length, 0)
})

test('missing and null options are fine', async () => {
  assert.deepEqual(await client.activeCall(AGENT, PHONE), [])
  assert.deepEqual(await client.activeCall(AGENT, PHONE, null), [])
  assert.deepEqual(await client.activeCall(AGENT, PHONE, {}), [])
  assert.deepEqual(await client.activeCall(AGENT, PHONE, { signal: null, timeoutMs: undefined }), [])
})

test('calling a method off another object rejects instead of crashing', async () => {
  const { error } = await settle(client.activeCall.call({}, AGENT, PHONE))
  assert.ok(error instanceof TypeError)
})

test('bad client settings throw InvalidRequestError from the constructor', () => {
  const bad = [
    { token: 42 },
    { token: '' },
    { token: 'talq_x y' },
    { token: 'talq_x', baseUrl: 'not a url' },
    { token: 'talq_x', baseUrl: 'ftp://example.com' },
    { token: 'talq_x', baseUrl: 7 },
    { token: 'talq_x', timeoutMs: 0 },
    { token: 'talq_x', timeoutMs: -5 },
    { token: 'talq_x', timeoutMs: '100' },
    { token: 'talq_x', maxRetries: -1 },
    { token: 'talq_x', maxRetries: 1.5 },
    { token: 'talq_x', maxRetries: '2' },
  ]
  for (const options of bad) {
    assert.throws(() => new Talkover(options), InvalidRequestError, JSON.stringify(options))
  }
  assert.throws(() => new Talkover('talq_x'), InvalidRequestError)
  assert.throws(() => new Talkover(null), InvalidRequestError)
})

test('settings are readable and defaults apply', () => {
  const c = new Talkover({ token: 'talq_x', baseUrl: 'http://127.0.0.1:9/api/v1/', timeoutMs: 1500, maxRetries: 4 })
  assert.equal(c.baseUrl, 'http://127.0.0.1:9/api/v1')
  assert.equal(c.timeoutMs, 1500)
  assert.equal(c.maxRetries, 4)
  const d = new Talkover({ token: 'talq_x', baseUrl: undefined })
  assert.equal(d.timeoutMs, 30000)
  assert.equal(d.maxRetries, 2)
})

test('token and base URL fall back to the environment', async () => {
  const saved = { token: process.env.TALKOVER_API_TOKEN, url: process.env.TALKOVER_BASE_URL }
  try {
    delete process.env.TALKOVER_API_TOKEN
    delete process.env.TALKOVER_BASE_URL
    assert.throws(() => new Talkover(), InvalidRequestError)
    process.env.TALKOVER_API_TOKEN = server.token
    assert.equal(new Talkover().baseUrl, 'https://app.talkover.ai/api/v1')
    process.env.TALKOVER_BASE_URL = server.url
    const fromEnv = new Talkover({ maxRetries: 0 })
    assert.equal(fromEnv.baseUrl, server.url)
    server.seedCall({ agentId: AGENT, to: PHONE })
    assert.equal((await fromEnv.activeCall(AGENT, PHONE)).length, 1)
    assert.equal(server.requests()[0].authorized, true)
  } finally {
    for (const [key, value] of [['TALKOVER_API_TOKEN', saved.token], ['TALKOVER_BASE_URL', saved.url]]) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
})

// `{ token: process.env.X }` and its kind: an option whose value is `undefined` is an option
// left out (the typings allow it under exactOptionalPropertyTypes, see types/consumer.ts).
test('options given as undefined are the same as options left out', async () => {
  server.seedAgent({ id: AGENT, name: 'Sales' })
  const unset = { signal: undefined, timeoutMs: undefined, maxRetries: undefined, headers: undefined }
  const explicit = new Talkover({
    token: server.token,
    baseUrl: server.url,
    timeoutMs: undefined,
    maxRetries: undefined,
    caCert: undefined,
    logger: undefined,
    connectTimeoutMs: undefined,
    proxy: undefined,
    appInfo: undefined,
    defaultHeaders: undefined,
    onAttempt: undefined,
  })
  assert.equal(explicit.maxRetries, new Talkover({ token: server.token, baseUrl: server.url }).maxRetries)
  await explicit.makeCall(AGENT, PHONE, { ...unset, payload: undefined, context: undefined, delaySeconds: undefined, isTesting: undefined })
  await explicit.makeCall(AGENT, '+5511900000000')
  const filters = { agentId: undefined, status: undefined, direction: undefined, dateFrom: undefined, dateTo: undefined, search: undefined, perPage: undefined }
  await explicit.listCalls({ ...unset, ...filters }).nextPage()
  await explicit.listCalls().nextPage()
  const [placedUnset, placed, listedUnset, listed] = server.requests()
  assert.equal(placedUnset.body, placed.body.replace('+5511900000000', PHONE))
  assert.equal(listedUnset.query, listed.query)
  assert.equal(listedUnset.path, listed.path)
})
