/**
 * The typed results: plain objects, cheap to create and safe to spread, log or
 * `JSON.stringify`.
 *
 * The native module hands results over as flat arrays of field values (see
 * `bindings-node/src/models.rs`) and {@link toCalls} / {@link toEndedCall} turn them into
 * object literals here: V8 builds a literal with a known shape in one step, where setting the
 * same properties one by one through Node-API costs several times more on the hot path.
 *
 * @module
 */

/**
 * Where a call is in its life. Active means `initiated`, `ringing` or `answered`. A status
 * the API adds later arrives verbatim as a string, never as an error.
 */
export type CallStatus =
  | 'initiated'
  | 'ringing'
  | 'answered'
  | 'completed'
  | 'failed'
  | 'busy'
  | 'no-answer'
  // Any other string, kept as the API sent it (the `& {}` keeps editor completion for the
  // known ones).
  | (string & {})

/**
 * A call between an agent and a phone number, from `Talkover.activeCall`.
 *
 * @example
 * ```ts
 * const [call] = await client.activeCall('agent-uuid', '+5511987654321')
 * if (call) console.log(call.id, call.status, call.startedAt?.toISOString())
 * ```
 */
export interface Call {
  /** The call id: the `callSid` that `Talkover.endCall` takes. */
  id: string
  /** The agent placing or receiving the call. */
  agentId: string
  /** The other party, in E.164. */
  to: string
  /** Where the call is in its life. */
  status: CallStatus
  /** When the call started; `null` while it has not. */
  startedAt: Date | null
  /** Seconds since the call started; `null` while it has not. */
  durationSeconds: number | null
  /** Fields this version of the package does not know, exactly as the API sent them. */
  extra: Record<string, unknown>
}

/**
 * The result of `Talkover.endCall`.
 *
 * @example
 * ```ts
 * const ended = await client.endCall('agent-uuid', call.id)
 * console.log(ended.status, ended.endedReason) // 'completed' 'ended_by_api'
 * ```
 */
export interface EndedCall {
  /** The call id. */
  id: string
  /** `completed` once the hang-up is accepted. */
  status: CallStatus
  /** When the call ended; `null` if the API did not say. */
  endedAt: Date | null
  /** Why it ended: `ended_by_api` for calls ended through this endpoint. */
  endedReason: string | null
  /** Fields this version of the package does not know, exactly as the API sent them. */
  extra: Record<string, unknown>
}

/** Values per call in the native `activeCall` result; must match `CALL_FIELDS` in models.rs. */
const CALL_FIELDS = 7

/**
 * `Call` objects from the native flat array `[id, agentId, to, status, startedAt,
 * durationSeconds, extra, ...]`.
 *
 * @internal
 */
export function toCalls(values: unknown[]): Call[] {
  const calls: Call[] = []
  for (let i = 0; i + CALL_FIELDS <= values.length; i += CALL_FIELDS) {
    calls.push({
      id: values[i] as string,
      agentId: values[i + 1] as string,
      to: values[i + 2] as string,
      status: values[i + 3] as CallStatus,
      startedAt: values[i + 4] as Date | null,
      durationSeconds: values[i + 5] as number | null,
      extra: values[i + 6] as Record<string, unknown>,
    })
  }
  return calls
}

/**
 * An `EndedCall` from the native flat array `[id, status, endedAt, endedReason, extra]`.
 *
 * @internal
 */
export function toEndedCall(values: unknown[]): EndedCall {
  return {
    id: values[0] as string,
    status: values[1] as CallStatus,
    endedAt: values[2] as Date | null,
    endedReason: values[3] as string | null,
    extra: values[4] as Record<string, unknown>,
  }
}
