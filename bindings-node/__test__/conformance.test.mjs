// The shared conformance cases (tests/cases/*.json) run through the public Node API.
// Each case gets a freshly reset simulator from a small pool, so slow cases (retry backoff,
// timeouts) run side by side and the whole file stays fast.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import * as talkover from 'talkover'
import { MockServer } from 'talkover/testing'

const CASES = new URL('../../tests/cases/', import.meta.url)
const POOL_SIZE = 8

const files = readdirSync(CASES).filter((f) => f.endsWith('.json')).sort()
const cases = files.flatMap((file) => JSON.parse(readFileSync(new URL(file, CASES), 'utf8')))

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

const CAMEL = {
  agent_id: 'agentId',
  started_at: 'startedAt',
  duration_seconds: 'durationSeconds',
  ended_at: 'endedAt',
  ended_reason: 'endedReason',
}
const INSTANTS = new Set(['started_at', 'ended_at'])

function compareObject(actual, expected, where) {
  assert.equal(typeof actual, 'object', `${where}: not an object`)
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[CAMEL[key] ?? key]
    const at = `${where}.${CAMEL[key] ?? key}`
    if (INSTANTS.has(key)) {
      if (want === null) assert.equal(got, null, at)
      else {
        assert.ok(got instanceof Date, `${at}: expected a Date, got ${got}`)
        if (want !== '<any>') assert.equal(got.getTime(), Date.parse(want), at)
      }
    } else {
      assert.deepStrictEqual(got, want, at)
    }
  }
}

function compareError(error, expected) {
  const cls = talkover[expected.class]
  assert.ok(cls, `no exported class ${expected.class}`)
  assert.ok(error instanceof Error, `not an Error: ${error}`)
  assert.ok(error instanceof talkover.TalkoverError, `not a TalkoverError: ${error}`)
  assert.equal(Object.getPrototypeOf(error), cls.prototype, `class ${error.name}, want ${expected.class}: ${error.message}`)
  assert.equal(error.name, expected.class)
  if ('status' in expected) assert.equal(error.status ?? null, expected.status, 'status')
  if ('code' in expected) assert.equal(error.code ?? null, expected.code, 'code')
  if ('retry_after' in expected) assert.equal(error.retryAfter, expected.retry_after, 'retryAfter')
  if ('retry_after_at_least' in expected) {
    assert.ok(error.retryAfter >= expected.retry_after_at_least, `retryAfter ${error.retryAfter}`)
  }
  if (expected.request_id) assert.ok(typeof error.requestId === 'string' && error.requestId.length > 0, 'requestId')
}

async function runCase(c, server) {
  for (const seed of c.seed ?? []) server.seedCall(seed)
  for (const fault of c.faults ?? []) server.addFault(fault)
  const settings = c.client ?? {}
  const options = c.call.timeout_ms === undefined ? undefined : { timeoutMs: c.call.timeout_ms }
  let outcome
  try {
    const client = new talkover.Talkover({
      token: settings.token ?? server.token,
      baseUrl: server.url,
      maxRetries: settings.max_retries,
      timeoutMs: settings.timeout_ms,
    })
    const value =
      c.call.op === 'active_call'
        ? await client.activeCall(c.call.agent_id, c.call.phone, options)
        : await client.endCall(c.call.agent_id, c.call.call_sid, options)
    outcome = { value }
  } catch (error) {
    outcome = { error }
  }

  if ('result' in c.expect) {
    if (outcome.error) assert.fail(`expected a result, got ${outcome.error.name}: ${outcome.error.message}`)
    if (c.call.op === 'active_call') {
      assert.ok(Array.isArray(outcome.value), 'activeCall must resolve to an array')
      assert.equal(outcome.value.length, c.expect.result.length, 'number of calls')
      c.expect.result.forEach((want, i) => compareObject(outcome.value[i], want, `[${i}]`))
    } else {
      compareObject(outcome.value, c.expect.result, 'result')
    }
  } else {
    if (!outcome.error) assert.fail(`expected ${c.expect.error.class}, got ${JSON.stringify(outcome.value)}`)
    compareError(outcome.error, c.expect.error)
  }

  const log = server.requests()
  assert.equal(log.length, c.requests, 'requests the simulator received')
  if (c.last_path) assert.equal(log.at(-1).path, c.last_path, 'wire path')
}

test('the conformance cases are all there', () => {
  assert.ok(cases.length >= 30, `only ${cases.length} cases found in ${CASES.pathname}`)
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length, 'case names are unique')
})

describe('conformance', { concurrency: POOL_SIZE }, () => {
  for (const c of cases) {
    test(`${c.name}: ${c.about}`, () => withServer((server) => runCase(c, server)))
  }
})
