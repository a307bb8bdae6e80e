// Benchmark of the `talkover` Node package against the simulator binary.
//
// Measures what the package promises: `activeCall` throughput at 64 concurrent calls, peak
// RSS of the process making them, and the time `require('talkover')` takes in a fresh process.
// The simulator (`talkover-mock`, release build) runs pinned to one core and the measured
// Node process to the other, when `taskset` exists and there are two cores or more.
//
// Usage: node bench/bench_node.mjs --mock PATH [--native PATH] [--seconds 5]
//        [--concurrency 64] [--repeats 3] [--json] [--rt]
//
// --rt runs both processes under SCHED_FIFO (`chrt -f 50`, needs root): on a machine busy
// with other work this measures the package rather than the neighbours.
// --native points the package at a specific `.node` build (a release build, usually) through
// the loader's NAPI_RS_NATIVE_LIBRARY_PATH override.

import { execFileSync, spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const TOKEN = 'talq_bench_token'
const AGENT = 'agent-bench'
const PHONE = '+5511987654321'
const SELF = fileURLToPath(import.meta.url)

function parseArgs(argv) {
  const args = { seconds: 5, concurrency: 64, repeats: 3, json: false }
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '')
    if (key === 'json') args.json = true
    else if (key === 'rt') args.rt = true
    else if (key === 'child') args.child = true
    else args[key] = ['seconds', 'concurrency', 'repeats'].includes(key) ? Number(argv[++i]) : argv[++i]
  }
  return args
}

/** `taskset` (and `chrt` with --rt) prefixes putting a process on `core`, when available. */
function pin(core, rt = false) {
  const prefix = []
  if (availableParallelism() >= 2 && works('taskset', ['-c', '0', 'true'])) prefix.push('taskset', '-c', String(core))
  if (rt && works('chrt', ['-f', '50', 'true'])) prefix.push('chrt', '-f', '50')
  return prefix
}

function works(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Runs in the measured process: require time, then a closed loop of `concurrency` callers. */
async function child(args) {
  const { createRequire } = await import('node:module')
  const require = createRequire(new URL('../package.json', import.meta.url))
  const started = performance.now()
  const { Talkover } = require('talkover')
  const requireMs = performance.now() - started

  const client = new Talkover({ token: TOKEN, baseUrl: args.url })
  const loop = async (deadline) => {
    let done = 0
    while (performance.now() < deadline) {
      const calls = await client.activeCall(AGENT, PHONE)
      if (calls.length !== 1) throw new Error(`expected one call, got ${calls.length}`)
      done++
    }
    return done
  }
  const run = async (seconds) => {
    const deadline = performance.now() + seconds * 1000
    const t0 = performance.now()
    const counts = await Promise.all(Array.from({ length: args.concurrency }, () => loop(deadline)))
    return counts.reduce((a, b) => a + b, 0) / ((performance.now() - t0) / 1000)
  }
  await run(1) // warm up: connections, JIT
  const perSecond = await run(args.seconds)
  const rssMiB = process.resourceUsage().maxRSS / 1024
  process.stdout.write(JSON.stringify({ perSecond, rssMiB, requireMs }) + '\n')
}

function startSimulator(mock, rt) {
  return new Promise((resolve, reject) => {
    const [cmd, ...rest] = [...pin(1, rt), mock, '--port', '0', '--token', TOKEN]
    const proc = spawn(cmd, rest, { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    proc.on('error', reject)
    proc.stdout.on('data', (d) => {
      out += d
      const match = /(http:\/\/\S+)/.exec(out)
      if (match) resolve({ proc, url: match[1] })
    })
    proc.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)))
  })
}

function measureOnce(args, url) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env }
    if (args.native) env.NAPI_RS_NATIVE_LIBRARY_PATH = path.resolve(args.native)
    const [cmd, ...rest] = [
      ...pin(0, args.rt),
      process.execPath,
      SELF,
      '--child',
      '--url', url,
      '--seconds', String(args.seconds),
      '--concurrency', String(args.concurrency),
    ]
    const proc = spawn(cmd, rest, { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    proc.stdout.on('data', (d) => (out += d))
    proc.on('error', reject)
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`bench child exited with ${code}`))))
  })
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main(args) {
  if (!args.mock) throw new Error('--mock PATH (the talkover-mock binary) is required')
  const { proc, url } = await startSimulator(args.mock, args.rt)
  try {
    const seed = { agent_id: AGENT, to: PHONE, status: 'answered', id: 'call-bench' }
    const origin = new URL(url).origin
    const seeded = await fetch(`${origin}/__mock/calls`, { method: 'POST', body: JSON.stringify(seed), headers: { 'content-type': 'application/json' } })
    if (!seeded.ok) throw new Error(`seeding failed: HTTP ${seeded.status}`)
    const runs = []
    for (let i = 0; i < args.repeats; i++) runs.push(await measureOnce(args, url))
    const summary = {
      client: 'talkover (node)',
      concurrency: args.concurrency,
      seconds: args.seconds,
      repeats: args.repeats,
      perSecond: Math.round(median(runs.map((r) => r.perSecond))),
      perSecondMin: Math.round(Math.min(...runs.map((r) => r.perSecond))),
      perSecondMax: Math.round(Math.max(...runs.map((r) => r.perSecond))),
      peakRssMiB: Number(Math.max(...runs.map((r) => r.rssMiB)).toFixed(1)),
      requireMs: Number(median(runs.map((r) => r.requireMs)).toFixed(2)),
      pinned: pin(0).length > 0,
      realtime: Boolean(args.rt) && pin(0, true).includes('chrt'),
    }
    if (args.json) {
      process.stdout.write(JSON.stringify(summary) + '\n')
    } else {
      console.log(
        `node talkover: ${summary.perSecond} activeCall/s at ${summary.concurrency} concurrent ` +
          `(min ${summary.perSecondMin}, max ${summary.perSecondMax}, ${summary.repeats} runs of ${summary.seconds} s), ` +
          `peak RSS ${summary.peakRssMiB} MiB, require ${summary.requireMs} ms` +
          (summary.pinned ? ' [simulator and client pinned to separate cores]' : '') +
          (summary.realtime ? ' [SCHED_FIFO]' : ''),
      )
      console.log('target: >= 40,000 activeCall/s, peak RSS <= 80 MiB, require <= 20 ms')
    }
  } finally {
    proc.kill('SIGTERM')
  }
}

const args = parseArgs(process.argv.slice(2))
if (args.child) await child(args)
else await main(args)
