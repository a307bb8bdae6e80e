// Per-call options (maxRetries, headers) on every operation, client settings (defaultHeaders,
// proxy, appInfo, onAttempt), derived clients (withOptions), and what results and errors tell
// of the response they came from: all observed on the simulator, as a user would notice them.
import { after, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import {
  APIConnectionError,
  AuthenticationError,
  InternalServerError,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  Talkover,
  TalkoverError,
} from 'talkover'
import { AGENT, PHONE, clientFor, refusedUrl, settle, startServer, waitFor } from './helpers.mjs'

const { version } = createRequire(import.meta.url)('../package.json')
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

let server
before(() => {
  server = startServer()
})
beforeEach(() => {
  server.reset()
  server.seedCampaign({ id: 'camp-1', name: 'Q1' })
})
after(() => server.stop())

/** Every operation, each called with `options` as its per-call options. */
function everyOperation(client, options) {
  return [
    ['activeCall', () => client.activeCall(AGENT, PHONE, options)],
    ['endCall', () => client.endCall(AGENT, 'call-1', options)],
    ['makeCall', () => client.makeCall(AGENT, PHONE, { ...options, isTesting: true })],
    ['makeCampaignCall', () => client.makeCampaignCall('camp-1', PHONE, options)],
    ['listCalls', () => client.listCalls(options).nextPage()],
  ]
}

test('per-call maxRetries: 0 makes exactly one attempt against a 503', async () => {
  const client = clientFor(server, { maxRetries: 2 })
  server.addFault({ status: 503, headers: { 'retry-after': '0' }, times: 3 })
  const { error } = await settle(client.activeCall(AGENT, PHONE, { maxRetries: 0 }))
  assert.ok(error instanceof InternalServerError, String(error))
  assert.equal(error.status, 503)
  assert.equal(server.requests().length, 1)

  // Without the option, the client's two retries apply again.
  server.reset()
  server.addFault({ status: 503, headers: { 'retry-after': '0' } })
  assert.deepEqual(await client.activeCall(AGENT, PHONE), [])
  assert.equal(server.requests().length, 2)
})

test('per-call headers reach the simulator on every operation', async () => {
  const client = clientFor(server)
  server.seedCall({ agentId: AGENT, to: PHONE, id: 'call-1' })
  for (const [name, call] of everyOperation(client, { headers: { traceparent: TRACEPARENT }, timeoutMs: 5000, maxRetries: 1 })) {
    server.clearRequests()
    const { error } = await settle(call())
    assert.equal(error, undefined, `${name}: ${error}`)
    const [request] = server.requests()
    assert.equal(request.headers?.traceparent, TRACEPARENT, name)
  }
})

test('a per-call header replaces a defaultHeaders entry of the same name, for that call only', async () => {
  const client = clientFor(server, { defaultHeaders: { 'x-tenant': 'acme', 'x-team': 'billing' } })
  await client.activeCall(AGENT, PHONE, { headers: { traceparent: TRACEPARENT, 'X-Team': 'support' } })
  await client.activeCall(AGENT, PHONE)
  const [first, second] = server.requests()
  assert.deepEqual(first.headers, { traceparent: TRACEPARENT, 'x-tenant': 'acme', 'x-team': 'support' })
  assert.deepEqual(second.headers, { 'x-tenant': 'acme', 'x-team': 'billing' })
})

test('reserved or malformed headers and wrong option types reject, and nothing is sent', async () => {
  const client = clientFor(server)
  const cases = [
    [{ headers: { Authorization: 'Bearer talq_stolen' } }, 'headers'],
    [{ headers: { 'user-agent': 'spoof/1' } }, 'headers'],
    [{ headers: { Host: 'elsewhere' } }, 'headers'],
    [{ headers: { 'bad name': 'x' } }, 'headers'],
    [{ headers: { 'x-note': 'two\r\nlines' } }, 'headers'],
    [{ headers: 'traceparent' }, 'headers'],
    [{ headers: [['traceparent', TRACEPARENT]] }, 'headers'],
    [{ headers: { 'x-count': 1 } }, 'headers'],
    [{ maxRetries: '1' }, 'maxRetries'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ maxRetries: 1.5 }, 'maxRetries'],
    [{ maxRetries: NaN }, 'maxRetries'],
  ]
  for (const [options, param] of cases) {
    for (const [name, call] of everyOperation(client, options)) {
      const { error } = await settle(call())
      assert.ok(error instanceof InvalidRequestError, `${name} ${JSON.stringify(options)}: ${error}`)
      assert.equal(error.param, param, `${name} ${JSON.stringify(options)}`)
      assert.ok(!error.message.includes('talq_stolen'), error.message)
    }
  }
  assert.equal(server.requests().length, 0)
})

test('client settings: unknown keys and bad values throw from the constructor', () => {
  const base = { token: 'talq_x', baseUrl: 'http://127.0.0.1:9/api/v1' }
  const cases = [
    [{ tokn: 'talq_x' }, 'tokn'],
    [{ headers: { 'x-tenant': 'acme' } }, 'headers'],
    [{ connectTimeoutMs: 0 }, 'connectTimeoutMs'],
    [{ connectTimeoutMs: '100' }, 'connectTimeoutMs'],
    [{ proxy: 'socks5://proxy:1080' }, 'proxy'],
    [{ proxy: 3128 }, 'proxy'],
    [{ appInfo: 'caf\u00e9/1' }, 'appInfo'],
    [{ appInfo: ['my-app/1'] }, 'appInfo'],
    [{ defaultHeaders: { Authorization: 'Bearer talq_other' } }, 'defaultHeaders'],
    [{ defaultHeaders: { 'x-tenant': 7 } }, 'defaultHeaders'],
    [{ onAttempt: 'console.log' }, 'onAttempt'],
  ]
  for (const [options, param] of cases) {
    assert.throws(
      () => new Talkover({ ...base, ...options }),
      (err) => err instanceof InvalidRequestError && err.param === param,
      JSON.stringify(options),
    )
  }
  const fine = new Talkover({ ...base, connectTimeoutMs: 2000, proxy: 'http://user:s3cret@proxy.internal:3128', defaultHeaders: {} })
  assert.ok(!JSON.stringify(fine).includes('s3cret'))
})

test('withOptions changes timeout, retries, headers and token, and shares the pool', async () => {
  const own = startServer()
  try {
    const seen = []
    const client = new Talkover({ token: own.token, baseUrl: own.url, onAttempt: (a) => seen.push(a) })
    await client.activeCall(AGENT, PHONE)
    const derived = client.withOptions({ timeoutMs: 3000, maxRetries: 0, defaultHeaders: { 'x-tenant': 'acme' } })
    assert.ok(derived instanceof Talkover)
    assert.deepEqual([derived.timeoutMs, derived.maxRetries, client.timeoutMs, client.maxRetries], [3000, 0, 30000, 2])
    assert.equal(derived.baseUrl, client.baseUrl)

    own.addFault({ status: 503, headers: { 'retry-after': '0' }, times: 3 })
    const { error } = await settle(derived.activeCall(AGENT, PHONE))
    assert.ok(error instanceof InternalServerError, String(error))
    let log = own.requests()
    assert.equal(log.length, 2, 'the derived client did not retry')
    assert.equal(log[1].headers?.['x-tenant'], 'acme')
    assert.equal(log[0].headers, undefined, 'the parent sends no x-tenant')

    // Another token goes with the derived client's requests only.
    own.reset()
    const other = client.withOptions({ token: 'talq_another_environment' })
    const refused = await settle(other.activeCall(AGENT, PHONE))
    assert.ok(refused.error instanceof AuthenticationError, String(refused.error))
    assert.deepEqual(await client.activeCall(AGENT, PHONE), [])
    log = own.requests()
    assert.deepEqual(log.map((r) => r.authorized), [false, true])
    assert.equal(own.connectionsTotal(), 1, 'every client used the one pooled connection')

    // The parent's onAttempt sees the derived clients' attempts too (no active call is a 404).
    assert.ok(await waitFor(() => seen.length === 4), `saw ${seen.length} attempts`)
    assert.deepEqual(seen.map((a) => a.status), [404, 503, 401, 404])
  } finally {
    own.stop()
  }
})

test('withOptions refuses unknown keys and bad values', () => {
  const client = new Talkover({ token: 'talq_x', baseUrl: 'http://127.0.0.1:9/api/v1' })
  const cases = [
    [{ baseUrl: 'http://elsewhere/api/v1' }, 'baseUrl'],
    [{ token: 'talq bad' }, 'token'],
    [{ token: 42 }, 'token'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ defaultHeaders: { host: 'elsewhere' } }, 'defaultHeaders'],
  ]
  for (const [overrides, param] of cases) {
    assert.throws(
      () => client.withOptions(overrides),
      (err) => err instanceof InvalidRequestError && err.param === param,
      JSON.stringify(overrides),
    )
  }
  assert.throws(() => client.withOptions(null), InvalidRequestError)
})

test('a proxy carries every request, even to a host that does not resolve', async () => {
  const client = new Talkover({
    token: server.token,
    baseUrl: 'http://api.talkover.invalid/api/v1',
    proxy: server.url.replace(/\/api\/v1$/, ''),
    maxRetries: 0,
  })
  server.seedCall({ agentId: AGENT, to: PHONE, id: 'call-1' })
  const [call] = await client.activeCall(AGENT, PHONE)
  assert.equal(call.id, 'call-1')
  assert.equal(server.requests().length, 1)
})

test('appInfo ends the User-Agent, after the package, the runtime and the platform', async () => {
  const client = clientFor(server, { appInfo: 'billing-worker/1.4' })
  await client.activeCall(AGENT, PHONE)
  const sent = server.requests()[0].userAgent
  assert.equal(sent, client.userAgent)
  const os = { darwin: 'macos', win32: 'windows' }[process.platform] ?? process.platform
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch] ?? process.arch
  assert.equal(sent, `talkover-node/${version} (Node.js ${process.versions.node}; ${os} ${arch}) billing-worker/1.4`)
  assert.ok(!clientFor(server).userAgent.includes('billing-worker'))
})

test('results carry _requestId and _rateLimit, invisible to JSON, spreading and equality', async () => {
  const client = clientFor(server)
  server.seedCall({ agentId: AGENT, to: PHONE, id: 'call-1' })
  const [call] = await client.activeCall(AGENT, PHONE)
  const ended = await client.endCall(AGENT, 'call-1')
  const placed = await client.makeCall(AGENT, PHONE, { isTesting: true })
  const queued = await client.makeCampaignCall('camp-1', PHONE)
  const page = await client.listCalls().nextPage()
  const results = { call, ended, placed, queued, page }
  const log = server.requests()
  let remaining = Infinity
  for (const [index, [name, result]] of Object.entries(results).entries()) {
    assert.equal(result._requestId, log[index].requestId, name)
    const rate = result._rateLimit
    assert.equal(rate.limit, 1000, name)
    assert.ok(rate.remaining < remaining, `${name}: the window counts down`)
    remaining = rate.remaining
    assert.ok(rate.resetAt instanceof Date, name)
    assert.ok(Math.abs(rate.resetAt.getTime() - Date.now()) <= 61_000, name)
    assert.ok(Object.isFrozen(rate), name)

    const json = JSON.stringify(result)
    assert.ok(!json.includes('_requestId') && !json.includes('_rateLimit') && !json.includes('req_'), `${name}: ${json}`)
    assert.ok(!('_requestId' in { ...result }), name)
    assert.deepEqual(result, { ...result }, name)
    assert.throws(() => {
      result._requestId = 'forged'
    }, TypeError)
  }
  assert.deepEqual(Object.keys(call), ['id', 'agentId', 'to', 'status', 'startedAt', 'durationSeconds', 'extra'])
})

test('a 429 and a 404 expose the response headers and the rate limit', async () => {
  const client = clientFor(server)
  server.addFault({ status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-custom': 'kept' } })
  const { error: limited } = await settle(client.activeCall(AGENT, PHONE))
  assert.ok(limited instanceof RateLimitError, String(limited))
  assert.equal(limited.headers['x-request-id'], limited.requestId)
  assert.equal(limited.headers['x-request-id'], server.requests()[0].requestId)
  assert.equal(limited.headers['x-custom'], 'kept')
  assert.ok(Object.keys(limited.headers).every((name) => name === name.toLowerCase()))
  assert.deepEqual({ ...limited.rateLimit, resetAt: null }, { limit: 1000, remaining: 0, resetAt: null })
  assert.ok(limited.rateLimit.resetAt instanceof Date)

  const { error: missing } = await settle(client.endCall(AGENT, 'no-such-call'))
  assert.ok(missing instanceof NotFoundError, String(missing))
  assert.equal(missing.headers['x-request-id'], missing.requestId)
  assert.equal(missing.rateLimit.limit, 1000)
})

test('errors without a response have no headers and no rate limit', async () => {
  const offline = new Talkover({ token: 'talq_x', baseUrl: refusedUrl(), maxRetries: 0 })
  const { error: refused } = await settle(offline.activeCall(AGENT, PHONE))
  assert.ok(refused instanceof APIConnectionError, String(refused))
  const { error: invalid } = await settle(offline.activeCall(AGENT, 'not a phone'))
  assert.ok(invalid instanceof InvalidRequestError, String(invalid))
  for (const err of [refused, invalid, new TalkoverError('by hand'), new RateLimitError('by hand')]) {
    assert.deepEqual(err.headers, {})
    assert.equal(err.rateLimit, null)
    assert.ok(!Object.keys(err).includes('headers'))
  }
})

test('onAttempt sees every attempt, the phone masked and no token', async () => {
  const seen = []
  const client = clientFor(server, { maxRetries: 1, onAttempt: (attempt) => seen.push(attempt) })
  server.seedCall({ agentId: AGENT, to: PHONE, id: 'call-1' })
  server.addFault({ status: 503, headers: { 'retry-after': '0' } })
  const before = Date.now()
  assert.equal((await client.activeCall(AGENT, PHONE)).length, 1)
  assert.ok(await waitFor(() => seen.length === 2), `saw ${seen.length} attempts`)
  const [first, second] = seen
  const log = server.requests()
  assert.deepEqual(
    { ...first, startedAt: null, durationMs: null },
    {
      method: 'GET',
      path: '/agents/agent-1/active-call/+*********4321',
      retry: 0,
      startedAt: null,
      durationMs: null,
      status: 503,
      requestId: log[0].requestId,
      error: 'InternalServerError',
      willRetry: true,
    },
  )
  assert.deepEqual(
    [second.retry, second.status, second.requestId, second.error, second.willRetry],
    [1, 200, log[1].requestId, null, false],
  )
  for (const attempt of seen) {
    assert.ok(attempt.startedAt instanceof Date)
    assert.ok(attempt.startedAt.getTime() >= before - 1000 && attempt.startedAt.getTime() <= Date.now())
    assert.ok(typeof attempt.durationMs === 'number' && attempt.durationMs >= 0)
  }
  assert.ok(second.startedAt.getTime() >= first.startedAt.getTime())
  const shown = JSON.stringify(seen)
  assert.ok(!shown.includes(server.token) && !shown.includes('987654321'), shown)
})

test('a throwing onAttempt does not fail the call', async () => {
  let calls = 0
  const client = clientFor(server, {
    onAttempt: () => {
      calls += 1
      throw new Error('a broken hook')
    },
  })
  server.seedCall({ agentId: AGENT, to: PHONE })
  for (let i = 0; i < 3; i++) assert.equal((await client.activeCall(AGENT, PHONE)).length, 1)
  assert.ok(await waitFor(() => calls === 3), `the hook ran ${calls} times`)
  // Give any escaped exception a turn to surface (the runner fails the file if one does).
  await new Promise((resolve) => setTimeout(resolve, 20))
})
