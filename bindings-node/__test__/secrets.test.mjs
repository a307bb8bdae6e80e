// The token never shows: not in util.inspect, JSON.stringify, errors, stacks or the request log.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import util from 'node:util'
import { InvalidRequestError, Talkover } from 'talkover'
import { AGENT, PHONE, settle, startServer } from './helpers.mjs'

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
