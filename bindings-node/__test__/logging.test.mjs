// The `logger` option: lines go to the method of their level, at the level TALKOVER_LOG
// names (info when unset), from the JavaScript thread; a missing or throwing method never
// fails a call. (What the lines never contain is in secrets.test.mjs.)
import { after, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidRequestError, Talkover } from 'talkover'
import { AGENT, PHONE, clientFor, startServer, waitFor } from './helpers.mjs'

let server
before(() => {
  server = startServer()
  server.seedCall({ agentId: AGENT, to: PHONE })
})
after(() => server.stop())
// The level is read when a client is made; each test sets its own.
beforeEach(() => delete process.env.TALKOVER_LOG)

/** A logger recording `[method, line]` pairs; `this` must be the logger. */
class Recorder {
  lines = []
  debug(line) { this.lines.push(['debug', line]) }
  info(line) { this.lines.push(['info', line]) }
  warn(line) { this.lines.push(['warn', line]) }
  error(line) { this.lines.push(['error', line]) }
}

/** One call retried once after a 503 (Retry-After: 0); waits for its last debug line. */
async function retriedCall(logger) {
  server.addFault({ status: 503, headers: { 'retry-after': '0' } })
  const client = clientFor(server, { logger, maxRetries: 1 })
  assert.equal((await client.activeCall(AGENT, PHONE)).length, 1)
  await new Promise((resolve) => setTimeout(resolve, 50))
}

test('unset TALKOVER_LOG means info: the retry, not every request', async () => {
  const logger = new Recorder()
  await retriedCall(logger)
  assert.ok(await waitFor(() => logger.lines.length > 0))
  assert.deepEqual(logger.lines.map(([method]) => method), ['info'])
  assert.match(logger.lines[0][1], /^retrying request method=GET path=\S+ reason="HTTP 503" .*retry=1 max_retries=1$/)
})

test('TALKOVER_LOG=debug sends every attempt and response to debug, in order', async () => {
  process.env.TALKOVER_LOG = 'debug'
  const logger = new Recorder()
  await retriedCall(logger)
  assert.ok(await waitFor(() => logger.lines.length >= 5))
  const lines = logger.lines.map(([method, line]) => `${method} ${line.split(' ')[0]} ${line.split(' ')[1]}`)
  assert.deepEqual(lines, [
    'debug sending request',
    'debug response received',
    'info retrying request',
    'debug sending request',
    'debug response received',
  ])
  assert.match(logger.lines[1][1], /status=503 request_id=\S+ elapsed_ms=\d+/)
})

test('trace goes to debug; warn, off and unknown names leave a retry unlogged', async () => {
  process.env.TALKOVER_LOG = 'TRACE'
  const trace = new Recorder()
  await retriedCall(trace)
  assert.ok(await waitFor(() => trace.lines.length >= 5))
  assert.deepEqual([...new Set(trace.lines.map(([method]) => method))].sort(), ['debug', 'info'])
  for (const level of ['warn', 'off', 'loud', '']) {
    process.env.TALKOVER_LOG = level
    const quiet = new Recorder()
    await retriedCall(quiet)
    assert.deepEqual(quiet.lines, [], `TALKOVER_LOG=${level}`)
  }
})

test('console works as a logger, and a failed call logs its end at debug', async () => {
  process.env.TALKOVER_LOG = 'debug'
  const seen = []
  const original = console.debug
  console.debug = (line) => seen.push(line)
  try {
    const client = clientFor(server, { logger: console })
    await assert.rejects(client.endCall(AGENT, 'missing'), { name: 'NotFoundError' })
    assert.ok(await waitFor(() => seen.some((l) => l.startsWith('request failed'))))
    assert.match(seen.at(-1), /^request failed error=NotFoundError status=404 request_id=\S+ attempts=1$/)
  } finally {
    console.debug = original
  }
})

test('missing methods drop their lines; a throwing logger never fails a call', async () => {
  process.env.TALKOVER_LOG = 'debug'
  const infoOnly = { lines: [], info(line) { this.lines.push(line) } }
  await retriedCall(infoOnly)
  assert.ok(await waitFor(() => infoOnly.lines.length === 1))
  let thrown = 0
  const broken = {
    debug() { thrown++; throw new Error('logger is broken') },
    info() { thrown++; throw new Error('logger is broken') },
  }
  await retriedCall(broken)
  assert.ok(await waitFor(() => thrown >= 5), `logger called ${thrown} times`)
})

test('a logger that is not an object with a log method is refused', () => {
  for (const logger of [42, 'console', {}, { log() {} }, () => {}, true]) {
    assert.throws(() => new Talkover({ token: 'talq_x', logger }), InvalidRequestError, String(logger))
  }
  for (const logger of [null, undefined]) new Talkover({ token: 'talq_x', logger })
})
