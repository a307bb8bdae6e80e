/**
 * The options each operation takes, and their conversion into what the native methods take.
 *
 * Request options (`signal`, `timeoutMs`) share one object with an operation's own fields
 * (SPEC 5). Types are checked here, values by the Rust core; an option the method does not
 * take is refused, naming it, so a typo is never silently ignored.
 *
 * @module
 */

import type { NativeCallFilter, NativeMakeCall, NativeMakeCampaignCall } from '../native.js'
import { invalidArgument } from './errors'
import { isOptional, mustBe, optional, optionalJson, optionalSignal, optionsObject } from './arguments'
import type { CallStatus, Direction } from './models'

/** Per-call options, taken by every operation. */
export interface RequestOptions {
  /**
   * Aborts the call: the in-flight HTTP request is dropped at once and the Promise rejects
   * with `signal.reason` (an `AbortError` `DOMException` unless you gave another reason),
   * as `fetch` does.
   */
  signal?: AbortSignal | null | undefined
  /** Timeout of each attempt of this call, in milliseconds, instead of the client's. */
  timeoutMs?: number | undefined
}

/**
 * Options of `Talkover.makeCall`.
 *
 * @example
 * ```ts
 * const options: MakeCallOptions = { payload: { customer_name: 'Ana' }, delaySeconds: 30, timeoutMs: 10_000 }
 * ```
 */
export interface MakeCallOptions extends RequestOptions {
  /** Values for the placeholders of the agent's prompt (`{{customer_name}}`). */
  payload?: Record<string, unknown> | null | undefined
  /** Your own data, echoed in every webhook event of the call. */
  context?: Record<string, unknown> | null | undefined
  /** Seconds to wait before dialling, 0 to 3600. */
  delaySeconds?: number | null | undefined
  /** A test call: no credits used, left out of analytics. Default `false`. */
  isTesting?: boolean | null | undefined
}

/**
 * Options of `Talkover.makeCampaignCall`.
 *
 * @example
 * ```ts
 * const options: MakeCampaignCallOptions = { context: { lead_id: 'L-7' }, allowDuplicates: false }
 * ```
 */
export interface MakeCampaignCallOptions extends RequestOptions {
  /** Values for the placeholders of the campaign agent's prompt. */
  payload?: Record<string, unknown> | null | undefined
  /** Your own data, echoed in webhook events. */
  context?: Record<string, unknown> | null | undefined
  /** A test call: no credits used, left out of analytics. Default `false`. */
  isTesting?: boolean | null | undefined
  /**
   * Queue it even when the campaign already has a call to this number. Default `false`, and
   * then a retry can never queue a second call (see `DuplicateCallError`).
   */
  allowDuplicates?: boolean | null | undefined
}

/**
 * Filters of `Talkover.listCalls`; every one is optional. `signal` and `timeoutMs` apply to
 * every page request.
 *
 * @example
 * ```ts
 * const today: ListCallsOptions = { agentId: 'agent-uuid', dateFrom: new Date(), perPage: 100 }
 * const january: ListCallsOptions = { dateFrom: '2024-01-01', dateTo: '2024-01-31', status: 'completed' }
 * ```
 */
export interface ListCallsOptions extends RequestOptions {
  /** One agent's calls (`GET /agents/{agentId}/calls`) instead of all (`GET /calls`). */
  agentId?: string | null | undefined
  /** Only calls with this status. */
  status?: CallStatus | null | undefined
  /** Only `inbound` or `outbound` calls. */
  direction?: Direction | null | undefined
  /** Only calls from this day on: a `'YYYY-MM-DD'` string, or a `Date` (its UTC day). */
  dateFrom?: Date | string | null | undefined
  /** Only calls up to this day, inclusive: a `'YYYY-MM-DD'` string, or a `Date` (its UTC day). */
  dateTo?: Date | string | null | undefined
  /** Only calls whose phone numbers or SID contain this text. */
  search?: string | null | undefined
  /** Calls per page, 1 to 100 (the API's default is 20). */
  perPage?: number | null | undefined
}

const NO_OPTIONS: { signal: undefined; timeoutMs: undefined } = { signal: undefined, timeoutMs: undefined }

/**
 * The per-call options of `activeCall` and `endCall`, their types checked; a wrong one
 * throws (the async method rejects). Kept to two property reads: `activeCall` is the hot
 * path.
 */
export function requestOptions(
  options: RequestOptions | null | undefined,
  caller: Function,
): { signal: AbortSignal | undefined; timeoutMs: number | null | undefined } {
  if (options === undefined || options === null) return NO_OPTIONS
  if (typeof options !== 'object') throw invalidArgument('options', mustBe('an object', options), caller)
  const signal = optionalSignal(options.signal, caller)
  const timeoutMs = options.timeoutMs
  if (!isOptional(timeoutMs, 'number')) {
    throw invalidArgument('timeoutMs', mustBe('a number of milliseconds', timeoutMs), caller)
  }
  // A key these methods do not take (`maxRetries`, a typo) is refused rather than silently
  // ignored. Only when options are given, so the call without them keeps its two reads.
  for (const key in options) {
    if (key !== 'signal' && key !== 'timeoutMs') {
      throw invalidArgument(key, `is not an option (known: ${REQUEST.join(', ')})`, caller)
    }
  }
  return { signal, timeoutMs }
}

const REQUEST = ['signal', 'timeoutMs'] as const
const MAKE_CALL = new Set<string>(['payload', 'context', 'delaySeconds', 'isTesting', ...REQUEST])
const MAKE_CAMPAIGN_CALL = new Set<string>(['payload', 'context', 'isTesting', 'allowDuplicates', ...REQUEST])
const LIST_CALLS = new Set<string>([
  'agentId', 'status', 'direction', 'dateFrom', 'dateTo', 'search', 'perPage', ...REQUEST,
])

/** The options of `makeCall` as the native method takes them, and the signal. */
export function makeCallOptions(options: unknown, caller: Function): [NativeMakeCall, AbortSignal | undefined] {
  const o = optionsObject(options, MAKE_CALL, caller)
  const native: NativeMakeCall = {
    payload: optionalJson('payload', o.payload, caller),
    context: optionalJson('context', o.context, caller),
    delaySeconds: optional('delaySeconds', o.delaySeconds, 'number', caller),
    isTesting: optional('isTesting', o.isTesting, 'boolean', caller),
    timeoutMs: optional('timeoutMs', o.timeoutMs, 'number', caller),
  }
  return [native, optionalSignal(o.signal, caller)]
}

/** The options of `makeCampaignCall` as the native method takes them, and the signal. */
export function makeCampaignCallOptions(
  options: unknown,
  caller: Function,
): [NativeMakeCampaignCall, AbortSignal | undefined] {
  const o = optionsObject(options, MAKE_CAMPAIGN_CALL, caller)
  const native: NativeMakeCampaignCall = {
    payload: optionalJson('payload', o.payload, caller),
    context: optionalJson('context', o.context, caller),
    isTesting: optional('isTesting', o.isTesting, 'boolean', caller),
    allowDuplicates: optional('allowDuplicates', o.allowDuplicates, 'boolean', caller),
    timeoutMs: optional('timeoutMs', o.timeoutMs, 'number', caller),
  }
  return [native, optionalSignal(o.signal, caller)]
}

/** The filter of `listCalls` as the native method takes it, and the signal. */
export function listFilter(options: unknown, caller: Function): [NativeCallFilter, AbortSignal | undefined] {
  const o = optionsObject(options, LIST_CALLS, caller)
  const native: NativeCallFilter = {
    agentId: optional('agentId', o.agentId, 'string', caller),
    status: optional('status', o.status, 'string', caller),
    direction: optional('direction', o.direction, 'string', caller),
    dateFrom: day('dateFrom', o.dateFrom, caller),
    dateTo: day('dateTo', o.dateTo, caller),
    search: optional('search', o.search, 'string', caller),
    perPage: optional('perPage', o.perPage, 'number', caller),
    timeoutMs: optional('timeoutMs', o.timeoutMs, 'number', caller),
  }
  return [native, optionalSignal(o.signal, caller)]
}

/**
 * A day filter as the native side takes it: a string as given (the core parses
 * `YYYY-MM-DD`), a `Date` as its milliseconds (the native side takes its UTC day, and
 * refuses an invalid `Date`).
 */
function day(name: string, value: unknown, caller: Function): string | number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.getTime()
  throw invalidArgument(name, mustBe("a Date or a 'YYYY-MM-DD' string", value), caller)
}
