/**
 * `talkover/testing`: the TalkOver API simulator, in-process, for offline tests.
 *
 * `MockServer` runs the same `talkover-mock` server the package's own tests use, on
 * 127.0.0.1 and a free port, on a native thread of its own (it never keeps the process alive).
 * It checks the bearer token, keeps calls in memory, answers `active-call` and `end-call` as
 * the real API does (404 and 409 included), misbehaves on demand, and logs every request
 * without the token.
 *
 * @example
 * ```ts
 * import { Talkover, NotFoundError } from 'talkover'
 * import { MockServer } from 'talkover/testing'
 *
 * const server = MockServer.start()
 * const client = new Talkover({ token: server.token, baseUrl: server.url, maxRetries: 0 })
 * server.seedCall({ agentId: 'agent-1', to: '+5511987654321', status: 'ringing' })
 * const [call] = await client.activeCall('agent-1', '+5511987654321')
 * server.addFault({ status: 503, headers: { 'retry-after': '1' } })
 * server.stop()
 * ```
 *
 * @module
 */

import { NativeMockServer } from '../native.js'

/** A call to store in the simulator. Keys may be camelCase or snake_case. */
export interface SeedCall {
  /** The agent that owns the call. */
  agentId: string
  /** The phone number, E.164, as the client will ask for it. */
  to: string
  /** Any string; default `"answered"`. */
  status?: string
  /** Default `call_<n>`, unique within the server. */
  id?: string
  /** RFC 3339; default now. */
  startedAt?: string
  /** Default 0. */
  durationSeconds?: number
  /** Extra fields merged into the call's JSON (they win on a name clash). */
  extra?: Record<string, unknown>
}

/** One scripted misbehaviour for the next matching requests. Keys may be camelCase. */
export interface Fault {
  /** Default `respond`. `hang` never answers, until the client goes away or the server stops. */
  kind?: 'respond' | 'drop' | 'hang' | 'truncate' | 'reset' | 'trickle'
  /** Status for the kinds that answer; default 500. */
  status?: number
  /** A string is sent verbatim, any other value as JSON; absent means an empty body. */
  body?: unknown
  /** Replace the body with this many `x` bytes. */
  bodyBytes?: number
  /** Response headers, overriding the defaults. */
  headers?: Record<string, string>
  /** Delay before the response starts. */
  delayMs?: number
  /** How many matching requests this fault applies to; default 1. */
  times?: number
  /** Only requests whose raw path contains this substring. */
  path?: string
  /** Delay between bytes for `trickle`; default 100. */
  chunkDelayMs?: number
}

/** A request as the simulator received it. Never contains the token. */
export interface LoggedRequest {
  method: string
  /** Raw path, still percent-encoded (`+` arrives as `%2B`). */
  path: string
  query: string | null
  body: string
  /** The client's retry counter for this attempt (0 for the first). */
  retryCount: number | null
  userAgent: string | null
  /** Whether the request carried the right bearer token. */
  authorized: boolean
  /** Status answered; `null` if no response head was sent. */
  status: number | null
  /** How the exchange ended; `cancelled` means the client went away first. */
  outcome: 'responded' | 'dropped' | 'cancelled' | 'pending'
  requestId: string
}

/** How to start a {@link MockServer}. */
export interface MockServerOptions {
  /** The token requests must carry. Default `talq_test_token`. */
  token?: string
  /** Port to listen on; default 0, a free one. */
  port?: number
  /**
   * Serve HTTPS with a self-signed certificate made at start for `localhost` and
   * `127.0.0.1`; clients trust it through {@link MockServer.caPem}. Default `false`.
   */
  tls?: boolean
}

/**
 * A running simulator. See the module docs.
 *
 * Keep a reference to it while clients use it: a server that is garbage-collected stops, like
 * one whose {@link MockServer.stop} was called.
 */
export class MockServer {
  readonly #native: NativeMockServer

  private constructor(native: NativeMockServer) {
    this.#native = native
  }

  /** Starts a simulator and returns once it is listening (in milliseconds). */
  static start(options: MockServerOptions = {}): MockServer {
    return new MockServer(NativeMockServer.start(options.token, options.port, options.tls))
  }

  /** The base URL to give a client, like `http://127.0.0.1:41234/api/v1` (`https://` with `tls`). */
  get url(): string {
    return this.#native.url
  }

  /** The token the simulator accepts. */
  get token(): string {
    return this.#native.token
  }

  /**
   * The certificate of a TLS simulator, in PEM, to give a client as `caCert` (or to put in
   * the file `SSL_CERT_FILE` names); `null` when the simulator serves plain HTTP.
   *
   * @example
   * ```ts
   * const server = MockServer.start({ tls: true })
   * const client = new Talkover({ token: server.token, baseUrl: server.url, caCert: server.caPem! })
   * ```
   */
  get caPem(): string | null {
    return this.#native.caPem ?? null
  }

  /** Whether {@link MockServer.stop} was called. */
  get stopped(): boolean {
    return this.#native.stopped
  }

  /** Stores a call and returns it as the API serialises it (snake_case wire JSON). */
  seedCall(call: SeedCall | Record<string, unknown>): Record<string, unknown> {
    return this.#native.seedCall(call) as Record<string, unknown>
  }

  /** Every stored call as wire JSON, in seeding order (ended ones included). */
  calls(): Record<string, unknown>[] {
    return this.#native.calls() as Record<string, unknown>[]
  }

  /** Queues a fault for the next matching API requests (first in, first out). */
  addFault(fault: Fault | Record<string, unknown>): void {
    this.#native.addFault(fault)
  }

  /** The requests received, oldest first (the last 10,000). */
  requests(): LoggedRequest[] {
    return this.#native.requests() as LoggedRequest[]
  }

  /** Empties the request log. */
  clearRequests(): void {
    this.#native.clearRequests()
  }

  /** Forgets calls, faults and the log; ids restart at `call_1`. */
  reset(): void {
    this.#native.reset()
  }

  /** TCP connections open right now. */
  connectionsOpen(): number {
    return this.#native.connectionsOpen()
  }

  /** TCP connections accepted since the start. */
  connectionsTotal(): number {
    return this.#native.connectionsTotal()
  }

  /** Stops the server: hung requests are released, the port is closed. Idempotent. */
  stop(): void {
    this.#native.stop()
  }
}
