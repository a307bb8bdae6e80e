// Quickstart (TypeScript): the same flow with types, and cancellation with AbortSignal.
// Type-checked with `tsc --strict` by the Node test suite.
import { Talkover, CallNotActiveError, TalkoverError, type Call, type EndedCall } from 'talkover'

export async function hangUp(client: Talkover, agentId: string, phone: string): Promise<EndedCall | null> {
  const calls: Call[] = await client.activeCall(agentId, phone, { signal: AbortSignal.timeout(5_000) })
  const call = calls[0]
  if (call === undefined) return null
  try {
    return await client.endCall(agentId, call.id)
  } catch (err) {
    if (err instanceof CallNotActiveError) return null // it ended on its own meanwhile
    if (err instanceof TalkoverError) console.error(`${err.name}: ${err.message}`)
    throw err
  }
}

const client = new Talkover({ maxRetries: 3 })
const ended = await hangUp(client, process.env.TALKOVER_AGENT_ID ?? 'agent-demo', '+55 11 98765-4321')
console.log(ended ? `ended ${ended.id} at ${ended.endedAt?.toISOString()}` : 'nothing to end')
