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
import { isOptional, mustBe, optionsObject, requireString, run, throwIfAborted, withSignal } from './arguments'
import { invalidArgument, toError } from './errors'
import { openCallList, type CallList } from './list'
import {
  type Call,
  type CampaignCall,
  type EndedCall,
  type PlacedCall,
} from './models'
import {
  headerPairs,
  listFilter,
  makeCallOptions,
  makeCampaignCallOptions,
  requestOptions,
  type ListCallsOptions,
  type MakeCallOptions,
  type MakeCampaignCallOptions,
  type RequestOptions,
} from './requests'

/** Settings of a {@link Talkover} client. Every one is optional. */
export interface ClientOptions {
  /** The API token (`talq_...`). Default: the `TALKOVER_API_TOKEN` environment variable. */
  token?: string | undefined
  /** The API base URL. Default: `TALKOVER_BASE_URL`, else `https://app.talkover.ai/api/v1`. */
  baseUrl?: string | undefined
  /** Timeout of each attempt, in milliseconds. Default 30000. */
  timeoutMs?: number | undefined
  /** Retries of transient failures (connection errors, timeouts, 408, 429, 5xx). Default 2. */
  maxRetries?: number | undefined
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
  caCert?: string | Uint8Array | undefined
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
  logger?: Logger | null | undefined
  /**
   * Time allowed to open a connection (TCP and TLS), in milliseconds, within each attempt's
   * timeout. Default 10000.
   *
   * @example
   * ```ts
   * const client = new Talkover({ connectTimeoutMs: 2_000 }) // fail over fast when the network is down
   * ```
   */
  connectTimeoutMs?: number | undefined
  /**
   * Sends every request through this proxy: an `http://` or `https://` URL, which may hold
   * credentials (`http://user:pass@proxy:3128`; they never appear in any output). Default:
   * the `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` environment variables, as
   * curl reads them. A malformed URL throws an {@link InvalidRequestError}.
   *
   * @example
   * ```ts
   * const client = new Talkover({ proxy: 'http://proxy.internal:3128' })
   * ```
   */
  proxy?: string | undefined
  /**
   * Your application, appended to the `User-Agent` so the API's operators can tell its
   * traffic apart: a product token such as `my-app/2.3` (several, space-separated, are
   * fine), printable ASCII. The header then reads
   * `talkover-node/0.1.0 (Node.js 22.11.0; linux x86_64) my-app/2.3`.
   *
   * @example
   * ```ts
   * const client = new Talkover({ appInfo: 'billing-worker/1.4' })
   * console.log(client.userAgent) // 'talkover-node/0.1.0 (Node.js 22.11.0; linux x86_64) billing-worker/1.4'
   * ```
   */
  appInfo?: string | undefined
  /**
   * Headers sent with every request, such as a tenant id for your own gateway. A call's own
   * `headers` replace one of the same name. A malformed header, or one the client sets itself
   * (`Authorization`, `User-Agent`, `Content-Type`, `Host`, ...), throws an
   * {@link InvalidRequestError}.
   *
   * @example
   * ```ts
   * const client = new Talkover({ defaultHeaders: { 'x-tenant': 'acme' } })
   * ```
   */
  defaultHeaders?: Record<string, string> | undefined
  /**
   * Called after every HTTP attempt, retries included, with what it was and how it went (see
   * {@link Attempt}): the way to feed the client's requests to tracing or metrics, since the
   * HTTP stack is native and invisible to Node's instrumentation. Called on the thread that
   * made the client, after the attempt; what it throws is ignored, so it can never fail a
   * call.
   *
   * @example
   * ```ts
   * const client = new Talkover({
   *   onAttempt: (a) => console.log(a.method, a.path, a.status ?? a.error, `${a.durationMs.toFixed(0)} ms`),
   * })
   * ```
   */
  onAttempt?: ((attempt: Attempt) => void) | null | undefined
}

/**
 * One HTTP attempt, as `onAttempt` sees it once it is over: a retry is a new attempt. It holds
 * no token, and the phone number in `path` is masked as in log lines.
 *
 * @example
 * ```ts
 * const client = new Talkover({
 *   onAttempt(attempt: Attempt) {
 *     metrics.histogram('talkover.attempt.ms', attempt.durationMs, { status: String(attempt.status) })
 *     if (attempt.willRetry) console.warn(`retrying after ${attempt.error} (retry ${attempt.retry})`)
 *   },
 * })
 * ```
 */
export interface Attempt {
  /** The HTTP method, `GET` or `POST`. */
  readonly method: string
  /**
   * The path after the base URL, ids percent-encoded and any phone number masked
   * (`/agents/a1/active-call/+*********4321`); never the query.
   */
  readonly path: string
  /** 0 for the first attempt of a call, then 1, 2, ... for its retries. */
  readonly retry: number
  /** When the attempt started. */
  readonly startedAt: Date
  /** How long it took, in milliseconds, until its body was read or it failed. */
  readonly durationMs: number
  /** The HTTP status, when a response arrived. */
  readonly status: number | null
  /** The response's `x-request-id`, when one arrived. */
  readonly requestId: string | null
  /**
   * The name of the error class of the failure (`'RateLimitError'`, `'APITimeoutError'`),
   * when the attempt failed; `null` when it succeeded.
   */
  readonly error: string | null
  /** Whether the client will try again after this attempt. */
  readonly willRetry: boolean
}

/**
 * What {@link Talkover.withOptions} changes; everything else, and the connection pool, the
 * new client shares with the one it comes from.
 *
 * @example
 * ```ts
 * const overrides: ClientOverrides = { timeoutMs: 120_000, maxRetries: 5, defaultHeaders: { 'x-tenant': 'acme' } }
 * const patient = client.withOptions(overrides)
 * ```
 */
export interface ClientOverrides {
  /** Another API token (of another environment or account), instead of the client's. */
  token?: string | undefined
  /** The per-attempt timeout, in milliseconds, instead of the client's. */
  timeoutMs?: number | undefined
  /** The number of retries, instead of the client's. */
  maxRetries?: number | undefined
  /** Headers sent with every request, besides the client's (replacing one of the same name). */
  defaultHeaders?: Record<string, string> | undefined
}

const CLIENT_OPTIONS = new Set<string>([
  'token',
  'baseUrl',
  'timeoutMs',
  'maxRetries',
  'caCert',
  'logger',
  'connectTimeoutMs',
  'proxy',
  'appInfo',
  'defaultHeaders',
  'onAttempt',
])
const OVERRIDES = new Set<string>(['token', 'timeoutMs', 'maxRetries', 'defaultHeaders'])

/** The JavaScript runtime, as the `User-Agent` names it: `Node.js 22.11.0`, `Bun 1.4.5`, `Deno 2.9.6`. */
const RUNTIME: string = (() => {
  const versions = process.versions as Record<string, string | undefined>
  if (versions['bun'] !== undefined) return `Bun ${versions['bun']}`
  if (versions['deno'] !== undefined) return `Deno ${versions['deno']}`
  return `Node.js ${versions['node'] ?? 'unknown'}`
})()

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

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** The native client `withOptions` hands to the constructor it calls next; `null` otherwise. */
let adopted: NativeClient | null = null

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
   * the environment, when a setting is malformed, or when `options` holds a key that is not
   * a setting (a typo is never silently ignored).
   */
  constructor(options: ClientOptions = {}) {
    if (adopted !== null) {
      // Called by `withOptions`, with the derived native client.
      this.#native = adopted
      adopted = null
      return
    }
    if (typeof options !== 'object' || options === null) {
      throw invalidArgument('options', 'must be an object', Talkover)
    }
    optionsObject(options, CLIENT_OPTIONS, Talkover)
    const { token, baseUrl, timeoutMs, maxRetries, caCert, connectTimeoutMs, proxy, appInfo } = options
    for (const [name, value] of [['token', token], ['baseUrl', baseUrl], ['proxy', proxy], ['appInfo', appInfo]] as const) {
      if (!isOptional(value, 'string')) throw invalidArgument(name, mustBe('a string', value), Talkover)
    }
    for (const [name, value] of [
      ['timeoutMs', timeoutMs],
      ['maxRetries', maxRetries],
      ['connectTimeoutMs', connectTimeoutMs],
    ] as const) {
      if (!isOptional(value, 'number')) throw invalidArgument(name, mustBe('a number', value), Talkover)
    }
    if (!isOptional(caCert, 'string') && !(caCert instanceof Uint8Array)) {
      throw invalidArgument('caCert', mustBe('a PEM string or a Buffer', caCert), Talkover)
    }
    const defaultHeaders = headerPairs('defaultHeaders', options.defaultHeaders, Talkover)
    const log = logWriter(options.logger)
    const onAttempt = attemptWriter(options.onAttempt)
    const settings = {
      token: token ?? undefined,
      baseUrl: baseUrl ?? undefined,
      timeoutMs: timeoutMs ?? undefined,
      maxRetries: maxRetries ?? undefined,
      connectTimeoutMs: connectTimeoutMs ?? undefined,
      proxy: proxy ?? undefined,
      appInfo: appInfo ?? undefined,
      defaultHeaders,
      runtime: RUNTIME,
    }
    try {
      this.#native = new NativeClient(settings, caCert, log, onAttempt)
    } catch (err) {
      throw toError(err, Talkover)
    }
  }

  /**
   * A client with some settings changed ({@link ClientOverrides}) that shares this one's
   * connection pool, base URL, proxy, certificates, logger and `onAttempt`: cheap, so one
   * per tenant or per kind of work is fine. This client is unchanged. Throws an
   * {@link InvalidRequestError} on a malformed value or a key that is not an override.
   *
   * @example
   * ```ts
   * const client = new Talkover()
   * const patient = client.withOptions({ timeoutMs: 120_000, maxRetries: 5 })
   * const staging = client.withOptions({ token: process.env.TALKOVER_STAGING_TOKEN })
   * const acme = client.withOptions({ defaultHeaders: { 'x-tenant': 'acme' } })
   * ```
   */
  withOptions(overrides: ClientOverrides): Talkover {
    const caller = Talkover.prototype.withOptions
    if (typeof overrides !== 'object' || overrides === null) {
      throw invalidArgument('overrides', mustBe('an object', overrides), caller)
    }
    optionsObject(overrides, OVERRIDES, caller)
    const { token, timeoutMs, maxRetries } = overrides
    if (!isOptional(token, 'string')) throw invalidArgument('token', mustBe('a string', token), caller)
    for (const [name, value] of [['timeoutMs', timeoutMs], ['maxRetries', maxRetries]] as const) {
      if (!isOptional(value, 'number')) throw invalidArgument(name, mustBe('a number', value), caller)
    }
    const headers = headerPairs('defaultHeaders', overrides.defaultHeaders, caller)
    let native: NativeClient
    try {
      native = this.#native.withOptions(token, timeoutMs, maxRetries, headers)
    } catch (err) {
      throw toError(err, caller)
    }
    adopted = native
    return new Talkover()
  }

  /** The base URL requests go to, without a trailing slash. */
  get baseUrl(): string {
    return this.#native.baseUrl
  }

  /**
   * The `User-Agent` header this client sends: the package, the runtime, the platform, then
   * your `appInfo`.
   *
   * @example
   * ```ts
   * new Talkover({ appInfo: 'my-app/2.3' }).userAgent // 'talkover-node/0.1.0 (Node.js 22.11.0; linux x86_64) my-app/2.3'
   * ```
   */
  get userAgent(): string {
    return this.#native.userAgent
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
    const { signal, request } = requestOptions(options, caller)
    if (signal === undefined) {
      try {
        return (await native.activeCall(agentId, phone, request)) as Call[]
      } catch (err) {
        throw toError(err, Talkover.prototype.activeCall)
      }
    }
    const start = (handle: AbortHandle) => native.activeCall(agentId, phone, request, handle)
    const calls = await withSignal(signal, start, caller)
    throwIfAborted(signal)
    return calls as Call[]
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
    const { signal, request } = requestOptions(options, caller)
    if (signal === undefined) {
      try {
        return (await native.endCall(agentId, callSid, request)) as EndedCall
      } catch (err) {
        throw toError(err, Talkover.prototype.endCall)
      }
    }
    const start = (handle: AbortHandle) => native.endCall(agentId, callSid, request, handle)
    const ended = await withSignal(signal, start, caller)
    throwIfAborted(signal)
    return ended as EndedCall
  }

  /**
   * Places an outbound call from an agent to `to` (E.164; spaces, `-`, `.`, `(` and `)` are
   * dropped). The API accepts it asynchronously: it starts `initiated`, and `activeCall`
   * finds it while it is active.
   *
   * Never dials twice because of a retry: an attempt is repeated only when the failure shows
   * the server did not act (no connection, 429, 503). After any other failure once the
   * request was sent (a timeout, a reset, 500, 502, 504) the Promise rejects with
   * `mayHaveSucceeded` set: look the call up with `activeCall(agentId, to)` before placing
   * it again. Rejects with `PaymentRequiredError` when the account has no credits left.
   *
   * @example
   * ```ts
   * try {
   *   const placed = await client.makeCall('agent-uuid', '+5511987654321', {
   *     payload: { customer_name: 'Ana' },
   *     context: { order_id: 'A-1001' },
   *   })
   *   console.log(placed.id, placed.status) // 'call-...' 'initiated'
   * } catch (err) {
   *   if (err instanceof TalkoverError && err.mayHaveSucceeded) {
   *     const calls = await client.activeCall('agent-uuid', '+5511987654321')
   *     console.log(`${calls.length} active call(s): check before placing it again`)
   *   } else throw err
   * }
   * ```
   */
  async makeCall(agentId: string, to: string, options?: MakeCallOptions | null): Promise<PlacedCall> {
    const native = this.#native
    const caller = Talkover.prototype.makeCall
    requireString('agentId', agentId, caller)
    requireString('to', to, caller)
    const { fields, request, signal } = makeCallOptions(options, caller)
    const placed = await run(signal, (handle) => native.makeCall(agentId, to, fields, request, handle), caller)
    throwIfAborted(signal)
    return placed as PlacedCall
  }

  /**
   * Queues a call to `to` in a campaign: it inherits the campaign's agent, hours and retry
   * policy, and starts `queued` (or `scheduled`).
   *
   * Unless `allowDuplicates` is set, the API refuses a second call to the same number with
   * `DuplicateCallError`, whose `existingCall` is the call already queued; that makes
   * retries safe, and when the refusal answers a retry after an attempt that got no answer,
   * this resolves with the existing call, since it is the one this request queued.
   *
   * @example
   * ```ts
   * try {
   *   const queued = await client.makeCampaignCall('campaign-uuid', '+5511987654321')
   *   console.log(queued.id, queued.status, queued.campaign?.name) // 'cc-...' 'queued' 'Q1'
   * } catch (err) {
   *   if (!(err instanceof DuplicateCallError)) throw err
   *   console.log('already queued as', err.existingCall?.id)
   * }
   * ```
   */
  async makeCampaignCall(
    campaignId: string,
    to: string,
    options?: MakeCampaignCallOptions | null,
  ): Promise<CampaignCall> {
    const native = this.#native
    const caller = Talkover.prototype.makeCampaignCall
    requireString('campaignId', campaignId, caller)
    requireString('to', to, caller)
    const { fields, request, signal } = makeCampaignCallOptions(options, caller)
    const values = await run(
      signal,
      (handle) => native.makeCampaignCall(campaignId, to, fields, request, handle),
      caller,
    )
    throwIfAborted(signal)
    return values as CampaignCall
  }

  /**
   * Lists calls, newest first: all of them, or one agent's (`agentId`), narrowed by the
   * filters. Returns at once, before any request: the {@link CallList} fetches one page per
   * read, as you iterate it (`for await`), page by page (`.pages()`) or by hand
   * (`.nextPage()`). The per-call options (`signal`, `timeoutMs`, `maxRetries`, `headers`)
   * apply to every page.
   *
   * Dates are `'YYYY-MM-DD'` strings or `Date`s (their UTC day). The filter is checked now,
   * but since this method returns no Promise, a refused one (a wrong type, `perPage: 0`, a
   * malformed date) is delivered by the first read, which rejects with the
   * `InvalidRequestError` before any request.
   *
   * @example
   * ```ts
   * const yesterday = new Date(Date.now() - 86_400_000)
   * for await (const call of client.listCalls({ agentId: 'agent-uuid', dateFrom: yesterday, dateTo: yesterday })) {
   *   console.log(call.id, call.status, call.direction, call.duration)
   * }
   * ```
   */
  listCalls(options?: ListCallsOptions | null): CallList {
    const caller = Talkover.prototype.listCalls
    try {
      const { fields, request, signal } = listFilter(options, caller)
      return openCallList(this.#native.listCalls(fields, request), signal)
    } catch (err) {
      return openCallList({ failure: toError(err, caller) }, undefined)
    }
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

/** The function the native client calls after each attempt, or `undefined` without `onAttempt`. */
function attemptWriter(
  onAttempt: ((attempt: Attempt) => void) | null | undefined,
):
  | ((
      method: string,
      path: string,
      retry: number,
      startedAtMs: number,
      durationMs: number,
      status: number | null,
      requestId: string | null,
      error: string | null,
      willRetry: boolean,
    ) => void)
  | undefined {
  if (onAttempt === undefined || onAttempt === null) return undefined
  if (typeof onAttempt !== 'function') {
    throw invalidArgument('onAttempt', mustBe('a function', onAttempt), Talkover)
  }
  return (method, path, retry, startedAtMs, durationMs, status, requestId, error, willRetry) => {
    const attempt: Attempt = {
      method,
      path,
      retry,
      startedAt: new Date(startedAtMs),
      durationMs,
      status: status ?? null,
      requestId: requestId ?? null,
      error: error ?? null,
      willRetry,
    }
    try {
      onAttempt(attempt)
    } catch {
      // A broken hook must not fail the call or crash the process from a native callback.
    }
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
