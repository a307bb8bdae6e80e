// Install tests of the npm tarballs (TALKOVER_ARTIFACTS/npm, made by `make dist` or by
// `make install-artifacts`), not of the build tree: they go into a fresh project outside
// the repository, as a user's `npm install` would put them, and run there under Node, Bun
// and Deno against the simulator the package ships.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const ARTIFACTS = process.env.TALKOVER_ARTIFACTS
const TOOLS_BIN = process.env.TALKOVER_TOOLS_BIN
assert.ok(ARTIFACTS && TOOLS_BIN, 'run through `make test-install`')
const NPM_DIR = path.join(ARTIFACTS, 'npm')
const tarballs = readdirSync(NPM_DIR).filter((f) => f.endsWith('.tgz'))
const MAIN = path.join(NPM_DIR, tarballs.find((f) => /^talkover-\d/.test(f)))
const LINUX_X64_GNU = path.join(NPM_DIR, tarballs.find((f) => f.startsWith('talkover-linux-x64-gnu-')))

// The README's ESM quickstart, against the simulator: named and default imports, the
// testing entry, a typed error, and the same classes as `require`.
const ESM_SMOKE = `
import Default, { Talkover, CallNotActiveError, TalkoverError } from 'talkover'
import { MockServer } from 'talkover/testing'
import { createRequire } from 'node:module'
if (typeof Talkover !== 'function' || Default !== Talkover) throw new Error('Talkover export: ' + typeof Talkover)
const server = MockServer.start()
try {
  server.seedCall({ agentId: 'agent-1', to: '+5511987654321', id: 'c1', status: 'answered' })
  const client = new Talkover({ token: server.token, baseUrl: server.url, maxRetries: 0 })
  const [call] = await client.activeCall('agent-1', '+55 11 98765-4321')
  const ended = await client.endCall('agent-1', call.id)
  const again = await client.endCall('agent-1', call.id).catch((e) => e)
  const sameClasses = again instanceof createRequire(import.meta.url)('talkover').CallNotActiveError
  if (!(again instanceof CallNotActiveError && again instanceof TalkoverError && sameClasses)) throw again
  console.log(JSON.stringify({ id: call.id, status: ended.status, error: again.name }))
} finally {
  server.stop()
}
`

const CJS_SMOKE = `
const { Talkover, NotFoundError } = require('talkover')
const { MockServer } = require('talkover/testing')
const server = MockServer.start()
const client = new Talkover({ token: server.token, baseUrl: server.url, maxRetries: 0 })
client.endCall('agent-1', 'missing').then(
  () => { throw new Error('no error') },
  (err) => {
    server.stop()
    console.log(JSON.stringify({ notFound: err instanceof NotFoundError, binding: require.resolve('talkover-linux-x64-gnu') }))
  },
)
`

function run(cmd, args, cwd, env = {}) {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
}

/** A fresh npm project outside the repository with the given tarballs installed. */
function freshProject(t, tarballsToInstall, npmArgs = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'talkover-install-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }))
  // --offline: the other platforms' packages are not resolved from the registry, as on a
  // machine where they do not exist yet; npm skips optional dependencies it cannot get.
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...npmArgs, ...tarballsToInstall], dir)
  writeFileSync(path.join(dir, 'smoke.mjs'), ESM_SMOKE)
  writeFileSync(path.join(dir, 'smoke.cjs'), CJS_SMOKE)
  return dir
}

const EXPECTED = { id: 'c1', status: 'completed', error: 'CallNotActiveError' }

test('the tarballs install into a fresh project and work there: CommonJS and ESM under Node', (t) => {
  const app = freshProject(t, [MAIN, LINUX_X64_GNU])
  assert.deepEqual(JSON.parse(run(process.execPath, ['smoke.mjs'], app)), EXPECTED)
  const cjs = JSON.parse(run(process.execPath, ['smoke.cjs'], app))
  assert.equal(cjs.notFound, true)
  // The binary comes from the installed per-platform package, not from the repository.
  assert.ok(cjs.binding.startsWith(path.join(app, 'node_modules', 'talkover-linux-x64-gnu')), cjs.binding)
  // The package's `talkover` command, as `npx talkover` runs it, through the same binary.
  const version = JSON.parse(run('npm', ['pkg', 'get', 'version'], path.join(app, 'node_modules', 'talkover')))
  assert.equal(run('npm', ['exec', '--offline', '--', 'talkover', '--version'], app).trim(), `talkover ${version}`)
})

test('the ESM entry works under Bun and Deno', (t) => {
  const app = freshProject(t, [MAIN, LINUX_X64_GNU])
  assert.deepEqual(JSON.parse(run(path.join(TOOLS_BIN, 'bun'), ['smoke.mjs'], app)), EXPECTED)
  const deno = run(path.join(TOOLS_BIN, 'deno'), ['run', '--allow-all', '--quiet', 'smoke.mjs'], app, {
    DENO_NO_UPDATE_CHECK: '1',
  })
  assert.deepEqual(JSON.parse(deno), EXPECTED)
})

// The main package lists every platform package as an optional dependency; npm installs
// only the one whose os/cpu/libc fields match. Here the same choice is made for the
// linux-x64-gnu tarball on this machine and on a simulated musl and arm64 one.
test('npm installs the linux-x64-gnu package as an optional dependency only where it fits', (t) => {
  const installed = (flags) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'talkover-install-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const manifest = { name: 'app', version: '1.0.0', private: true, optionalDependencies: { 'talkover-linux-x64-gnu': `file:${LINUX_X64_GNU}` } }
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest))
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...flags], dir)
    return existsSync(path.join(dir, 'node_modules', 'talkover-linux-x64-gnu', 'package.json'))
  }
  assert.equal(installed([]), true)
  assert.equal(installed(['--libc=musl']), false)
  assert.equal(installed(['--cpu=arm64']), false)
})

function loadError(app, preload) {
  const args = preload ? ['--require', preload, '-e', "require('talkover')"] : ['-e', "require('talkover')"]
  const r = spawnSync(process.execPath, args, { cwd: app, encoding: 'utf8' })
  assert.notEqual(r.status, 0, 'require succeeded')
  assert.doesNotMatch(r.stderr, /npm has a bug/)
  return r.stderr
}

test('without its platform package, require names the package to install', (t) => {
  const app = freshProject(t, [MAIN])
  const stderr = loadError(app)
  assert.match(stderr, /TALKOVER_NATIVE_BINARY_MISSING/)
  assert.match(stderr, /talkover-linux-x64-gnu@\d+\.\d+\.\d+/)
  assert.match(stderr, /npm install talkover-linux-x64-gnu/)
})

test('on a platform with no binary, require says it is not supported and lists those that are', (t) => {
  const app = freshProject(t, [MAIN])
  const preload = path.join(app, 'riscv.cjs')
  writeFileSync(preload, "Object.defineProperty(process, 'arch', { value: 'riscv64' })\n")
  const stderr = loadError(app, preload)
  assert.match(stderr, /no native binary for this platform \(linux riscv64\)/)
  assert.match(stderr, /There is no talkover-linux-riscv64-gnu package: this platform is not supported yet/)
  assert.match(stderr, /linux-x64-gnu, .*darwin-arm64|darwin-arm64, .*linux-x64-gnu/)
})

test('the main package carries no binary and names every platform package', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'talkover-tar-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  mkdirSync(path.join(dir, 'x'))
  run('tar', ['xzf', MAIN, '-C', path.join(dir, 'x')], dir)
  const files = run('tar', ['tzf', MAIN], dir).split('\n')
  assert.ok(!files.some((f) => f.endsWith('.node')), files.join(' '))
  const manifest = JSON.parse(run('cat', [path.join(dir, 'x', 'package', 'package.json')], dir))
  assert.deepEqual(Object.keys(manifest.optionalDependencies).sort(), [
    'talkover-darwin-arm64',
    'talkover-darwin-x64',
    'talkover-linux-arm64-gnu',
    'talkover-linux-arm64-musl',
    'talkover-linux-x64-gnu',
    'talkover-linux-x64-musl',
    'talkover-win32-x64-msvc',
  ])
  assert.ok(Object.values(manifest.optionalDependencies).every((v) => v === manifest.version))
})
