// Quickstart (TypeScript): the same workflow with types, and cancellation with AbortSignal.
// Type-checked with `tsc --strict` by examples/tests/readme.test.mjs.
import {
  Talkover,
  CallNotActiveError,
  TalkoverError,
  type Call,
  type CallRecord,
  type EndedCall,
  type PlacedCall,
} from 'talkover'

/** Places a call unless one is already active for the number (dedupe before placing). */
export async function placeOnce(client: Talkover, agentId: string, phone: string): Promise<PlacedCall | null> {
  const active: Call[] = await client.activeCall(agentId, phone, { signal: AbortSignal.timeout(5_000) })
  if (active.length > 0) return null
  try {
    return await client.makeCall(agentId, phone, { payload: { customer_name: 'Ana' } })
  } catch (err) {
    // The call may have been placed although the answer was lost: never place it blindly again.
    if (err instanceof TalkoverError && err.mayHaveSucceeded) return null
    throw err
  }
}

export async function hangUp(client: Talkover, agentId: string, phone: string): Promise<EndedCall | null> {
  const [call] = await client.activeCall(agentId, phone)
  if (call === undefined) return null
  try {
    return await client.endCall(agentId, call.id)
  } catch (err) {
    if (err instanceof CallNotActiveError) return null // it ended on its own meanwhile
    throw err
  }
}

const client = new Talkover({ maxRetries: 3 })
const agentId = process.env.TALKOVER_AGENT_ID ?? 'agent-demo'
const phone = process.env.TALKOVER_PHONE ?? '+55 11 98765-4321'

const placed = await placeOnce(client, agentId, phone)
console.log(placed ? `placed ${placed.id}` : 'already on a call')
const ended = await hangUp(client, agentId, phone)
console.log(ended ? `ended ${ended.id} at ${ended.endedAt?.toISOString()}` : 'nothing to end')

const today: CallRecord[] = []
for await (const call of client.listCalls({ agentId, dateFrom: new Date() })) today.push(call)
console.log(`${today.length} call(s) today`)
