/**
 * The typed results: plain objects, cheap to create and safe to spread, log or
 * `JSON.stringify`.
 *
 * The native module hands results over as flat arrays of field values (see
 * `bindings-node/src/models.rs`) and {@link toCalls}, {@link toEndedCall} and the other `to*`
 * functions turn them into object literals here: V8 builds a literal with a known shape in one
 * step, where setting the same properties one by one through Node-API costs several times more
 * on the hot path. The run lengths come from the addon, so the two sides cannot disagree.
 *
 * Each result's run ends with what the response said of itself (its request id and rate-limit
 * state), which becomes the non-enumerable `_requestId` and `_rateLimit` properties: visible
 * to code that asks for them, invisible to `JSON.stringify`, spreading and deep equality.
 *
 * @module
 */

import {
  CALL_FIELDS as NATIVE_CALL_FIELDS,
  CALL_RECORD_FIELDS as NATIVE_RECORD_FIELDS,
  META_FIELDS as NATIVE_META_FIELDS,
} from '../native.js'

/**
 * The rate-limit state a response reported (`X-RateLimit-Limit`, `-Remaining` and
 * `-Reset`): on every result as `_rateLimit`, and on an error as `rateLimit`. Each value is
 * `null` when its header was absent or unreadable. Frozen.
 *
 * @example
 * ```ts
 * const ended = await client.endCall('agent-uuid', 'call-id')
 * const rate = ended._rateLimit
 * if (rate?.remaining === 0 && rate.resetAt) {
 *   await new Promise((resolve) => setTimeout(resolve, rate.resetAt!.getTime() - Date.now()))
 * }
 * ```
 */
export interface RateLimit {
  /** Requests allowed per window. */
  readonly limit: number | null
  /** Requests left in the current window. */
  readonly remaining: number | null
  /** When the window resets. */
  readonly resetAt: Date | null
}

/**
 * What every result knows about the HTTP response it came from. Both properties are
 * non-enumerable and read-only: `JSON.stringify`, spreading (`{ ...call }`) and deep
 * equality see only the API's fields.
 *
 * @example
 * ```ts
 * const placed = await client.makeCall('agent-uuid', '+5511987654321')
 * console.log(placed._requestId, placed._rateLimit?.remaining)
 * JSON.stringify(placed) // the API's fields only
 * ```
 */
export interface ResponseMetadata {
  /**
   * The response's `x-request-id`, to quote to TalkOver support; `null` when it sent none.
   * Always set on a result the client returns; optional so that fixtures you write as object
   * literals need not invent one.
   */
  readonly _requestId?: string | null
  /** The rate-limit state the response reported; `null` when it reported none. */
  readonly _rateLimit?: RateLimit | null
}

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
  | 'queued'
  | 'scheduled'
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
export interface Call extends ResponseMetadata {
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
export interface EndedCall extends ResponseMetadata {
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

/** Values per call in the native `activeCall` result (`CALL_FIELDS` in models.rs). */
const CALL_FIELDS: number = NATIVE_CALL_FIELDS
/** Values per record in a native call page (`CALL_RECORD_FIELDS` in models.rs). */
const RECORD_FIELDS: number = NATIVE_RECORD_FIELDS
/** Values of the response at the end of each result's run (`META_FIELDS` in models.rs). */
const META_FIELDS: number = NATIVE_META_FIELDS
/** Where the response's values start in a call's run. */
const CALL_META: number = CALL_FIELDS - META_FIELDS

/**
 * A frozen {@link RateLimit} from the native `[limit, remaining, resetAt]` at `values[i]`,
 * or `null` when the response reported none.
 *
 * @internal
 */
export function toRateLimit(values: unknown[], i = 0): RateLimit | null {
  const limit = values[i] as number | null
  const remaining = values[i + 1] as number | null
  const resetAt = values[i + 2] as Date | null
  if (limit === null && remaining === null && resetAt === null) return null
  return Object.freeze({ limit, remaining, resetAt })
}

/**
 * Gives `result` the non-enumerable, read-only `_requestId` and `_rateLimit` of the native
 * `[requestId, limit, remaining, resetAt]` at `values[i]`.
 */
function withResponse<T extends object>(result: T, values: unknown[], i: number): T & ResponseMetadata {
  Object.defineProperty(result, '_requestId', { value: values[i] as string | null })
  Object.defineProperty(result, '_rateLimit', { value: toRateLimit(values, i + 1) })
  return result as T & ResponseMetadata
}

/**
 * `Call` objects from the native flat array `[id, agentId, to, status, startedAt,
 * durationSeconds, extra, requestId, limit, remaining, resetAt, ...]`.
 *
 * @internal
 */
export function toCalls(values: unknown[]): Call[] {
  const calls: Call[] = []
  for (let i = 0; i + CALL_FIELDS <= values.length; i += CALL_FIELDS) {
    const call = {
      id: values[i] as string,
      agentId: values[i + 1] as string,
      to: values[i + 2] as string,
      status: values[i + 3] as CallStatus,
      startedAt: values[i + 4] as Date | null,
      durationSeconds: values[i + 5] as number | null,
      extra: values[i + 6] as Record<string, unknown>,
    }
    calls.push(withResponse(call, values, i + CALL_META))
  }
  return calls
}

/**
 * An `EndedCall` from the native flat array `[id, status, endedAt, endedReason, extra]`,
 * then the response's `[requestId, limit, remaining, resetAt]`.
 *
 * @internal
 */
export function toEndedCall(values: unknown[]): EndedCall {
  const ended = {
    id: values[0] as string,
    status: values[1] as CallStatus,
    endedAt: values[2] as Date | null,
    endedReason: values[3] as string | null,
    extra: values[4] as Record<string, unknown>,
  }
  return withResponse(ended, values, 5)
}

/** Which way a listed call went. A direction the API adds later arrives verbatim. */
export type Direction = 'inbound' | 'outbound' | (string & {})

/**
 * The call the API accepted from `Talkover.makeCall`. It is placed asynchronously: it starts
 * `initiated`, and `activeCall` finds it while it is active. Only `id` is always present.
 *
 * @example
 * ```ts
 * const placed = await client.makeCall('agent-uuid', '+5511987654321')
 * console.log(placed.id, placed.status) // 'call-...' 'initiated'
 * ```
 */
export interface PlacedCall extends ResponseMetadata {
  /** The call id: what `endCall` takes and webhooks carry. */
  id: string
  /** The agent placing the call, when the API said. */
  agentId: string | null
  /** The number dialled, in E.164, when the API said. */
  to: string | null
  /** The status, usually `initiated`, when the API said. */
  status: CallStatus | null
  /** When the API accepted the call. */
  createdAt: Date | null
  /** Fields this version of the package does not know, exactly as the API sent them. */
  extra: Record<string, unknown>
}

/** A campaign, as described next to a {@link CampaignCall}. */
export interface Campaign {
  /** The campaign id. */
  id: string
  /** Its name. */
  name: string | null
  /** `draft`, `active`, `paused`, `completed`, `cancelled`, or a status added later. */
  status: string | null
  /** Fields this version of the package does not know, exactly as the API sent them. */
  extra: Record<string, unknown>
}

/**
 * A call queued in a campaign, from `Talkover.makeCampaignCall`, or the `existingCall` of a
 * `DuplicateCallError`.
 *
 * @example
 * ```ts
 * const queued = await client.makeCampaignCall('campaign-uuid', '+5511987654321')
 * if (queued.status === 'scheduled') console.log('at', queued.scheduledAt)
 * ```
 */
export interface CampaignCall extends ResponseMetadata {
  /** The campaign call's id, to correlate with webhooks. */
  id: string
  /** The campaign it belongs to, when the API said. */
  campaignId: string | null
  /** The number to call, in E.164, when the API said. */
  to: string | null
  /** `queued` (waiting for dispatch) or `scheduled`, then the statuses of any call. */
  status: CallStatus
  /** When a `scheduled` call will be placed. */
  scheduledAt: Date | null
  /** When the campaign call was created. */
  createdAt: Date | null
  /** The campaign, when the API described it in the same answer (never for a duplicate). */
  campaign: Campaign | null
  /** Fields this version of the package does not know, exactly as the API sent them. */
  extra: Record<string, unknown>
}

/** The agent of a {@link CallRecord}. */
export interface AgentRef {
  /** The agent id. */
  id: string
  /** Its name. */
  name: string | null
  /** Its label. */
  label: string | null
  /** Fields this version of the package does not know, exactly as the API sent them. */
  extra: Record<string, unknown>
}

/**
 * A call as listed by `Talkover.listCalls`: any call, past or present.
 *
 * @example
 * ```ts
 * for await (const call of client.listCalls({ direction: 'outbound' })) {
 *   console.log(call.id, call.from, call.duration)
 * }
 * ```
 */
export interface CallRecord {
  /** The call id: what `endCall` takes. */
  id: string
  /** Where the call is in its life. */
  status: CallStatus
  /** The other party's number (E.164). */
  to: string
  /** The telephony provider's call SID (not the id `endCall` takes). */
  sid: string | null
  /** `to` formatted for display. */
  toFormatted: string | null
  /** The caller's number. */
  from: string | null
  /** `from` formatted for display. */
  fromFormatted: string | null
  /** Whether it was a test call (no credits used, not in analytics). */
  isTesting: boolean | null
  /** `inbound` or `outbound`. */
  direction: Direction | null
  /** Length in seconds (0 while the call has not completed). */
  duration: number | null
  /** The agent, in the all-calls listing (an agent's own listing leaves it out). */
  agent: AgentRef | null
  /** When the call was created. */
  createdAt: Date | null
  /** When the call last changed. */
  updatedAt: Date | null
  /** Fields this version of the package does not know, exactly as the API sent them. */
  extra: Record<string, unknown>
}

/** One page of a call listing. */
export interface CallPage extends ResponseMetadata {
  /** The calls on this page, in the server's order. */
  items: CallRecord[]
  /** Which page this is (1-based): the one asked for. */
  number: number
  /** Whether another page follows. */
  hasMore: boolean
  /** The page the server says this is. */
  currentPage: number | null
  /** The last page there is, as the server said. */
  lastPage: number | null
  /** Items per page, as the server said. */
  perPage: number | null
  /** Items in the whole listing, as the server said. */
  total: number | null
}

/**
 * A `PlacedCall` from the native flat array `[id, agentId, to, status, createdAt, extra]`,
 * then the response's `[requestId, limit, remaining, resetAt]`.
 *
 * @internal
 */
export function toPlacedCall(values: unknown[]): PlacedCall {
  const placed = {
    id: values[0] as string,
    agentId: values[1] as string | null,
    to: values[2] as string | null,
    status: values[3] as CallStatus | null,
    createdAt: values[4] as Date | null,
    extra: values[5] as Record<string, unknown>,
  }
  return withResponse(placed, values, 6)
}

function toCampaign(values: unknown[] | null): Campaign | null {
  if (values === null) return null
  return {
    id: values[0] as string,
    name: values[1] as string | null,
    status: values[2] as string | null,
    extra: values[3] as Record<string, unknown>,
  }
}

/**
 * A `CampaignCall` from the native flat array `[id, campaignId, to, status, scheduledAt,
 * createdAt, campaign, extra]`, `campaign` being `[id, name, status, extra]` or `null`,
 * then the response's `[requestId, limit, remaining, resetAt]`.
 *
 * @internal
 */
export function toCampaignCall(values: unknown[]): CampaignCall {
  const call = {
    id: values[0] as string,
    campaignId: values[1] as string | null,
    to: values[2] as string | null,
    status: values[3] as CallStatus,
    scheduledAt: values[4] as Date | null,
    createdAt: values[5] as Date | null,
    campaign: toCampaign(values[6] as unknown[] | null),
    extra: values[7] as Record<string, unknown>,
  }
  return withResponse(call, values, 8)
}

function toAgent(values: unknown[] | null): AgentRef | null {
  if (values === null) return null
  return {
    id: values[0] as string,
    name: values[1] as string | null,
    label: values[2] as string | null,
    extra: values[3] as Record<string, unknown>,
  }
}

/**
 * A `CallPage` from the native flat array `[number, hasMore, currentPage, lastPage, perPage,
 * total, records]`, `records` holding `CALL_RECORD_FIELDS` values per call, then the
 * response's `[requestId, limit, remaining, resetAt]`.
 *
 * @internal
 */
export function toCallPage(values: unknown[]): CallPage {
  const records = values[6] as unknown[]
  const items: CallRecord[] = []
  for (let i = 0; i + RECORD_FIELDS <= records.length; i += RECORD_FIELDS) {
    items.push({
      id: records[i] as string,
      status: records[i + 1] as CallStatus,
      to: records[i + 2] as string,
      sid: records[i + 3] as string | null,
      toFormatted: records[i + 4] as string | null,
      from: records[i + 5] as string | null,
      fromFormatted: records[i + 6] as string | null,
      isTesting: records[i + 7] as boolean | null,
      direction: records[i + 8] as Direction | null,
      duration: records[i + 9] as number | null,
      agent: toAgent(records[i + 10] as unknown[] | null),
      createdAt: records[i + 11] as Date | null,
      updatedAt: records[i + 12] as Date | null,
      extra: records[i + 13] as Record<string, unknown>,
    })
  }
  const page = {
    items,
    number: values[0] as number,
    hasMore: values[1] as boolean,
    currentPage: values[2] as number | null,
    lastPage: values[3] as number | null,
    perPage: values[4] as number | null,
    total: values[5] as number | null,
  }
  return withResponse(page, values, 7)
}
