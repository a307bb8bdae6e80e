// Benchmark one Node HTTP client on the real request path; prints one JSON line.
//
// Every client does the same work per call: GET the active call for a phone number with a
// Bearer token, parse the JSON body and build call objects with `Date` timestamps. The
// peers (built-in fetch, undici.request) are what a careful user writes by hand.
//
// Usage: node bench/node_bench.mjs --client talkover|fetch|undici --url URL --token T
//        [--seconds 3] [--concurrency 64] [--sequential 2000]

import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'

const AGENT = 'agent-bench'
const PHONE = '+5511987654321'
// `talkover` resolves as the package in bindings-node/ (its loader honours
// NAPI_RS_NATIVE_LIBRARY_PATH, which bench/run.py points at the release addon); the peers come
// from bench/node_modules, installed by `make bench`.
const requireTalkover = createRequire(new URL('../bindings-node/package.json', import.meta.url))
const requirePeer = createRequire(import.meta.url)

function parseArgs(argv) {
  const args = { seconds: 3, concurrency: 64, sequential: 2000 }
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '')
    const value = argv[i + 1]
    args[key] = ['seconds', 'concurrency', 'sequential'].includes(key) ? Number(value) : value
  }
  if (!args.client || !args.url || !args.token) throw new Error('--client, --url and --token are required')
  return args
}

function decode(body) {
  return body.data.map((c) => ({
    id: c.id,
    agentId: c.agent_id,
    to: c.to,
    status: c.status,
    startedAt: c.started_at ? new Date(c.started_at) : null,
    durationSeconds: c.duration_seconds ?? null,
  }))
}

// Best-of-N time to require `module` in a fresh Node process that has loaded nothing else.
function requireTimeMs(module, runs = 7) {
  const code = `const t = performance.now(); require(${JSON.stringify(module)}); console.log(performance.now() - t)`
  const cwd = new URL(module === 'talkover' ? '../bindings-node/' : './', import.meta.url)
  const times = Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['-e', code], { cwd }).toString()))
  return Math.min(...times)
}

function makeClient(name, args) {
  const path = `${args.url}/agents/${AGENT}/active-call/%2B${PHONE.slice(1)}`
  const headers = { authorization: `Bearer ${args.token}` }
  let one
  if (name === 'talkover') {
    const { Talkover } = requireTalkover('talkover')
    const client = new Talkover({ token: args.token, baseUrl: args.url })
    one = async () => (await client.activeCall(AGENT, PHONE)).length
  } else if (name === 'fetch') {
    one = async () => {
      const r = await fetch(path, { headers })
      if (!r.ok) throw new Error(`HTTP ${r.status}`)
      return decode(await r.json()).length
    }
  } else if (name === 'undici') {
    const { request, Agent } = requirePeer('undici')
    const dispatcher = new Agent({ connections: 128 })
    one = async () => {
      const r = await request(path, { headers, dispatcher })
      if (r.statusCode !== 200) throw new Error(`HTTP ${r.statusCode}`)
      return decode(await r.body.json()).length
    }
  } else {
    throw new Error(`unknown client ${name}`)
  }
  const importMs = name === 'fetch' ? null : requireTimeMs(name === 'talkover' ? 'talkover' : 'undici')
  return { one, importMs }
}

async function saturate(one, concurrency, seconds) {
  const deadline = performance.now() + seconds * 1000
  const worker = async () => {
    let done = 0
    while (performance.now() < deadline) {
      await one()
      done += 1
    }
    return done
  }
  const counts = await Promise.all(Array.from({ length: concurrency }, worker))
  return counts.reduce((a, b) => a + b, 0)
}

const cpuSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const { one, importMs } = makeClient(args.client, args)
  if ((await one()) !== 1) throw new Error('expected 1 seeded active call')
  await saturate(one, args.concurrency, 0.5)
  let start = performance.now()
  for (let i = 0; i < args.sequential; i++) await one()
  const seqUs = ((performance.now() - start) * 1000) / args.sequential
  const cpu0 = cpuSeconds()
  start = performance.now()
  const calls = await saturate(one, args.concurrency, args.seconds)
  const elapsed = (performance.now() - start) / 1000
  const cpuUs = ((cpuSeconds() - cpu0) * 1e6) / calls
  const round = (x) => Math.round(x * 10) / 10
  console.log(
    JSON.stringify({
      lang: 'node',
      client: args.client,
      seq_us: round(seqUs),
      rps: Math.round(calls / elapsed),
      cpu_us: round(cpuUs),
      calls,
      rss_mib: round(process.resourceUsage().maxRSS / 1024),
      import_ms: importMs === null ? null : round(importMs),
    }),
  )
}

main().catch((e) => {
  console.error(`node_bench: ${e.message}`)
  process.exit(2)
})
