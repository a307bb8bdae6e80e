// Every JavaScript and TypeScript block of README.md, and the Node quickstarts, against the
// simulator: JS blocks run as ES modules importing `talkover` as users do; TS blocks and
// examples/node/quickstart.mts are type-checked with `tsc --strict`.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const examples = join(root, 'examples', 'node')
const { MockServer } = createRequire(join(root, 'bindings-node', 'package.json'))('talkover/testing')
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const blocks = (lang) => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1])

function seeded() {
  const server = MockServer.start()
  server.seedCall({ agentId: 'agent-demo', to: '+5511987654321', id: 'call-1', status: 'answered', durationSeconds: 42 })
  return server
}

function runNode(server, file) {
  const env = { ...process.env, TALKOVER_API_TOKEN: server.token, TALKOVER_BASE_URL: server.url }
  delete env.TALKOVER_LOG
  return execFileSync(process.execPath, [file], { cwd: examples, env, encoding: 'utf8', timeout: 60_000 })
}

test('the README has JavaScript and TypeScript examples', () => {
  assert.ok(blocks('js').length >= 1)
  assert.ok(blocks('ts').length >= 1)
})

for (const [i, block] of blocks('js').entries()) {
  test(`README js block ${i} runs against the simulator`, () => {
    const server = seeded()
    // Inside examples/node so that `import 'talkover'` resolves like an installed package.
    const file = join(examples, `.readme-block-${i}.mjs`)
    writeFileSync(file, block)
    try {
      runNode(server, file)
      assert.ok(server.requests().length > 0, 'the block talked to the API')
      assert.equal(server.calls()[0].status, 'completed', 'it ended the call')
    } finally {
      rmSync(file, { force: true })
      server.stop()
    }
  })
}

test('the ESM quickstart tells the whole story', () => {
  const server = seeded()
  try {
    const out = runNode(server, 'quickstart.mjs')
    assert.match(out, /active calls for \+55 11 98765-4321: 1/)
    assert.match(out, /already on a call: not placing another/)
    assert.match(out, /active call: call-1 \(answered, 42 s in\)/)
    assert.match(out, /ended call-1: completed \(ended_by_api\)/)
    assert.match(out, /CallNotActiveError \(HTTP 409, code CALL_NOT_ACTIVE\)/)
    assert.match(out, /today: call-1 completed outbound/)
    assert.equal(server.calls().length, 1, 'no call was placed')
  } finally {
    server.stop()
  }
})

test('with no call active, the ESM quickstart places one with a payload, then ends it', () => {
  const server = MockServer.start()
  server.seedAgent({ id: 'agent-demo' })
  try {
    const out = runNode(server, 'quickstart.mjs')
    assert.match(out, /active calls for \+55 11 98765-4321: 0/)
    assert.match(out, /placed call call_1 \(initiated\)/)
    assert.match(out, /ended call_1: completed/)
    assert.match(out, /today: call_1 completed outbound/)
    const [placed] = server.calls()
    assert.deepEqual(placed.payload, { customer_name: 'Ana' })
  } finally {
    server.stop()
  }
})

test('README TypeScript blocks and quickstart.mts type-check with tsc --strict', () => {
  const dir = mkdtempSync(join(examples, '.tsc-'))
  try {
    const files = blocks('ts').map((block, i) => {
      const file = join(dir, `readme-${i}.mts`)
      writeFileSync(file, block)
      return file
    })
    const tsc = join(root, 'bindings-node', 'node_modules', 'typescript', 'bin', 'tsc')
    const types = join(root, 'bindings-node', 'node_modules', '@types')
    execFileSync(
      process.execPath,
      [tsc, '--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
        '--typeRoots', types, '--types', 'node', ...files, join(examples, 'quickstart.mts')],
      { cwd: examples, encoding: 'utf8' },
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
