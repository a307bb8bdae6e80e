// Benchmark one Node HTTP client on the real request path; prints one JSON line.
//
// Every client does the same work per call: GET the active call for a phone number with a
// Bearer token, parse the JSON body and build call objects with `Date` timestamps. The
// peers are what a careful user writes by hand: built-in fetch, `undici.request` through an
// Agent, and an undici `Pool` with `pool.request`, tuned as undici's README benchmarks it
// (50 connections, pipelining depth 10, `blocking: false` so requests pipeline).
//
// Usage: node bench/node_bench.mjs --client talkover|fetch|undici|undici-pool --url URL
//        --token T [--seconds 3] [--concurrency 64] [--sequential 2000]
// --op list (a whole 3-page listing through listCalls) and --op make-call (makeCall) are for
// the talkover client; every client does --op active, the default.
// With --seconds 0 only one warm-up call and the sequential calls run (the form counted
// under callgrind by `bench/run.py --callgrind`).

import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'

const AGENT = 'agent-bench'
const PHONE = '+5511987654321'
const DIAL = '+5511987654000' // the number placed by --op make-call
const EXPECTED = { active: 1, list: 30, 'make-call': 1 }
// `talkover` resolves as the package in bindings-node/ (its loader honours
// NAPI_RS_NATIVE_LIBRARY_PATH, which bench/run.py points at the release addon); the peers come
// from bench/node_modules, installed by `make bench`.
const requireTalkover = createRequire(new URL('../bindings-node/package.json', import.meta.url))
const requirePeer = createRequire(import.meta.url)

function parseArgs(argv) {
  const args = { seconds: 3, concurrency: 64, sequential: 2000, op: 'active' }
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '')
    const value = argv[i + 1]
    args[key] = ['seconds', 'concurrency', 'sequential'].includes(key) ? Number(value) : value
  }
  if (!args.client || !args.url || !args.token) throw new Error('--client, --url and --token are required')
  if (!(args.op in EXPECTED)) throw new Error(`unknown --op ${args.op}`)
  if (args.op !== 'active' && args.client !== 'talkover') throw new Error('--op list and make-call are for talkover')
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
    one = {
      active: async () => (await client.activeCall(AGENT, PHONE)).length,
      list: async () => {
        let listed = 0
        for await (const _call of client.listCalls()) listed += 1
        return listed
      },
      'make-call': async () => {
        await client.makeCall(AGENT, DIAL)
        return 1
      },
    }[args.op]
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
  } else if (name === 'undici-pool') {
    const { Pool } = requirePeer('undici')
    const url = new URL(path)
    const pool = new Pool(url.origin, { connections: 50, pipelining: 10 })
    const options = { path: url.pathname + url.search, method: 'GET', headers, blocking: false }
    one = async () => {
      const r = await pool.request(options)
      if (r.statusCode !== 200) throw new Error(`HTTP ${r.statusCode}`)
      return decode(await r.body.json()).length
    }
  } else {
    throw new Error(`unknown client ${name}`)
  }
  const timed = name !== 'fetch' && args.seconds > 0
  const importMs = timed ? requireTimeMs(name === 'talkover' ? 'talkover' : 'undici') : null
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
  if ((await one()) !== EXPECTED[args.op]) throw new Error(`expected ${EXPECTED[args.op]} calls decoded`)
  const full = args.seconds > 0
  if (full) await saturate(one, args.concurrency, 0.5)
  const latencies = new Float64Array(args.sequential)
  let start = performance.now()
  for (let i = 0; i < args.sequential; i++) {
    const t = performance.now()
    await one()
    latencies[i] = performance.now() - t
  }
  const seqUs = ((performance.now() - start) * 1000) / args.sequential
  latencies.sort()
  // Nearest-rank percentile, in microseconds.
  const rank = (p) => latencies[Math.min(latencies.length, Math.max(1, Math.ceil((p / 100) * latencies.length))) - 1] * 1000
  const round = (x) => Math.round(x * 10) / 10
  const out = { lang: 'node', client: args.client, op: args.op, seq_us: round(seqUs), p50_us: round(rank(50)), p99_us: round(rank(99)) }
  if (full) {
    const cpu0 = cpuSeconds()
    start = performance.now()
    const calls = await saturate(one, args.concurrency, args.seconds)
    const elapsed = (performance.now() - start) / 1000
    Object.assign(out, {
      rps: Math.round(calls / elapsed),
      cpu_us: round(((cpuSeconds() - cpu0) * 1e6) / calls),
      calls,
      rss_mib: round(process.resourceUsage().maxRSS / 1024),
      import_ms: importMs === null ? null : round(importMs),
    })
  }
  console.log(JSON.stringify(out))
  // Pools keep sockets open; the measurement is done.
  process.exit(0)
}

main().catch((e) => {
  console.error(`node_bench: ${e.message}`)
  process.exit(2)
})
