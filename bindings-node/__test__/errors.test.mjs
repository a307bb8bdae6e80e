// The error hierarchy: real Error subclasses with the SPEC's parents, `.name`, structured
// properties, stacks that start in the caller's code, and panics as TalkoverError.
import { after, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import util from 'node:util'
import * as talkover from 'talkover'
import { AGENT, PHONE, clientFor, settle, startServer } from './helpers.mjs'

const require = createRequire(import.meta.url)

const PARENTS = {
  TalkoverError: 'Error',
  InvalidRequestError: 'TalkoverError',
  APIConnectionError: 'TalkoverError',
  APITimeoutError: 'APIConnectionError',
  APIResponseError: 'TalkoverError',
  APIStatusError: 'TalkoverError',
  BadRequestError: 'APIStatusError',
  AuthenticationError: 'APIStatusError',
  PermissionDeniedError: 'APIStatusError',
  NotFoundError: 'APIStatusError',
  ConflictError: 'APIStatusError',
  CallNotActiveError: 'ConflictError',
  UnprocessableEntityError: 'APIStatusError',
  RateLimitError: 'APIStatusError',
  InternalServerError: 'APIStatusError',
}

let server
let client
before(() => {
  server = startServer()
  client = clientFor(server)
})
beforeEach(() => server.reset())
after(() => server.stop())

test('every class has the documented parent and its own name', () => {
  for (const [name, parent] of Object.entries(PARENTS)) {
    const cls = talkover[name]
    const parentClass = parent === 'Error' ? Error : talkover[parent]
    assert.equal(Object.getPrototypeOf(cls), parentClass, name)
    const err = new cls('boom')
    assert.ok(err instanceof Error && err instanceof talkover.TalkoverError, name)
    assert.equal(err.name, name)
    assert.equal(err.message, 'boom')
    assert.ok(String(err).startsWith(`${name}: boom`))
  }
})

test('status errors carry status, code, requestId and the parsed body', async () => {
  server.seedCall({ agentId: AGENT, to: PHONE, id: 'call-1', status: 'completed' })
  const { error } = await settle(client.endCall(AGENT, 'call-1'))
  assert.ok(error instanceof talkover.CallNotActiveError)
  assert.ok(error instanceof talkover.ConflictError)
  assert.equal(error.status, 409)
  assert.equal(error.code, 'CALL_NOT_ACTIVE')
  assert.match(error.requestId, /\S/)
  assert.equal(error.body.code, 'CALL_NOT_ACTIVE')
  assert.equal(error.retryAfter, undefined)
  assert.deepEqual(Object.keys(error).sort(), ['body', 'code', 'headers', 'rateLimit', 'requestId', 'status'])
})

test('rate limits carry retryAfter in seconds', async () => {
  server.addFault({ status: 429, headers: { 'retry-after': '120' }, body: { success: false, message: 'slow down' } })
  const { error } = await settle(client.activeCall(AGENT, PHONE))
  assert.ok(error instanceof talkover.RateLimitError)
  assert.equal(error.retryAfter, 120)
  assert.equal(error.body.message, 'slow down')
})

test('a non-JSON body is kept as text', async () => {
  server.addFault({ status: 502, body: '<html>bad gateway</html>' })
  const { error } = await settle(client.activeCall(AGENT, PHONE))
  assert.ok(error instanceof talkover.InternalServerError)
  assert.equal(error.body, '<html>bad gateway</html>')
})

test('connection errors have no status', async () => {
  const closed = startServer()
  const url = closed.url
  closed.stop()
  const offline = new talkover.Talkover({ token: 'talq_x', baseUrl: url, maxRetries: 0 })
  const { error } = await settle(offline.activeCall(AGENT, PHONE))
  assert.ok(error instanceof talkover.APIConnectionError)
  assert.ok(!(error instanceof talkover.APITimeoutError))
  assert.equal(error.status, undefined)
})

test('the stack starts in the caller, not in the package', async () => {
  async function findCallerFrame() {
    return await client.endCall(AGENT, 'no-such-call')
  }
  const { error } = await settle(findCallerFrame())
  assert.ok(error instanceof talkover.NotFoundError)
  const frames = error.stack.split('\n').filter((line) => line.trim().startsWith('at '))
  assert.ok(frames.length > 0, error.stack)
  assert.match(frames[0], /findCallerFrame/, error.stack)
  assert.ok(!frames.some((f) => f.includes('/dist/')), error.stack)
})

test('bad input errors also point at the caller', async () => {
  async function passBadPhone() {
    return await client.activeCall(AGENT, '12345')
  }
  const { error } = await settle(passBadPhone())
  assert.ok(error instanceof talkover.InvalidRequestError)
  assert.match(error.stack.split('\n').find((l) => l.trim().startsWith('at ')), /passBadPhone/)
})

test('util.inspect shows the class and its fields', async () => {
  const { error } = await settle(client.endCall(AGENT, 'nope'))
  const shown = util.inspect(error)
  assert.match(shown, /^NotFoundError: /)
  assert.match(shown, /status: 404/)
})

test('a panic in a native task rejects with TalkoverError, and Node keeps running', async () => {
  const native = require('../native.js')
  const { toError } = require('../dist/errors.js')
  const { error } = await settle(native.__panicForTesting(false))
  const err = toError(error, test)
  assert.ok(err instanceof talkover.TalkoverError)
  assert.equal(err.constructor, talkover.TalkoverError)
  // The shared runtime survived the panic.
  assert.deepEqual(await client.activeCall(AGENT, PHONE), [])
})

test('a synchronous panic throws, becomes TalkoverError, and does not crash', async () => {
  const native = require('../native.js')
  const { toError } = require('../dist/errors.js')
  let thrown
  try {
    native.__panicForTesting(true)
  } catch (e) {
    thrown = e
  }
  assert.ok(thrown, 'the panic surfaced as an exception')
  const err = toError(thrown, test)
  assert.ok(err instanceof talkover.TalkoverError)
  assert.equal(err.cause, thrown)
  assert.deepEqual(await client.activeCall(AGENT, PHONE), [])
})
