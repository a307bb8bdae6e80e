// Packaging: `npm pack` makes a tarball that installs into a fresh npm project outside the
// repository (no access to its node_modules) and works there through require and import, and
// through its `talkover` command, as `npx talkover` runs it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

const CJS_CHECK = `
const assert = require('node:assert/strict')
const { Talkover, NotFoundError, TalkoverError } = require('talkover')
const { MockServer } = require('talkover/testing')
assert.ok(require.resolve('talkover').startsWith(__dirname), require.resolve('talkover'))
const server = MockServer.start()
server.seedCall({ agentId: 'agent-1', to: '+5511987654321' })
const client = new Talkover({ token: server.token, baseUrl: server.url, maxRetries: 0 })
client.activeCall('agent-1', '+5511987654321').then(async (calls) => {
  assert.equal(calls.length, 1)
  const err = await client.endCall('agent-1', 'missing').catch((e) => e)
  assert.ok(err instanceof NotFoundError && err instanceof TalkoverError)
  server.stop()
  console.log('cjs ok')
})
`

const ESM_CHECK = `
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import Talkover, { CallNotActiveError } from 'talkover'
import { MockServer } from 'talkover/testing'
const server = MockServer.start()
server.seedCall({ agentId: 'agent-1', to: '+5511987654321', id: 'c1', status: 'completed' })
const client = new Talkover({ token: server.token, baseUrl: server.url, maxRetries: 0 })
const err = await client.endCall('agent-1', 'c1').catch((e) => e)
assert.ok(err instanceof CallNotActiveError)
assert.ok(err instanceof createRequire(import.meta.url)('talkover').CallNotActiveError)
server.stop()
console.log('esm ok')
`

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

test('the packed tarball installs offline into a fresh project and works there', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'talkover-pack-'))
  try {
    const packed = JSON.parse(run(NPM, ['pack', '--json', '--pack-destination', tmp], ROOT))[0]
    const files = packed.files.map((f) => f.path)
    for (const needed of ['package.json', 'native.js', 'dist/index.js', 'dist/index.d.ts', 'esm/index.mjs', 'esm/testing.mjs', 'bin/talkover.js']) {
      assert.ok(files.includes(needed), `${needed} missing from the tarball`)
    }
    assert.ok(files.some((f) => f.endsWith('.node')), 'no native binary in the tarball')
    assert.ok(!files.some((f) => /^(src|src-ts|__test__|node_modules|bench)\//.test(f)), files.join(' '))

    const app = path.join(tmp, 'app')
    mkdirSync(app)
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }))
    run(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(tmp, packed.filename)], app)
    writeFileSync(path.join(app, 'check.cjs'), CJS_CHECK)
    writeFileSync(path.join(app, 'check.mjs'), ESM_CHECK)
    assert.equal(run(process.execPath, ['check.cjs'], app).trim(), 'cjs ok')
    assert.equal(run(process.execPath, ['check.mjs'], app).trim(), 'esm ok')
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version
    assert.equal(run(NPM, ['exec', '--offline', '--', 'talkover', '--version'], app).trim(), `talkover ${version}`)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
})
