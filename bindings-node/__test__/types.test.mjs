// The published typings: a TypeScript consumer compiles under `tsc --strict`, both as
// CommonJS and as an ES module (the `.d.mts` entry points).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const TYPES = path.join(ROOT, '__test__', 'types')

function tsc(project) {
  try {
    execFileSync(process.execPath, [TSC, '-p', project], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' })
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`)
  }
}

test('a TypeScript consumer type-checks with --strict (CommonJS and ESM)', () => {
  // The same file, once as CommonJS (.ts) and once as an ES module (.mts).
  const dir = mkdtempSync(path.join(TYPES, '.check-'))
  try {
    copyFileSync(path.join(TYPES, 'consumer.ts'), path.join(dir, 'consumer.ts'))
    copyFileSync(path.join(TYPES, 'consumer.ts'), path.join(dir, 'consumer.mts'))
    const config = {
      extends: '../tsconfig.json',
      compilerOptions: { types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
      files: ['consumer.ts', 'consumer.mts'],
    }
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config))
    tsc(path.join(dir, 'tsconfig.json'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
