// Quickstart (Node, ESM): find the active call for a phone number, end it, and handle the
// errors a real integration meets.
//
// `make demo` runs it against the bundled simulator. Against the real API, set
// TALKOVER_API_TOKEN and TALKOVER_BASE_URL (plus TALKOVER_AGENT_ID and TALKOVER_PHONE).
import { Talkover, CallNotActiveError } from 'talkover'

const agentId = process.env.TALKOVER_AGENT_ID ?? 'agent-demo'
const phone = process.env.TALKOVER_PHONE ?? '+55 11 98765-4321'

// Reads TALKOVER_API_TOKEN and TALKOVER_BASE_URL; one client per process is enough.
const client = new Talkover()

const [call] = await client.activeCall(agentId, phone)
if (!call) {
  console.log(`[node] no active call for ${phone}`)
  process.exit(0)
}
console.log(`[node] active call for ${phone}: ${call.id} (${call.status}, ${call.durationSeconds ?? 0} s in)`)

const ended = await client.endCall(agentId, call.id, { timeoutMs: 10_000 })
console.log(`[node] ended ${ended.id}: ${ended.status} (${ended.endedReason})`)

const after = await client.activeCall(agentId, phone)
console.log(`[node] active calls now: ${after.length}`)

try {
  await client.endCall(agentId, call.id)
  console.log('[node] ending it again succeeded (the call was still active)')
} catch (err) {
  if (!(err instanceof CallNotActiveError)) throw err
  console.log(`[node] ending it again: ${err.name} (HTTP ${err.status}, code ${err.code})`)
}
