// The published typings, as a TypeScript project that installed `talkover` sees them: one
// consumer compiles under `tsc --strict` as CommonJS and as an ES module (the `.d.mts`
// entry points), under `exactOptionalPropertyTypes`, and with every `moduleResolution` users
// have (`node10`, `node16`, `bundler`); then `attw` checks the packed tarball.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const TYPES = path.join(ROOT, '__test__', 'types')
// Installed by `make test` (test-install) and `make dist` from packaging/tools.
const ATTW = path.join(ROOT, '..', 'packaging', 'tools', 'node_modules', '.bin', 'attw')

// A project outside the package, with `talkover` in its node_modules (a link to this
// package), so imports resolve as they do for users: inside the package, `talkover` would
// resolve through the package's own `exports` (a self-reference), which `node10` ignores.
let project
before(() => {
  project = mkdtempSync(path.join(tmpdir(), 'talkover-types-'))
  mkdirSync(path.join(project, 'node_modules'))
  symlinkSync(ROOT, path.join(project, 'node_modules', 'talkover'), 'dir')
  copyFileSync(path.join(TYPES, 'consumer.ts'), path.join(project, 'consumer.ts'))
  copyFileSync(path.join(TYPES, 'consumer.ts'), path.join(project, 'consumer.mts'))
})
after(() => rmSync(project, { recursive: true, force: true }))

function tsc(name, compilerOptions, files = ['consumer.ts']) {
  const config = {
    extends: path.join(TYPES, 'tsconfig.json'),
    compilerOptions: { types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')], ...compilerOptions },
    files,
  }
  const file = path.join(project, `tsconfig.${name}.json`)
  writeFileSync(file, JSON.stringify(config))
  try {
    execFileSync(process.execPath, [TSC, '-p', file], { cwd: project, encoding: 'utf8', stdio: 'pipe' })
  } catch (e) {
    assert.fail(`tsc (${name}) failed:\n${e.stdout}${e.stderr}`)
  }
}

test('a TypeScript consumer type-checks with --strict (CommonJS and ESM)', () => {
  tsc('node16', { module: 'node16', moduleResolution: 'node16' }, ['consumer.ts', 'consumer.mts'])
})

test('options accept undefined under exactOptionalPropertyTypes', () => {
  // consumer.ts builds every option object from values that may be undefined.
  tsc('exact', { module: 'node16', moduleResolution: 'node16', exactOptionalPropertyTypes: true }, [
    'consumer.ts',
    'consumer.mts',
  ])
})

test('every entry resolves under moduleResolution node10 and bundler', () => {
  // node10 ignores `exports`: `talkover/testing` resolves through `typesVersions`. TypeScript 6
  // deprecates node10 (still what `moduleResolution: node` means in many projects), hence
  // ignoreDeprecations.
  tsc('node10', { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' })
  tsc('bundler', { module: 'esnext', moduleResolution: 'bundler' })
})

test('attw finds no problem in the packed package', { skip: !existsSync(ATTW) && 'attw not installed (make dist-tools)' }, () => {
  // `attw --pack` runs `npm pack` (offline) and checks every entry under node10, node16
  // (from CommonJS and from ESM) and bundler; it exits non-zero on any problem.
  try {
    execFileSync(ATTW, ['--pack', '.', '--format', 'table-flipped'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: 'pipe',
      env: { ...process.env, npm_config_loglevel: 'silent' },
    })
  } catch (e) {
    assert.fail(`attw found problems:\n${e.stdout}${e.stderr}`)
  }
})
