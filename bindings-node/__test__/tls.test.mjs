// HTTPS: the simulator's self-signed certificate is refused by default with a connection
// error, and trusted once the user supplies its CA, through `caCert` or SSL_CERT_FILE.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { APIConnectionError, APITimeoutError, InvalidRequestError, Talkover } from 'talkover'
import { MockServer } from 'talkover/testing'
import { AGENT, PHONE, settle } from './helpers.mjs'

const CHILD = fileURLToPath(new URL('./fixtures/tls-call.mjs', import.meta.url))

let server
before(() => {
  server = MockServer.start({ tls: true })
  server.seedCall({ agentId: AGENT, to: PHONE, status: 'ringing' })
})
after(() => server.stop())

function client(options = {}) {
  return new Talkover({ token: server.token, baseUrl: server.url, maxRetries: 0, ...options })
}

test('a TLS simulator serves https and hands out its certificate', () => {
  assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
  assert.match(server.caPem, /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n?$/)
  const plain = MockServer.start()
  assert.equal(plain.caPem, null)
  assert.match(plain.url, /^http:\/\//)
  plain.stop()
})

test('by default the self-signed certificate is refused with a connection error', async () => {
  const { error } = await settle(client().activeCall(AGENT, PHONE))
  assert.ok(error instanceof APIConnectionError, `${error?.name}: ${error?.message}`)
  assert.ok(!(error instanceof APITimeoutError))
  assert.equal(error.status, undefined)
  assert.match(error.message, /certificate/i, 'the message says the certificate is the problem')
  assert.equal(server.requests().length, 0, 'no request got through')
})

test('caCert (string, Buffer or Uint8Array) makes the certificate trusted', async () => {
  for (const caCert of [server.caPem, Buffer.from(server.caPem), new TextEncoder().encode(server.caPem)]) {
    const calls = await client({ caCert }).activeCall(AGENT, PHONE)
    assert.equal(calls.length, 1)
    assert.equal(calls[0].status, 'ringing')
  }
  // A bundle with an unrelated certificate first works too.
  const other = MockServer.start({ tls: true })
  const bundle = other.caPem + server.caPem
  other.stop()
  assert.equal((await client({ caCert: bundle }).activeCall(AGENT, PHONE)).length, 1)
})

test("a CA other than the server's is still refused", async () => {
  const other = MockServer.start({ tls: true })
  const { error } = await settle(client({ caCert: other.caPem }).activeCall(AGENT, PHONE))
  other.stop()
  assert.ok(error instanceof APIConnectionError, error?.name)
})

test('a caCert that is not a PEM certificate is refused when the client is made', () => {
  const notDer = '-----BEGIN CERTIFICATE-----\nbm90IGRlcg==\n-----END CERTIFICATE-----\n'
  for (const caCert of ['', 'not a certificate', notDer, Buffer.from('junk'), 42, {}, new Float64Array(2)]) {
    assert.throws(() => client({ caCert }), InvalidRequestError, `caCert ${String(caCert).slice(0, 30)}`)
  }
})

test('SSL_CERT_FILE names a CA bundle the client trusts', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'talkover-tls-'))
  try {
    const file = path.join(dir, 'ca.pem')
    writeFileSync(file, server.caPem)
    const run = async (env) => {
      const { stdout } = await promisify(execFile)(process.execPath, [CHILD, server.url, server.token], {
        env: { ...process.env, ...env },
        timeout: 10_000,
      })
      return JSON.parse(stdout)
    }
    assert.deepEqual(await run({ SSL_CERT_FILE: file }), { calls: 1 })
    const other = path.join(dir, 'other.pem')
    const stranger = MockServer.start({ tls: true })
    writeFileSync(other, stranger.caPem)
    stranger.stop()
    assert.equal((await run({ SSL_CERT_FILE: other })).error, 'APIConnectionError')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
