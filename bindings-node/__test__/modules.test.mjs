// ESM `import` and CommonJS `require` load one set of classes, so `instanceof` holds across them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import * as esm from 'talkover'
import EsmDefault from 'talkover'
import * as esmTesting from 'talkover/testing'
import { settle, startServer } from './helpers.mjs'

const require = createRequire(import.meta.url)
const cjs = require('talkover')
const cjsTesting = require('talkover/testing')

const CLASSES = [
  'Talkover',
  'TalkoverError',
  'InvalidRequestError',
  'APIConnectionError',
  'APITimeoutError',
  'APIResponseError',
  'APIStatusError',
  'BadRequestError',
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'ConflictError',
  'CallNotActiveError',
  'UnprocessableEntityError',
  'RateLimitError',
  'InternalServerError',
]

test('import and require export the very same classes', () => {
  for (const name of CLASSES) {
    assert.equal(typeof esm[name], 'function', name)
    assert.equal(esm[name], cjs[name], name)
  }
  assert.equal(EsmDefault, cjs.Talkover)
  assert.equal(cjs.default, cjs.Talkover)
  assert.equal(esmTesting.MockServer, cjsTesting.MockServer)
})

test('an error from an ESM-made client is an instance of the CommonJS class', async () => {
  const server = startServer()
  try {
    const client = new esm.Talkover({ token: server.token, baseUrl: server.url, maxRetries: 0 })
    const { error } = await settle(client.endCall('agent-1', 'missing'))
    assert.ok(error instanceof cjs.NotFoundError)
    assert.ok(error instanceof cjs.APIStatusError)
    assert.ok(error instanceof esm.TalkoverError)
    const fromCjs = new cjs.Talkover({ token: server.token, baseUrl: server.url })
    assert.ok(fromCjs instanceof esm.Talkover)
  } finally {
    server.stop()
  }
})

test('the package exposes nothing but its entry points', () => {
  assert.throws(() => require('talkover/native.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' })
  assert.throws(() => require('talkover/dist/client.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' })
  assert.equal(require('talkover/package.json').name, 'talkover')
})
