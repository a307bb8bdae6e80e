// The shared conformance cases (tests/cases/*.json and tests/cases/workflow/*.json) run through
// the public Node API; tests/README.md describes the format. Each case gets a freshly reset
// simulator from a small pool, so slow cases (retry backoff, timeouts) run side by side and
// the whole file stays fast. Case keys are the wire's snake_case; the Node API's names are
// their camelCase, compared generically (`delay_seconds` is the option `delaySeconds`,
// `created_at` the property `createdAt`).
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import * as talkover from 'talkover'
import { MockServer } from 'talkover/testing'

const CASES = new URL('../../tests/cases/', import.meta.url)
const POOL_SIZE = 8

function load(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => JSON.parse(readFileSync(new URL(file, dir), 'utf8')))
}
const cases = [...load(CASES), ...load(new URL('workflow/', CASES))]

const idle = Array.from({ length: POOL_SIZE }, () => MockServer.start())
const all = [...idle]
const waiting = []

async function withServer(fn) {
  const server = idle.pop() ?? (await new Promise((resolve) => waiting.push(resolve)))
  try {
    server.reset()
    return await fn(server)
  } finally {
    const next = waiting.shift()
    if (next) next(server)
    else idle.push(server)
  }
}

after(() => all.forEach((server) => server.stop()))

/** `delay_seconds` -> `delaySeconds`: how the Node API names every wire word. */
const camel = (snake) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

/**
 * The name an `InvalidRequestError` gives a core argument: its camelCase, and `timeoutMs`
 * for the core's `timeout` (Node takes milliseconds), as `js_name` in src/errors.rs does.
 */
const jsParam = (name) => (name === 'timeout' ? 'timeoutMs' : camel(name))

function compareObject(actual, expected, where) {
  assert.ok(typeof actual === 'object' && actual !== null, `${where}: expected an object, got ${actual}`)
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[camel(key)]
    const at = `${where}.${camel(key)}`
    if (want !== null && typeof want === 'object' && !Array.isArray(want) && key !== 'extra') {
      compareObject(got, want, at)
    } else if (key.endsWith('_at')) {
      if (want === null) assert.equal(got ?? null, null, at)
      else {
        assert.ok(got instanceof Date, `${at}: expected a Date, got ${got}`)
        if (want !== '<any>') assert.equal(got.getTime(), Date.parse(want), at)
      }
    } else if (want === '<any>') {
      assert.ok(got !== undefined && got !== null, `${at}: expected a value`)
    } else {
      assert.deepStrictEqual(got ?? null, want, at)
    }
  }
}

/**
 * A status error's `message` in Node is the core's description of it, `HTTP <status>[
 * <code>]: <the server's message>[ (request id <id>)]`; the server's message sits in it
 * exactly.
 */
function statusText(error, serverMessage) {
  const code = error.code ? ` ${error.code}` : ''
  const id = error.requestId ? ` (request id ${error.requestId})` : ''
  return `HTTP ${error.status}${code}: ${serverMessage}${id}`
}

/** A rate-limit state as the cases write it: `{limit, remaining}`, or `null` for none. */
const rateLimitOf = (rate) => (rate === null || rate === undefined ? null : { limit: rate.limit, remaining: rate.remaining })

/**
 * `expect.meta`: what a result (for a list, its first item) knows of its response, from its
 * non-enumerable `_requestId` and `_rateLimit`.
 */
function compareMeta(value, expected) {
  const result = Array.isArray(value) ? value[0] : value
  assert.ok(result, 'meta: no result to read it from')
  if (expected.request_id === true) {
    assert.ok(typeof result._requestId === 'string' && result._requestId.length > 0, `_requestId: ${result._requestId}`)
  }
  if ('rate_limit' in expected) assert.deepStrictEqual(rateLimitOf(result._rateLimit), expected.rate_limit, '_rateLimit')
}

function compareError(error, expected) {
  const cls = talkover[expected.class]
  assert.ok(cls, `no exported class ${expected.class}`)
  assert.ok(error instanceof Error, `not an Error: ${error}`)
  assert.ok(error instanceof talkover.TalkoverError, `not a TalkoverError: ${error}`)
  assert.equal(Object.getPrototypeOf(error), cls.prototype, `class ${error.name}, want ${expected.class}: ${error.message}`)
  assert.equal(error.name, expected.class)
  assert.equal(error.status ?? null, expected.status ?? null, 'status')
  assert.equal(error.code ?? null, expected.code ?? null, 'code')
  if ('retry_after' in expected) assert.equal(error.retryAfter, expected.retry_after, 'retryAfter')
  if ('retry_after_at_least' in expected) {
    assert.ok(error.retryAfter >= expected.retry_after_at_least, `retryAfter ${error.retryAfter}`)
  }
  if (expected.request_id) assert.ok(typeof error.requestId === 'string' && error.requestId.length > 0, 'requestId')
  if ('may_have_succeeded' in expected) assert.equal(error.mayHaveSucceeded, expected.may_have_succeeded, 'mayHaveSucceeded')
  if ('message' in expected) assert.equal(error.message, statusText(error, expected.message), 'message')
  if ('param' in expected) assert.equal(error.param, jsParam(expected.param), 'param')
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    assert.equal(error.headers[name], value, `headers[${name}]`)
  }
  if ('rate_limit' in expected) assert.deepStrictEqual(rateLimitOf(error.rateLimit), expected.rate_limit, 'rateLimit')
  if ('field_errors' in expected) assert.deepStrictEqual(error.fieldErrors ?? {}, expected.field_errors, 'fieldErrors')
  if ('existing_call' in expected) compareObject(error.existingCall ?? null, expected.existing_call, 'existingCall')
}

/** The case's keys other than `positional`, as the operation's options object. */
function optionsOf(call, positional) {
  const entries = Object.entries(call).filter(([key]) => key !== 'op' && !positional.includes(key))
  return entries.length === 0 ? undefined : Object.fromEntries(entries.map(([key, value]) => [camel(key), value]))
}

/** Runs one call of a case: `{ value }` (a listing as `{ items, pages }`) or `{ error }`. */
async function run(client, call) {
  try {
    switch (call.op) {
      case 'active_call':
        return { value: await client.activeCall(call.agent_id, call.phone, optionsOf(call, ['agent_id', 'phone'])) }
      case 'end_call':
        return { value: await client.endCall(call.agent_id, call.call_sid, optionsOf(call, ['agent_id', 'call_sid'])) }
      case 'make_call':
        return { value: await client.makeCall(call.agent_id, call.to, optionsOf(call, ['agent_id', 'to'])) }
      case 'make_campaign_call':
        return { value: await client.makeCampaignCall(call.campaign_id, call.to, optionsOf(call, ['campaign_id', 'to'])) }
      case 'list_calls': {
        // Read page by page, as tests/README.md asks, then flattened.
        const list = client.listCalls(optionsOf(call, []))
        const items = []
        const pages = []
        for (let page = await list.nextPage(); page !== null; page = await list.nextPage()) {
          pages.push(page.items.length)
          items.push(...page.items)
        }
        return { value: { items, pages } }
      }
      default:
        throw new Error(`unknown op ${call.op}`)
    }
  } catch (error) {
    return { error }
  }
}

function checkOutcome(outcome, expect, op) {
  if ('result' in expect) {
    if (outcome.error) assert.fail(`expected a result, got ${outcome.error.name}: ${outcome.error.message}`)
    if (Array.isArray(expect.result)) {
      const items = op === 'list_calls' ? outcome.value.items : outcome.value
      assert.ok(Array.isArray(items), 'expected a list')
      assert.equal(items.length, expect.result.length, 'number of items')
      expect.result.forEach((want, i) => compareObject(items[i], want, `[${i}]`))
      if ('pages' in expect) assert.deepStrictEqual(outcome.value.pages, expect.pages, 'items per page')
    } else {
      compareObject(outcome.value, expect.result, 'result')
    }
    if ('meta' in expect) compareMeta(outcome.value, expect.meta)
  } else {
    if (!outcome.error) assert.fail(`expected ${expect.error.class}, got ${JSON.stringify(outcome.value)}`)
    compareError(outcome.error, expect.error)
  }
}

/** `"$0.id"` in a later step stands for that field of the first call's result. */
function substitute(call, first) {
  return Object.fromEntries(
    Object.entries(call).map(([key, value]) => {
      const field = typeof value === 'string' && value.startsWith('$0.') ? value.slice(3) : null
      return [key, field === null ? value : first.value?.[camel(field)]]
    }),
  )
}

async function runCase(c, server) {
  for (const agent of c.agents ?? []) server.seedAgent(agent)
  for (const campaign of c.campaigns ?? []) server.seedCampaign(campaign)
  if (c.config) server.updateConfig(c.config)
  for (const seed of c.seed ?? []) server.seedCall(seed)
  for (const fault of c.faults ?? []) server.addFault(fault)
  const settings = c.client ?? {}
  let client
  let first
  try {
    client = new talkover.Talkover({
      token: settings.token ?? server.token,
      baseUrl: server.url,
      maxRetries: settings.max_retries,
      timeoutMs: settings.timeout_ms,
      defaultHeaders: settings.headers,
      appInfo: settings.app_info,
    })
    // The case's calls go through a client derived from that one, when it says so.
    if (c.derive) {
      client = client.withOptions({
        token: c.derive.token,
        maxRetries: c.derive.max_retries,
        timeoutMs: c.derive.timeout_ms,
        defaultHeaders: c.derive.headers,
      })
    }
  } catch (error) {
    // A client that cannot be built is the case's outcome (bad settings are refused there).
    first = { error }
  }
  first ??= await run(client, c.call)
  checkOutcome(first, c.expect, c.call.op)
  for (const [i, step] of (c.then ?? []).entries()) {
    assert.ok(client, 'then: no client')
    const call = substitute(step.call, first)
    const outcome = await run(client, call)
    try {
      checkOutcome(outcome, step.expect, call.op)
    } catch (err) {
      err.message = `then[${i}]: ${err.message}`
      throw err
    }
  }

  const log = server.requests()
  assert.equal(log.length, c.requests ?? 0, 'requests the simulator received')
  const last = log.at(-1)
  if (c.last_headers) assert.deepStrictEqual(last?.headers ?? {}, c.last_headers, 'headers beyond the usual ones')
  if (c.last_user_agent_ends_with) {
    assert.ok(last?.userAgent?.endsWith(c.last_user_agent_ends_with), `User-Agent: ${last?.userAgent}`)
  }
  if (c.last_path) assert.equal(last?.path, c.last_path, 'wire path')
  if ('last_query' in c) assert.equal(last?.query, c.last_query, 'wire query')
  if ('last_body' in c) assert.deepStrictEqual(last ? JSON.parse(last.body) : null, c.last_body, 'wire body')
  if ('calls' in (c.state ?? {})) assert.equal(server.calls().length, c.state.calls, 'calls the simulator holds')
  if ('campaign_calls' in (c.state ?? {})) {
    assert.equal(server.campaignCalls().length, c.state.campaign_calls, 'campaign calls the simulator holds')
  }
}

test('the conformance cases are all there', () => {
  assert.ok(cases.length >= 140, `only ${cases.length} cases found in ${CASES.pathname}`)
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length, 'case names are unique')
})

describe('conformance', { concurrency: POOL_SIZE }, () => {
  for (const c of cases) {
    test(`${c.name}: ${c.about}`, () => withServer((server) => runCase(c, server)))
  }
})
