// The package against the Rust core's catalogue, and its declarations against its runtime
// exports: no class, parent, name or export may drift.
//
// The error classes are generated from the addon's `catalogue()` (`make generate`); these
// tests fail when the package and the catalogue disagree, whatever the reason.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import * as esm from 'talkover'
import { AGENT, PHONE, clientFor, settle, startServer } from './helpers.mjs'

const require = createRequire(import.meta.url)
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const native = require('../native.js')
const catalogue = native.catalogue()
const cjs = require('talkover')

test('every class of the catalogue is exported with its parent and name', () => {
  for (const { name, parent } of catalogue.errors) {
    const cls = cjs[name]
    assert.equal(typeof cls, 'function', `${name} is not exported`)
    assert.equal(Object.getPrototypeOf(cls), cjs[parent], `${name} extends ${parent}`)
    assert.equal(new cls('x').name, name)
    assert.ok(new cls('x') instanceof cjs.TalkoverError)
    assert.equal(esm[name], cls, `${name} is not exported from the ES module entry`)
  }
  assert.equal(Object.getPrototypeOf(cjs[catalogue.base_class]), Error)
})

test('no error class is exported that the catalogue does not name', () => {
  const named = new Set([catalogue.base_class, ...catalogue.errors.map((e) => e.name)])
  const exported = Object.keys(cjs).filter((k) => k.endsWith('Error'))
  assert.deepEqual(exported.sort(), [...named].sort())
})

test('the defaults are the catalogue\'s', () => {
  const client = new cjs.Talkover({ token: 'talq_x', baseUrl: 'http://127.0.0.1:9/api/v1' })
  assert.equal(client.timeoutMs, catalogue.defaults.timeout * 1000)
  assert.equal(client.maxRetries, catalogue.defaults.max_retries)
})

test('the client has a method per operation', () => {
  assert.ok(catalogue.operations.length >= 5)
  for (const { name } of catalogue.operations) {
    const method = name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
    assert.equal(typeof cjs.Talkover.prototype[method], 'function', `${method} is not offered`)
  }
})

test('each status class is what the client rejects with', async () => {
  const server = startServer()
  try {
    const client = clientFor(server)
    for (const error of catalogue.errors.filter((e) => e.status !== null)) {
      const body = { success: false, message: 'from the catalogue test', ...(error.code ? { code: error.code } : {}) }
      server.addFault({ status: error.status, body, times: 3 })
      const { error: err } = await settle(client.endCall(AGENT, 'call-1'))
      assert.equal(err.constructor.name, error.name)
      assert.equal(err.status, error.status)
      server.reset()
    }
  } finally {
    server.stop()
  }
})

test('the generated files are up to date', () => {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'generate.mjs'), '--check'], { encoding: 'utf8', stdio: 'pipe' })
  } catch (e) {
    assert.fail(e.stderr)
  }
})

test('the declarations export exactly what the package exports at runtime', () => {
  const ts = require('typescript')
  const program = ts.createProgram([path.join(ROOT, 'dist', 'index.d.ts')], { strict: true, noEmit: true })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(path.join(ROOT, 'dist', 'index.d.ts'))
  const symbol = checker.getSymbolAtLocation(source)
  const values = checker
    .getExportsOfModule(symbol)
    .filter((s) => {
      // `export type { CallList }`: a class whose type alone is public, with no runtime value.
      const typeOnly = (s.declarations ?? []).some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly))
      if (typeOnly) return false
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s
      return (target.flags & ts.SymbolFlags.Value) !== 0
    })
    .map((s) => s.getName())
  assert.deepEqual(values.sort(), Object.keys(cjs).sort())
})

test('a bad argument names it as the caller wrote it', async () => {
  const server = startServer()
  try {
    const client = clientFor(server)
    const cases = [
      [() => client.activeCall(AGENT, '12345'), 'phone'],
      [() => client.activeCall(AGENT, PHONE, { timeoutMs: -1 }), 'timeoutMs'],
      [() => client.endCall(42, 'call-1'), 'agentId'],
      [() => client.endCall(AGENT, ''), 'callSid'],
      [() => client.makeCall(AGENT, PHONE, { delaySeconds: 3601 }), 'delaySeconds'],
      [() => client.makeCampaignCall('..', PHONE), 'campaignId'],
      [() => client.listCalls({ perPage: 101 }).nextPage(), 'perPage'],
      [() => client.listCalls({ dateFrom: '2024-13-01' }).nextPage(), 'dateFrom'],
      [() => client.listCalls({ dateFrom: '2024-02-01', dateTo: '2024-01-01' }).nextPage(), 'dateTo'],
    ]
    for (const [call, param] of cases) {
      const { error } = await settle(call())
      assert.ok(error instanceof cjs.InvalidRequestError, String(error))
      assert.equal(error.param, param)
      assert.ok(error.message.startsWith(`invalid ${param}: `), error.message)
      assert.equal(error.mayHaveSucceeded, false)
    }
    assert.throws(() => new cjs.Talkover({ token: 'talq_x', maxRetries: -1 }), (e) => e.param === 'maxRetries')
    assert.throws(() => new cjs.Talkover({ token: 'talq_x', caCert: 'nope' }), (e) => e.param === 'caCert')
    assert.equal(server.requests().length, 0)
  } finally {
    server.stop()
  }
})

test('the README shows every class of the catalogue in its tree', () => {
  const readme = require('node:fs').readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const tree = readme.slice(readme.indexOf('TalkoverError\n'), readme.indexOf('```', readme.indexOf('TalkoverError\n')))
  const shown = [...tree.matchAll(/\b([A-Za-z]+Error)\b/g)].map((m) => m[1])
  const named = [catalogue.base_class, ...catalogue.errors.map((e) => e.name)]
  assert.deepEqual([...new Set(shown)].sort(), named.sort())
})
