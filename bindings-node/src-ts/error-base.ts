/**
 * The base of the error hierarchy, and the one place that turns a native failure into an
 * instance of it.
 *
 * Every subclass of {@link TalkoverError} is generated from the Rust core's catalogue into
 * `errors.ts` (`make generate`), which registers them here. The native module cannot construct
 * these classes, so it rejects with a payload `{ kind, message, status?, code?, requestId?,
 * body?, retryAfter?, fieldErrors?, existingCall?, mayHaveSucceeded?, param?, headers?,
 * rateLimit? }` where `kind` is the class name the Rust core chose. {@link toError} rebuilds the class here, in the awaiting
 * frame, so `instanceof` works and the stack points at the caller's code.
 *
 * @module
 */

import { toRateLimit, type CampaignCall, type RateLimit } from './models'

/** Structured fields of a {@link TalkoverError}; each is absent when it does not apply. */
export interface ErrorFields {
  /** HTTP status of the response, when one arrived. */
  status?: number
  /** The API's error code (`"CALL_NOT_ACTIVE"`, `"INVALID_TOKEN"`, ...), when it sent one. */
  code?: string
  /** The `x-request-id` response header, when present: quote it to TalkOver support. */
  requestId?: string
  /** The response body: parsed JSON when it was JSON, else its text (capped at 4 KiB). */
  body?: unknown
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  retryAfter?: number
  /** The server's messages per input field (a 422's `errors`), when it sent any. */
  fieldErrors?: Record<string, string[]>
  /** The campaign call that already exists, for a `DuplicateCallError`. */
  existingCall?: CampaignCall
  /** Whether the server may have carried out the request that failed; check before retrying. */
  mayHaveSucceeded?: boolean
  /** The argument at fault, for an `InvalidRequestError` (`"phone"`, `"timeoutMs"`). */
  param?: string
  /** Every header of the response, by lower-case name, when one arrived. */
  headers?: Readonly<Record<string, string>>
  /** The rate-limit state the response reported, when it reported one. */
  rateLimit?: RateLimit | null
}

/**
 * Base class of every error this package throws or rejects with.
 *
 * @example
 * ```ts
 * try {
 *   await client.endCall(agentId, callSid)
 * } catch (err) {
 *   if (err instanceof CallNotActiveError) return // already over
 *   if (err instanceof TalkoverError) console.error(err.name, err.status, err.requestId)
 *   throw err
 * }
 * ```
 */
export class TalkoverError extends Error {
  /** HTTP status of the response, when one arrived. */
  declare readonly status?: number
  /** The API's error code, when it sent one. */
  declare readonly code?: string
  /** The `x-request-id` response header, when present. */
  declare readonly requestId?: string
  /** The response body (parsed JSON, or text), when there was one. */
  declare readonly body?: unknown
  /** Seconds the server asked to wait before retrying, when it said. */
  declare readonly retryAfter?: number
  /** The server's messages per input field, when it sent any. */
  declare readonly fieldErrors?: Record<string, string[]>
  /** The campaign call that already exists, for a `DuplicateCallError`. */
  declare readonly existingCall?: CampaignCall
  /**
   * Whether the server may have carried out the request that failed (a call placed whose
   * answer was lost): check, for instance with `activeCall`, before doing it again.
   */
  declare readonly mayHaveSucceeded: boolean
  /** The argument at fault, for an `InvalidRequestError`, as you wrote it (`"agentId"`). */
  declare readonly param?: string
  /**
   * Every header of the response, by lower-case name (the values of a repeated header joined
   * with `, `); `{}` when no response arrived. Frozen.
   *
   * @example
   * ```ts
   * try {
   *   await client.activeCall('agent-uuid', '+5511987654321')
   * } catch (err) {
   *   if (err instanceof APIStatusError) console.error(err.status, err.headers['x-request-id'], err.headers['via'])
   *   throw err
   * }
   * ```
   */
  declare readonly headers: Readonly<Record<string, string>>
  /**
   * The rate-limit state the response reported (`X-RateLimit-*`); `null` when no response
   * arrived or it reported none.
   *
   * @example
   * ```ts
   * try {
   *   await client.makeCall('agent-uuid', '+5511987654321')
   * } catch (err) {
   *   if (err instanceof RateLimitError) console.warn('rate limited until', err.rateLimit?.resetAt)
   *   throw err
   * }
   * ```
   */
  declare readonly rateLimit: RateLimit | null

  constructor(message: string, fields: ErrorFields = {}, options?: { cause?: unknown }) {
    super(message, options)
    // Only the fields that apply become properties, so `util.inspect` shows what matters.
    for (const key of FIELDS) {
      if (fields[key] !== undefined) {
        Object.defineProperty(this, key, {
          value: fields[key],
          enumerable: true,
          writable: false,
          configurable: true,
        })
      }
    }
  }
}

const FIELDS = [
  'status',
  'code',
  'requestId',
  'body',
  'retryAfter',
  'fieldErrors',
  'existingCall',
  'mayHaveSucceeded',
  'param',
  'headers',
  'rateLimit',
] as const

// `false`, `{}` and `null` unless an error says otherwise: on the prototype, so they are not
// own properties (and `util.inspect` does not list them) for the errors they do not concern.
for (const [key, value] of [
  ['mayHaveSucceeded', false],
  ['headers', Object.freeze({})],
  ['rateLimit', null],
] as const) {
  Object.defineProperty(TalkoverError.prototype, key, { value, writable: true, configurable: true })
}

/** The constructor of a {@link TalkoverError} class. */
export type ErrorClass = new (message: string, fields?: ErrorFields, options?: { cause?: unknown }) => TalkoverError

const CLASSES: Record<string, ErrorClass> = { TalkoverError }

/**
 * Makes `classes` the classes {@link toError} builds, by name, and gives each its `.name`.
 * Called once, by the generated `errors.ts`.
 *
 * @internal
 */
export function registerErrorClasses(classes: Record<string, ErrorClass>): void {
  for (const [name, cls] of Object.entries(classes)) {
    CLASSES[name] = cls
    // `.name` lives on each prototype (not on instances), so it survives minification and
    // `JSON.stringify(err)` does not repeat it.
    Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true })
  }
}

/** What the native module rejects with (`rateLimit` still the flat array `[limit, remaining, resetAt]`). */
interface Payload extends Omit<ErrorFields, 'existingCall' | 'rateLimit'> {
  kind: string
  message: string
  existingCall?: object
  rateLimit?: unknown[]
}

function isPayload(value: unknown): value is Payload {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof (value as Payload).kind === 'string' &&
    typeof (value as Payload).message === 'string'
  )
}

/** The `kind` of the payload for a call whose `AbortSignal` fired. */
export const ABORTED_KIND = 'AbortError'

/** Whether a native rejection is the one for an aborted call. */
export function isAbortedPayload(value: unknown): boolean {
  return isPayload(value) && value.kind === ABORTED_KIND
}

/**
 * Rebuilds a native failure as the right {@link TalkoverError} subclass.
 *
 * `caller` is the public method the user called: its frame and everything above it are left
 * out of the stack, so the stack starts in the user's code. Anything that is not a native
 * payload (a panic caught by Node-API, an unexpected value) becomes a plain `TalkoverError`
 * with the original as `cause`.
 *
 * @internal
 */
export function toError(reason: unknown, caller: Function): unknown {
  let err: TalkoverError
  if (reason instanceof TalkoverError) {
    return reason
  } else if (isPayload(reason)) {
    const cls = CLASSES[reason.kind] ?? TalkoverError
    const { existingCall, rateLimit, headers, ...rest } = reason
    const fields: ErrorFields = rest
    if (existingCall) fields.existingCall = existingCall as CampaignCall
    if (rateLimit) fields.rateLimit = toRateLimit(...(rateLimit as [number | null, number | null, Date | null]))
    if (headers) fields.headers = Object.freeze(headers)
    err = new cls(reason.message, fields)
  } else {
    const detail = reason instanceof Error ? reason.message : String(reason)
    err = new TalkoverError(`internal error in the talkover native module: ${detail}`, {}, { cause: reason })
  }
  Error.captureStackTrace?.(err, caller)
  return err
}

/**
 * The error for an argument of the wrong type, built where the TypeScript layer checks
 * types, with the stack starting at the caller of `caller`.
 *
 * @internal
 */
export function invalidArgument(param: string, reason: string, caller: Function): unknown {
  return toError({ kind: 'InvalidRequestError', message: `invalid ${param}: ${reason}`, param }, caller)
}
