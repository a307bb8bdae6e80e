/**
 * The options each operation takes, and their conversion into what the native methods take.
 *
 * Request options (`signal`, `timeoutMs`, `maxRetries`, `headers`) share one object with an
 * operation's own fields (SPEC 5). Types are checked here, values by the Rust core; an option
 * the method does not take is refused, naming it, so a typo is never silently ignored.
 *
 * @module
 */

import type { NativeCallFilter, NativeMakeCall, NativeMakeCampaignCall, NativeRequestOptions } from '../native.js'
import { invalidArgument } from './errors'
import { isOptional, mustBe, optional, optionalJson, optionalSignal, optionsObject } from './arguments'
import type { CallStatus, Direction } from './models'

/**
 * Per-call options, taken by every operation. Each replaces the client's setting for this
 * call only.
 *
 * @example
 * ```ts
 * const calls = await client.activeCall('agent-uuid', '+5511987654321', {
 *   signal: AbortSignal.timeout(10_000),
 *   timeoutMs: 2_000,
 *   maxRetries: 0,
 *   headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
 * })
 * ```
 */
export interface RequestOptions {
  /**
   * Aborts the call: the in-flight HTTP request is dropped at once and the Promise rejects
   * with `signal.reason` (an `AbortError` `DOMException` unless you gave another reason),
   * as `fetch` does.
   *
   * @example
   * ```ts
   * await client.endCall('agent-uuid', 'call-id', { signal: AbortSignal.timeout(5_000) })
   * ```
   */
  signal?: AbortSignal | null | undefined
  /**
   * Timeout of each attempt of this call, in milliseconds, instead of the client's.
   *
   * @example
   * ```ts
   * await client.activeCall('agent-uuid', '+5511987654321', { timeoutMs: 2_000 })
   * ```
   */
  timeoutMs?: number | undefined
  /**
   * Retries of this call (a non-negative integer), instead of the client's; `0` makes
   * exactly one attempt.
   *
   * @example
   * ```ts
   * await client.activeCall('agent-uuid', '+5511987654321', { maxRetries: 0 })
   * ```
   */
  maxRetries?: number | undefined
  /**
   * Headers sent with every attempt of this call, besides the client's `defaultHeaders`; a
   * name given in both takes this value. For a `traceparent` that links the request into
   * your trace, or anything your gateway wants. A malformed header, or one the client sets
   * itself (`Authorization`, `User-Agent`, `Content-Type`, `Host`, ...), rejects with an
   * `InvalidRequestError` before any request.
   *
   * @example
   * ```ts
   * await client.makeCall('agent-uuid', '+5511987654321', {
   *   headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
   * })
   * ```
   */
  headers?: Record<string, string> | undefined
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
 * Filters of `Talkover.listCalls`; every one is optional. The per-call options (`signal`,
 * `timeoutMs`, `maxRetries`, `headers`) apply to every page request.
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

const NO_OPTIONS: { signal: undefined; request: undefined } = { signal: undefined, request: undefined }

/**
 * The per-call options of `activeCall` and `endCall`, their types checked; a wrong one
 * throws (the async method rejects). Without options this is one comparison: `activeCall`
 * is the hot path.
 */
export function requestOptions(
  options: RequestOptions | null | undefined,
  caller: Function,
): { signal: AbortSignal | undefined; request: NativeRequestOptions | undefined } {
  if (options === undefined || options === null) return NO_OPTIONS
  // A key these methods do not take (a typo) is refused rather than silently ignored.
  const o = optionsObject(options, REQUEST_KEYS, caller)
  return { signal: optionalSignal(o.signal, caller), request: nativeRequest(o, caller) }
}

/**
 * The per-call options other than `signal` as the native methods take them: `undefined`
 * when none is given, so the native side converts nothing.
 */
function nativeRequest(options: Record<string, unknown>, caller: Function): NativeRequestOptions | undefined {
  const { timeoutMs, maxRetries, headers } = options
  if (!isOptional(timeoutMs, 'number')) {
    throw invalidArgument('timeoutMs', mustBe('a number of milliseconds', timeoutMs), caller)
  }
  if (!isOptional(maxRetries, 'number')) {
    throw invalidArgument('maxRetries', mustBe('a non-negative integer', maxRetries), caller)
  }
  const flat = headerPairs('headers', headers, caller)
  if ((timeoutMs ?? undefined) === undefined && (maxRetries ?? undefined) === undefined && flat === undefined) {
    return undefined
  }
  return {
    timeoutMs: (timeoutMs as number | null | undefined) ?? undefined,
    maxRetries: (maxRetries as number | null | undefined) ?? undefined,
    headers: flat,
  }
}

/**
 * A `Record<string, string>` of headers as the flat `[name, value, name, value, ...]` the
 * native side takes, or `undefined` when absent or empty. Names and values are the core's to
 * judge; only their types are checked here.
 *
 * @internal
 */
export function headerPairs(name: string, headers: unknown, caller: Function): string[] | undefined {
  if (headers === undefined || headers === null) return undefined
  if (typeof headers !== 'object' || Array.isArray(headers) || headers instanceof Map) {
    throw invalidArgument(name, mustBe('an object of header names to string values', headers), caller)
  }
  const flat: string[] = []
  for (const key of Object.keys(headers)) {
    const value = (headers as Record<string, unknown>)[key]
    if (typeof value !== 'string') {
      throw invalidArgument(name, `the value of ${JSON.stringify(key)} ${mustBe('a string', value)}`, caller)
    }
    flat.push(key, value)
  }
  return flat.length === 0 ? undefined : flat
}

const REQUEST = ['signal', 'timeoutMs', 'maxRetries', 'headers'] as const
const REQUEST_KEYS = new Set<string>(REQUEST)
const MAKE_CALL = new Set<string>(['payload', 'context', 'delaySeconds', 'isTesting', ...REQUEST])
const MAKE_CAMPAIGN_CALL = new Set<string>(['payload', 'context', 'isTesting', 'allowDuplicates', ...REQUEST])
const LIST_CALLS = new Set<string>([
  'agentId', 'status', 'direction', 'dateFrom', 'dateTo', 'search', 'perPage', ...REQUEST,
])

/** What a method with options of its own hands to the native method besides them. */
export interface Operation<T> {
  /** The operation's own fields. */
  fields: T
  /** The per-call options, `undefined` when none is given. */
  request: NativeRequestOptions | undefined
  /** The signal, when one is given. */
  signal: AbortSignal | undefined
}

/** The options of `makeCall` as the native method takes them. */
export function makeCallOptions(options: unknown, caller: Function): Operation<NativeMakeCall> {
  const o = optionsObject(options, MAKE_CALL, caller)
  const fields: NativeMakeCall = {
    payload: optionalJson('payload', o.payload, caller),
    context: optionalJson('context', o.context, caller),
    delaySeconds: optional('delaySeconds', o.delaySeconds, 'number', caller),
    isTesting: optional('isTesting', o.isTesting, 'boolean', caller),
  }
  return { fields, request: nativeRequest(o, caller), signal: optionalSignal(o.signal, caller) }
}

/** The options of `makeCampaignCall` as the native method takes them. */
export function makeCampaignCallOptions(options: unknown, caller: Function): Operation<NativeMakeCampaignCall> {
  const o = optionsObject(options, MAKE_CAMPAIGN_CALL, caller)
  const fields: NativeMakeCampaignCall = {
    payload: optionalJson('payload', o.payload, caller),
    context: optionalJson('context', o.context, caller),
    isTesting: optional('isTesting', o.isTesting, 'boolean', caller),
    allowDuplicates: optional('allowDuplicates', o.allowDuplicates, 'boolean', caller),
  }
  return { fields, request: nativeRequest(o, caller), signal: optionalSignal(o.signal, caller) }
}

/** The filter of `listCalls` as the native method takes it. */
export function listFilter(options: unknown, caller: Function): Operation<NativeCallFilter> {
  const o = optionsObject(options, LIST_CALLS, caller)
  const fields: NativeCallFilter = {
    agentId: optional('agentId', o.agentId, 'string', caller),
    status: optional('status', o.status, 'string', caller),
    direction: optional('direction', o.direction, 'string', caller),
    dateFrom: day('dateFrom', o.dateFrom, caller),
    dateTo: day('dateTo', o.dateTo, caller),
    search: optional('search', o.search, 'string', caller),
    perPage: optional('perPage', o.perPage, 'number', caller),
  }
  return { fields, request: nativeRequest(o, caller), signal: optionalSignal(o.signal, caller) }
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
