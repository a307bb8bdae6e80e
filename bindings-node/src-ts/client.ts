/**
 * The `Talkover` client: a thin Promise API over the native Rust core.
 *
 * Every method returns a Promise and every failure, bad arguments included, arrives as a
 * rejection with a {@link TalkoverError} subclass. Validation, retries, timeouts and decoding
 * all run in the Rust core; this file checks the types of the arguments (so the native
 * methods take typed parameters, and a wrong type is an `InvalidRequestError` naming the
 * argument as you wrote it), wires `AbortSignal`s to the native call, and hands failures to
 * `error-base.ts`. Whether a value is valid (a phone number, a positive timeout, a parsable
 * certificate) is the core's to say.
 *
 * @module
 */

import { AbortHandle, NativeClient } from '../native.js'
import { invalidArgument, isAbortedPayload, toError } from './errors'
import { toCalls, toEndedCall, type Call, type EndedCall } from './models'

/** Settings of a {@link Talkover} client. Every one is optional. */
export interface ClientOptions {
  /** The API token (`talq_...`). Default: the `TALKOVER_API_TOKEN` environment variable. */
  token?: string
  /** The API base URL. Default: `TALKOVER_BASE_URL`, else `https://app.talkover.ai/api/v1`. */
  baseUrl?: string
  /** Timeout of each attempt, in milliseconds. Default 30000. */
  timeoutMs?: number
  /** Retries of transient failures (connection errors, timeouts, 408, 429, 5xx). Default 2. */
  maxRetries?: number
  /**
   * A CA certificate to trust, in PEM (a bundle of several is fine), besides the system's:
   * for a corporate proxy or a test server with its own certificate authority. The bundle
   * named by the `SSL_CERT_FILE` environment variable is trusted too. A value that holds no
   * valid certificate throws an {@link InvalidRequestError}.
   *
   * @example
   * ```ts
   * const client = new Talkover({ caCert: fs.readFileSync('/etc/corp/proxy-ca.pem') })
   * ```
   */
  caCert?: string | Uint8Array
  /**
   * Receives the client's log lines (requests, responses, retries, failures): `console`, or
   * any object with some of `debug`, `info`, `warn` and `error`. Each line goes to the method
   * of its level, on the thread that made the client, as one string such as
   * `retrying request method=GET path=/agents/a1/active-call/+*********4321 reason="HTTP 503"
   * delay_ms=412 retry=1 max_retries=2`. Lines never hold the token, and phone numbers show
   * only their last four digits.
   *
   * The level is the `TALKOVER_LOG` environment variable (`error`, `warn`, `info`, `debug`,
   * `trace`; `off` for none), `info` when it is unset. Without a logger nothing is formatted.
   *
   * @example
   * ```ts
   * const client = new Talkover({ logger: console }) // TALKOVER_LOG=debug for every request
   * ```
   */
  logger?: Logger | null
}

/**
 * Where a client's log lines go: any object with some of these methods (`console`, or a
 * pino / winston logger). A line whose method is missing is dropped; a method that throws is
 * ignored, so logging can never fail a call.
 */
export interface Logger {
  /** Lines at `debug` and `trace` level: every attempt and response. */
  debug?(message: string): void
  /** Lines at `info` level: retries. */
  info?(message: string): void
  /** Lines at `warn` level. */
  warn?(message: string): void
  /** Lines at `error` level. */
  error?(message: string): void
}

type LogMethod = 'debug' | 'info' | 'warn' | 'error'
const LOG_METHODS: readonly LogMethod[] = ['debug', 'info', 'warn', 'error']

/** Per-call options. */
export interface RequestOptions {
  /**
   * Aborts the call: the in-flight HTTP request is dropped at once and the Promise rejects
   * with `signal.reason` (an `AbortError` `DOMException` unless you gave another reason),
   * as `fetch` does.
   */
  signal?: AbortSignal | null
  /** Timeout of each attempt of this call, in milliseconds, instead of the client's. */
  timeoutMs?: number
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/**
 * A TalkOver API client. Cheap to share: make one per process (or per token) and reuse it;
 * every call goes through one connection pool.
 *
 * @example
 * ```ts
 * import { Talkover, CallNotActiveError } from 'talkover'
 *
 * const client = new Talkover() // reads TALKOVER_API_TOKEN
 * for (const call of await client.activeCall('agent-uuid', '+55 11 98765-4321')) {
 *   try {
 *     const ended = await client.endCall('agent-uuid', call.id, { timeoutMs: 5000 })
 *     console.log(ended.endedAt)
 *   } catch (err) {
 *     if (!(err instanceof CallNotActiveError)) throw err
 *   }
 * }
 * ```
 */
export class Talkover {
  readonly #native: NativeClient

  /**
   * Makes a client. Throws an {@link InvalidRequestError} when no token is given or set in
   * the environment, or when a setting is malformed.
   */
  constructor(options: ClientOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw invalidArgument('options', 'must be an object', Talkover)
    }
    const { token, baseUrl, timeoutMs, maxRetries, caCert } = options
    for (const [name, value] of [['token', token], ['baseUrl', baseUrl]] as const) {
      if (!isOptional(value, 'string')) throw invalidArgument(name, mustBe('a string', value), Talkover)
    }
    for (const [name, value] of [['timeoutMs', timeoutMs], ['maxRetries', maxRetries]] as const) {
      if (!isOptional(value, 'number')) throw invalidArgument(name, mustBe('a number', value), Talkover)
    }
    if (!isOptional(caCert, 'string') && !(caCert instanceof Uint8Array)) {
      throw invalidArgument('caCert', mustBe('a PEM string or a Buffer', caCert), Talkover)
    }
    const log = logWriter(options.logger)
    try {
      this.#native = new NativeClient(token, baseUrl, timeoutMs, maxRetries, caCert, log)
    } catch (err) {
      throw toError(err, Talkover)
    }
  }

  /** The base URL requests go to, without a trailing slash. */
  get baseUrl(): string {
    return this.#native.baseUrl
  }

  /** The default per-attempt timeout, in milliseconds. */
  get timeoutMs(): number {
    return this.#native.timeoutMs
  }

  /** The default number of retries. */
  get maxRetries(): number {
    return this.#native.maxRetries
  }

  /**
   * The active calls (`initiated`, `ringing` or `answered`) between an agent and a phone
   * number: usually one, `[]` when there is none.
   *
   * `phone` is E.164 and may contain spaces, `-`, `.`, `(` and `)`.
   *
   * @example
   * ```ts
   * const calls = await client.activeCall('agent-uuid', '+5511987654321', {
   *   signal: AbortSignal.timeout(10_000),
   * })
   * if (calls.length === 0) await placeCall()
   * ```
   */
  async activeCall(agentId: string, phone: string, options?: RequestOptions | null): Promise<Call[]> {
    const native = this.#native
    const caller = Talkover.prototype.activeCall
    requireString('agentId', agentId, caller)
    requireString('phone', phone, caller)
    const { signal, timeoutMs } = requestOptions(options, caller)
    if (signal === undefined) {
      try {
        return toCalls(await native.activeCall(agentId, phone, timeoutMs))
      } catch (err) {
        throw toError(err, Talkover.prototype.activeCall)
      }
    }
    const start = (handle: AbortHandle) => native.activeCall(agentId, phone, timeoutMs, handle)
    return toCalls(await withSignal(signal, start, caller))
  }

  /**
   * Hangs up an active call. The hang-up propagates asynchronously; the
   * `event_phone_call_ended` webhook fires as for a natural hang-up.
   *
   * Rejects with `CallNotActiveError` when the call already ended and `NotFoundError`
   * when the agent has no such call.
   *
   * @example
   * ```ts
   * const ended = await client.endCall('agent-uuid', 'call-id')
   * console.log(ended.status, ended.endedReason) // 'completed' 'ended_by_api'
   * ```
   */
  async endCall(agentId: string, callSid: string, options?: RequestOptions | null): Promise<EndedCall> {
    const native = this.#native
    const caller = Talkover.prototype.endCall
    requireString('agentId', agentId, caller)
    requireString('callSid', callSid, caller)
    const { signal, timeoutMs } = requestOptions(options, caller)
    if (signal === undefined) {
      try {
        return toEndedCall(await native.endCall(agentId, callSid, timeoutMs))
      } catch (err) {
        throw toError(err, Talkover.prototype.endCall)
      }
    }
    const start = (handle: AbortHandle) => native.endCall(agentId, callSid, timeoutMs, handle)
    return toEndedCall(await withSignal(signal, start, caller))
  }

  /** The settings, never the token. */
  toJSON(): { baseUrl: string; timeoutMs: number; maxRetries: number } {
    return { baseUrl: this.baseUrl, timeoutMs: this.timeoutMs, maxRetries: this.maxRetries }
  }

  /** `util.inspect` shows the settings, never the token. */
  [INSPECT](_depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    return `Talkover ${inspect(this.toJSON(), options)}`
  }
}

/** The `(method, line)` function the native client calls for each log line. */
function logWriter(logger: Logger | null | undefined): ((method: LogMethod, line: string) => void) | undefined {
  if (logger === undefined || logger === null) return undefined
  const target = logger as Record<string, unknown>
  if (typeof logger !== 'object' || !LOG_METHODS.some((name) => typeof target[name] === 'function')) {
    throw invalidArgument('logger', 'must be an object with debug, info, warn or error methods', Talkover)
  }
  return (method, line) => {
    const write = target[method]
    if (typeof write !== 'function') return
    try {
      write.call(logger, line)
    } catch {
      // A broken logger must not fail the call or crash the process from a native callback.
    }
  }
}

const NO_OPTIONS: { signal: undefined; timeoutMs: undefined } = { signal: undefined, timeoutMs: undefined }

/** The per-call options, their types checked; a wrong one throws (the async method rejects). */
function requestOptions(
  options: RequestOptions | null | undefined,
  caller: Function,
): { signal: AbortSignal | undefined; timeoutMs: number | null | undefined } {
  if (options === undefined || options === null) return NO_OPTIONS
  if (typeof options !== 'object') throw invalidArgument('options', mustBe('an object', options), caller)
  const signal = options.signal ?? undefined
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw invalidArgument('signal', mustBe('an AbortSignal', signal), caller)
  }
  const timeoutMs = options.timeoutMs
  if (!isOptional(timeoutMs, 'number')) {
    throw invalidArgument('timeoutMs', mustBe('a number of milliseconds', timeoutMs), caller)
  }
  return { signal, timeoutMs }
}

/** Checks a required string argument; throws an `InvalidRequestError` naming it otherwise. */
function requireString(name: string, value: unknown, caller: Function): asserts value is string {
  if (typeof value !== 'string') {
    throw invalidArgument(name, value === undefined || value === null ? 'is required' : mustBe('a string', value), caller)
  }
}

/** Whether `value` is absent (`undefined` or `null`) or of the primitive type `type`. */
function isOptional(value: unknown, type: 'string' | 'number'): boolean {
  return value === undefined || value === null || typeof value === type
}

/** `must be <expected>, got <type of value>`. */
function mustBe(expected: string, value: unknown): string {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  return `must be ${expected}, got ${got}`
}

function isAbortSignal(value: unknown): value is AbortSignal {
  const signal = value as AbortSignal
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof signal.aborted === 'boolean' &&
    typeof signal.addEventListener === 'function' &&
    typeof signal.removeEventListener === 'function'
  )
}

/**
 * Runs a native call that `signal` can abort: aborting drops the Rust task, and with it the
 * HTTP request, then rejects with `signal.reason`, as `fetch` does.
 */
async function withSignal<T>(
  signal: AbortSignal,
  start: (handle: AbortHandle) => Promise<T>,
  caller: Function,
): Promise<T> {
  if (signal.aborted) throw abortReason(signal)
  const handle = new AbortHandle()
  const onAbort = () => handle.abort()
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    return await start(handle)
  } catch (err) {
    // The native promise settles only once the task is gone, so by now the request is too.
    if (isAbortedPayload(err) && signal.aborted) throw abortReason(signal)
    throw toError(err, caller)
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}
