// The token never shows: not in util.inspect, JSON.stringify, errors, stacks, the request log
// or log lines; phone numbers in log lines show only their last four digits.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import util from 'node:util'
import { InvalidRequestError, Talkover } from 'talkover'
import { AGENT, PHONE, refusedUrl, settle, startServer, waitFor } from './helpers.mjs'

const SECRET = 'talq_super_secret_value_123'
let server
before(() => {
  server = startServer({ token: SECRET })
})
after(() => server.stop())

function assertHidden(text, where) {
  assert.ok(!text.includes(SECRET), `${where} shows the token: ${text}`)
  assert.ok(!text.includes('super_secret'), `${where} shows part of the token`)
}

test('the client never shows its token', () => {
  const client = new Talkover({ token: SECRET, baseUrl: server.url })
  assertHidden(util.inspect(client, { showHidden: true, depth: 10 }), 'util.inspect')
  assertHidden(JSON.stringify(client), 'JSON.stringify')
  assertHidden(String(client), 'String()')
  assertHidden(JSON.stringify(Object.getOwnPropertyNames(client)), 'own properties')
  assert.match(util.inspect(client), /baseUrl/)
})

test('errors never show the token', async () => {
  const wrong = `${SECRET}_but_wrong`
  const client = new Talkover({ token: wrong, baseUrl: server.url, maxRetries: 0 })
  const { error } = await settle(client.activeCall(AGENT, PHONE))
  assert.equal(error.name, 'AuthenticationError')
  for (const [where, text] of [
    ['message', error.message],
    ['stack', error.stack],
    ['inspect', util.inspect(error, { showHidden: true, depth: 10 })],
    ['JSON', JSON.stringify(error)],
  ]) {
    assertHidden(text, where)
    assert.ok(!text.includes('_but_wrong'), where)
  }
})

test('a refused token is not echoed in the error', () => {
  const bad = `${SECRET} with space`
  let error
  try {
    new Talkover({ token: bad })
  } catch (e) {
    error = e
  }
  assert.ok(error instanceof InvalidRequestError)
  assertHidden(error.message + error.stack + util.inspect(error), 'construction error')
})

test('the simulator log never holds the token', async () => {
  const client = new Talkover({ token: SECRET, baseUrl: server.url })
  await client.activeCall(AGENT, PHONE)
  const log = server.requests()
  assert.ok(log.length > 0)
  assertHidden(JSON.stringify(log), 'request log')
})

// Every fault of the matrix, at TALKOVER_LOG=debug, through a logger: the token shows in no
// log line and in no error (message, stack, inspect, JSON); the phone number shows in log
// lines only as its last four digits. Each case has its own agent, so the faults (matched by
// path) and the lines (one logger per client) of cases running side by side never mix.
const DIGITS = PHONE.replace(/\D/g, '')
const HTML_404 = { 'content-type': 'text/html' }
const MATRIX = [
  { name: '401', fault: { status: 401, body: { success: false, error: { code: 'INVALID_TOKEN', message: 'bad' } } }, error: 'AuthenticationError' },
  { name: '404 html', fault: { status: 404, body: `<html>no call for ${PHONE}</html>`, headers: HTML_404 }, error: 'NotFoundError' },
  { name: '409', op: 'end', fault: { status: 409, body: { success: false, message: 'Call is not active', code: 'CALL_NOT_ACTIVE' } }, error: 'CallNotActiveError' },
  { name: '429 retry-after 120', fault: { status: 429, headers: { 'retry-after': '120' } }, error: 'RateLimitError' },
  { name: '500 retried', fault: { status: 500, headers: { 'retry-after': '0' } }, retried: true },
  { name: 'bad JSON 200', fault: { status: 200, body: `{"success": true, "data": "${PHONE}` }, error: 'APIResponseError' },
  { name: 'drop', fault: { kind: 'drop' }, retried: true },
  { name: 'truncate', fault: { kind: 'truncate', status: 200, body: { success: true, data: [] }, times: 2 }, retried: true, error: 'APIConnectionError' },
  { name: 'hang', fault: { kind: 'hang', times: 2 }, timeoutMs: 300, retried: true, error: 'APITimeoutError' },
  { name: 'refused port', refused: true, retried: true, error: 'APIConnectionError' },
  { name: 'wrong token', token: `${SECRET}_but_wrong`, error: 'AuthenticationError' },
]

test('no fault leaks the token or the phone number, in logs or errors', async () => {
  process.env.TALKOVER_LOG = 'debug'
  const refused = refusedUrl()
  const run = async (c, i) => {
    const agent = `agent-secrets-${i}`
    server.seedCall({ agentId: agent, to: PHONE })
    if (c.fault) server.addFault({ ...c.fault, path: `/agents/${agent}/` })
    const lines = []
    const logger = Object.fromEntries(['debug', 'info', 'warn', 'error'].map((m) => [m, (l) => lines.push([m, l])]))
    const client = new Talkover({
      token: c.token ?? SECRET,
      baseUrl: c.refused ? refused : server.url,
      maxRetries: 1,
      timeoutMs: c.timeoutMs ?? 5000,
      logger,
    })
    const { error } = await settle(c.op === 'end' ? client.endCall(agent, 'call-x') : client.activeCall(agent, PHONE))
    // The last line of a call: its final response, or the failure.
    const done = () => lines.some(([, l]) => l.startsWith('request failed') || / status=200 /.test(l))
    assert.ok(await waitFor(done), `${c.name}: no closing line in ${JSON.stringify(lines)}`)
    return { c, error, lines, client }
  }
  const results = await Promise.all(MATRIX.map(run))
  for (const { c, error, lines, client } of results) {
    assert.equal(error?.name, c.error, `${c.name}: ${error?.message}`)
    const text = lines.map(([, l]) => l).join('\n')
    assertHidden(text, `${c.name} log`)
    assert.ok(!text.includes(DIGITS.slice(0, -4)), `${c.name}: log shows the phone number: ${text}`)
    if (c.op !== 'end') assert.match(text, /active-call\/\+\*{9}4321 /, `${c.name}: masked phone`)
    const retries = lines.filter(([m, l]) => m === 'info' && l.startsWith('retrying request'))
    assert.equal(retries.length, c.retried ? 1 : 0, `${c.name}: retry lines ${JSON.stringify(lines)}`)
    assertHidden(util.inspect(client, { showHidden: true, depth: 10 }) + JSON.stringify(client), `${c.name} client`)
    if (!error) continue
    for (const [where, shown] of [
      ['message', error.message],
      ['stack', error.stack],
      ['inspect', util.inspect(error, { showHidden: true, depth: 10 })],
      ['JSON', JSON.stringify(error)],
    ]) {
      assertHidden(shown, `${c.name} ${where}`)
    }
  }
})
