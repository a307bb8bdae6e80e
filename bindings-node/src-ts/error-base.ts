/**
 * The error hierarchy, and the one place that turns a native failure into an instance of it.
 *
 * The native module cannot construct these classes, so it rejects with a payload
 * `{ kind, message, status?, code?, requestId?, body?, retryAfter? }` where `kind` is the class
 * name the Rust core chose. {@link toError} rebuilds the class here, in the awaiting frame, so
 * `instanceof` works and the stack points at the caller's code.
 *
 * ```
 * TalkoverError
 * ├── InvalidRequestError            bad input, refused before any network I/O
 * ├── APIConnectionError             no HTTP response: DNS, refused, reset, TLS
 * │   └── APITimeoutError
 * ├── APIResponseError               a response that is not the documented shape
 * └── APIStatusError                 non-2xx
 *     ├── BadRequestError            400
 *     ├── AuthenticationError        401
 *     ├── PermissionDeniedError      403
 *     ├── NotFoundError              404
 *     ├── ConflictError              409
 *     │   └── CallNotActiveError     409 with code CALL_NOT_ACTIVE
 *     ├── UnprocessableEntityError   422
 *     ├── RateLimitError             429
 *     └── InternalServerError        >= 500
 * ```
 *
 * @module
 */

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

const FIELDS = ['status', 'code', 'requestId', 'body', 'retryAfter'] as const

/** Bad input (a malformed phone number, a blank id, a wrong type), refused before any I/O. */
export class InvalidRequestError extends TalkoverError {}
/** No HTTP response arrived: DNS failure, connection refused or reset, TLS failure. */
export class APIConnectionError extends TalkoverError {}
/** An attempt took longer than `timeoutMs` (after any retries). */
export class APITimeoutError extends APIConnectionError {}
/** A response arrived but is not the documented shape (bad JSON, HTML from a proxy). */
export class APIResponseError extends TalkoverError {}
/** The API answered with a non-2xx status; `status`, `code`, `requestId` and `body` say more. */
export class APIStatusError extends TalkoverError {
  declare readonly status: number
}
/** 400 Bad Request. */
export class BadRequestError extends APIStatusError {}
/** 401: the token is missing, wrong or revoked (`code` is usually `INVALID_TOKEN`). */
export class AuthenticationError extends APIStatusError {}
/** 403: the token may not do this. */
export class PermissionDeniedError extends APIStatusError {}
/** 404: no such agent or call. */
export class NotFoundError extends APIStatusError {}
/** 409 Conflict. */
export class ConflictError extends APIStatusError {}
/** 409 with code `CALL_NOT_ACTIVE`: the call already ended. */
export class CallNotActiveError extends ConflictError {}
/** 422: the API refused the input (`code` is usually `VALIDATION_ERROR`). */
export class UnprocessableEntityError extends APIStatusError {}
/** 429: over the plan's rate limit; `retryAfter` is set when the server said how long to wait. */
export class RateLimitError extends APIStatusError {}
/** 500 and above, after retries. */
export class InternalServerError extends APIStatusError {}

type ErrorClass = new (message: string, fields?: ErrorFields, options?: { cause?: unknown }) => TalkoverError

const CLASSES: Record<string, ErrorClass> = {
  TalkoverError,
  InvalidRequestError,
  APIConnectionError,
  APITimeoutError,
  APIResponseError,
  APIStatusError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  CallNotActiveError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
}

// `.name` lives on each prototype (not on instances), so it survives minification and
// `JSON.stringify(err)` does not repeat it.
for (const [name, cls] of Object.entries(CLASSES)) {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true })
}

/** What the native module rejects with. */
interface Payload extends ErrorFields {
  kind: string
  message: string
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
    err = new cls(reason.message, reason)
  } else {
    const detail = reason instanceof Error ? reason.message : String(reason)
    err = new TalkoverError(`internal error in the talkover native module: ${detail}`, {}, { cause: reason })
  }
  Error.captureStackTrace?.(err, caller)
  return err
}
