// Quickstart (Node, ESM): the whole call workflow, and the errors a real integration meets.
//
// Dedupe (look up the active call first), place a call only when there is none, find it, end
// it, see what ending it twice does, then list the agent's calls of today. `make demo` runs it
// against the bundled simulator. Against the real API, set TALKOVER_API_TOKEN and
// TALKOVER_BASE_URL (plus TALKOVER_AGENT_ID and TALKOVER_PHONE).
import { Talkover, CallNotActiveError } from 'talkover'

const agentId = process.env.TALKOVER_AGENT_ID ?? 'agent-demo'
const phone = process.env.TALKOVER_PHONE ?? '+55 11 98765-4321'

// Reads TALKOVER_API_TOKEN and TALKOVER_BASE_URL; one client per process is enough.
const client = new Talkover()

const active = await client.activeCall(agentId, phone)
console.log(`[node] active calls for ${phone}: ${active.length}`)
if (active.length === 0) {
  const placed = await client.makeCall(agentId, phone, { payload: { customer_name: 'Ana' } })
  console.log(`[node] placed call ${placed.id} (${placed.status ?? '-'})`)
} else {
  console.log('[node] already on a call: not placing another')
}

const [call] = await client.activeCall(agentId, phone)
if (!call) {
  console.log(`[node] no active call for ${phone}`)
  process.exit(0)
}
console.log(`[node] active call: ${call.id} (${call.status}, ${call.durationSeconds ?? 0} s in)`)

const ended = await client.endCall(agentId, call.id, { timeoutMs: 10_000 })
console.log(`[node] ended ${ended.id}: ${ended.status} (${ended.endedReason ?? '-'})`)

try {
  await client.endCall(agentId, call.id)
  console.log('[node] ending it again succeeded (the call was still active)')
} catch (err) {
  if (!(err instanceof CallNotActiveError)) throw err
  console.log(`[node] ending it again: ${err.name} (HTTP ${err.status}, code ${err.code})`)
}

// Today's calls of the agent (its UTC day), fetched page by page as the loop reads them.
for await (const today of client.listCalls({ agentId, dateFrom: new Date() })) {
  console.log(`[node] today: ${today.id} ${today.status} ${today.direction ?? '-'}`)
}
