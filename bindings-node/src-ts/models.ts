/**
 * The typed results: plain objects, cheap to create and safe to spread, log or
 * `JSON.stringify`.
 *
 * The native module builds each result by calling one of the functions below with the
 * result's values as arguments (registered with the addon when this module loads; see
 * `bindings-node/src/factories.rs`): V8 builds an object literal with a known shape in one
 * step, where setting the same properties one by one through Node-API, or filling an array
 * for this side to read, costs several times more on the hot path.
 *
 * Each result's arguments end with what the response said of itself (its request id and
 * rate-limit state), which becomes the non-enumerable `_requestId` and `_rateLimit`
 * properties: visible to code that asks for them, invisible to `JSON.stringify`, spreading
 * and deep equality.
 *
 * @module
 */

import { setModelFactories } from '../native.js'

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

/**
 * A frozen {@link RateLimit}, or `null` when the response reported none.
 *
 * @internal
 */
export function toRateLimit(limit: number | null, remaining: number | null, resetAt: Date | null): RateLimit | null {
  if (limit === null && remaining === null && resetAt === null) return null
  return Object.freeze({ limit, remaining, resetAt })
}

/** Gives `result` the non-enumerable, read-only `_requestId` and `_rateLimit` of its response. */
function withResponse<T extends object>(
  result: T,
  requestId: string | null,
  limit: number | null,
  remaining: number | null,
  resetAt: Date | null,
): T & ResponseMetadata {
  Object.defineProperty(result, '_requestId', { value: requestId })
  Object.defineProperty(result, '_rateLimit', { value: toRateLimit(limit, remaining, resetAt) })
  return result as T & ResponseMetadata
}

/** A `Call` (`factories.rs`: `Model::Call`). */
function makeCall(
  id: string,
  agentId: string,
  to: string,
  status: CallStatus,
  startedAt: Date | null,
  durationSeconds: number | null,
  extra: Record<string, unknown>,
  requestId: string | null,
  limit: number | null,
  remaining: number | null,
  resetAt: Date | null,
): Call {
  const call = { id, agentId, to, status, startedAt, durationSeconds, extra }
  return withResponse(call, requestId, limit, remaining, resetAt)
}

/** An `EndedCall` (`Model::EndedCall`). */
function makeEndedCall(
  id: string,
  status: CallStatus,
  endedAt: Date | null,
  endedReason: string | null,
  extra: Record<string, unknown>,
  requestId: string | null,
  limit: number | null,
  remaining: number | null,
  resetAt: Date | null,
): EndedCall {
  return withResponse({ id, status, endedAt, endedReason, extra }, requestId, limit, remaining, resetAt)
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

/** A `PlacedCall` (`Model::PlacedCall`). */
function makePlacedCall(
  id: string,
  agentId: string | null,
  to: string | null,
  status: CallStatus | null,
  createdAt: Date | null,
  extra: Record<string, unknown>,
  requestId: string | null,
  limit: number | null,
  remaining: number | null,
  resetAt: Date | null,
): PlacedCall {
  return withResponse({ id, agentId, to, status, createdAt, extra }, requestId, limit, remaining, resetAt)
}

/** A `Campaign` (`Model::Campaign`). */
function makeCampaign(id: string, name: string | null, status: string | null, extra: Record<string, unknown>): Campaign {
  return { id, name, status, extra }
}

/** A `CampaignCall` (`Model::CampaignCall`). */
function makeCampaignCall(
  id: string,
  campaignId: string | null,
  to: string | null,
  status: CallStatus,
  scheduledAt: Date | null,
  createdAt: Date | null,
  campaign: Campaign | null,
  extra: Record<string, unknown>,
  requestId: string | null,
  limit: number | null,
  remaining: number | null,
  resetAt: Date | null,
): CampaignCall {
  const call = { id, campaignId, to, status, scheduledAt, createdAt, campaign, extra }
  return withResponse(call, requestId, limit, remaining, resetAt)
}

/** An `AgentRef` (`Model::AgentRef`). */
function makeAgentRef(id: string, name: string | null, label: string | null, extra: Record<string, unknown>): AgentRef {
  return { id, name, label, extra }
}

/** A `CallRecord` (`Model::CallRecord`). */
function makeCallRecord(
  id: string,
  status: CallStatus,
  to: string,
  sid: string | null,
  toFormatted: string | null,
  from: string | null,
  fromFormatted: string | null,
  isTesting: boolean | null,
  direction: Direction | null,
  duration: number | null,
  agent: AgentRef | null,
  createdAt: Date | null,
  updatedAt: Date | null,
  extra: Record<string, unknown>,
): CallRecord {
  return {
    id,
    status,
    to,
    sid,
    toFormatted,
    from,
    fromFormatted,
    isTesting,
    direction,
    duration,
    agent,
    createdAt,
    updatedAt,
    extra,
  }
}

/** A `CallPage` (`Model::CallPage`). */
function makeCallPage(
  items: CallRecord[],
  number: number,
  hasMore: boolean,
  currentPage: number | null,
  lastPage: number | null,
  perPage: number | null,
  total: number | null,
  requestId: string | null,
  limit: number | null,
  remaining: number | null,
  resetAt: Date | null,
): CallPage {
  const page = { items, number, hasMore, currentPage, lastPage, perPage, total }
  return withResponse(page, requestId, limit, remaining, resetAt)
}

// The addon builds every result through these, in this thread (each worker thread that loads
// the package registers its own).
setModelFactories({
  call: makeCall,
  endedCall: makeEndedCall,
  placedCall: makePlacedCall,
  campaign: makeCampaign,
  campaignCall: makeCampaignCall,
  agentRef: makeAgentRef,
  callRecord: makeCallRecord,
  callPage: makeCallPage,
})
