/**
 * `talkover/testing`: the TalkOver API simulator, in-process, for offline tests.
 *
 * `MockServer` runs the same `talkover-mock` server the package's own tests use, on
 * 127.0.0.1 and a free port, on a native thread of its own (it never keeps the process alive).
 * It checks the bearer token, keeps agents, campaigns and calls in memory, answers every call
 * endpoint as the real API does (placing calls that ring and answer on their own, campaign
 * calls with the duplicate check, paged listings, credits, rate limits, and the API's error
 * envelopes), misbehaves on demand, and logs every request without the token.
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
 *
 * server.seedAgent({ id: 'agent-2', published: false }) // makeCall answers AGENT_INACTIVE
 * server.setCredits(0) // makeCall answers 402 INSUFFICIENT_CREDITS, unless isTesting
 * server.addFault({ kind: 'drop', path: '/call', apply: true }) // placed, then the answer is lost
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
  status?: string | undefined
  /** Default `call_<n>`, unique within the server. */
  id?: string | undefined
  /** RFC 3339; default now. */
  startedAt?: string | undefined
  /** Default 0. */
  durationSeconds?: number | undefined
  /** Extra fields merged into the call's JSON (they win on a name clash). */
  extra?: Record<string, unknown> | undefined
  /** RFC 3339: when the call was created, for listing order and date filters; default `startedAt`. */
  createdAt?: string | undefined
  /** `inbound` or `outbound` (any string is kept); default `outbound`. */
  direction?: string | undefined
  /** The other end of the call; default the agent's `phoneNumber`. */
  from?: string | undefined
  /** Telephony SID; default `CA` and 32 hex digits, numbered per server. */
  sid?: string | undefined
  /** Whether it was a test call; default `false`. */
  isTesting?: boolean | undefined
}

/** An agent to store in the simulator. Keys may be camelCase or snake_case. */
export interface SeedAgent {
  /** The agent id. */
  id: string
  /** Display name; default `"Agent <id>"`. */
  name?: string | undefined
  /** Label shown next to the name in listings; default none. */
  label?: string | undefined
  /** Whether it may place calls; default `true` (else makeCall answers 400 `AGENT_INACTIVE`). */
  published?: boolean | undefined
  /** Caller id of its outbound calls; default `+15550100000`. */
  phoneNumber?: string | undefined
}

/** A campaign to store in the simulator. Keys may be camelCase or snake_case. */
export interface SeedCampaign {
  /** The campaign id. */
  id: string
  /** Name; default `"Campaign <id>"`. */
  name?: string | undefined
  /** Only `active` accepts calls; any string is kept. Default `active`. */
  status?: string | undefined
  /** The campaign's agent, if any. */
  agentId?: string | undefined
  /** `true`: new calls are `scheduled` (with `scheduled_at`) instead of `queued`. */
  scheduled?: boolean | undefined
}

/** A way for the list endpoints to page wrongly, to prove a paging loop stops and reports. */
export type PagingFault = 'repeat_page' | 'no_last_page' | 'total_lies' | 'stuck_current_page'

/** The simulator's run-time settings. */
export interface MockConfig {
  /** Credits left; `null` is unlimited. Each placed call that is not a test spends one. */
  credits: number | null
  /** Requests per token per minute before a 429; `null` never limits. */
  rateLimitPerMinute: number | null
  /** Milliseconds from creation (plus `delay_seconds`) until a placed call is `ringing`. */
  ringAfterMs: number
  /** Milliseconds from creation (plus `delay_seconds`) until a placed call is `answered`. */
  answerAfterMs: number
  /** Whether a duplicate campaign call's 409 carries `"code": "DUPLICATE_CALL"`. */
  duplicateCode: boolean
  /** How the list endpoints misbehave, if at all. */
  pagingFault: PagingFault | null
}

/** One scripted misbehaviour for the next matching requests. Keys may be camelCase. */
export interface Fault {
  /** Default `respond`. `hang` never answers, until the client goes away or the server stops. */
  kind?: 'respond' | 'drop' | 'hang' | 'truncate' | 'reset' | 'trickle' | undefined
  /** Status for the kinds that answer; default 500. */
  status?: number | undefined
  /** A string is sent verbatim, any other value as JSON; absent means an empty body. */
  body?: unknown
  /** Replace the body with this many `x` bytes. */
  bodyBytes?: number | undefined
  /** Response headers, overriding the defaults. */
  headers?: Record<string, string> | undefined
  /** Delay before the response starts. */
  delayMs?: number | undefined
  /** How many matching requests this fault applies to; default 1. */
  times?: number | undefined
  /** Only requests whose raw path contains this substring. */
  path?: string | undefined
  /** Delay between bytes for `trickle`; default 100. */
  chunkDelayMs?: number | undefined
  /**
   * Serve the request against the state first (the call is placed, ended, listed, credits
   * spent), then misbehave with the real answer: `drop` and `hang` lose it, `respond` sends
   * it after `delayMs` (`status`, `body` and `headers` are ignored), `truncate`, `reset` and
   * `trickle` mangle it. Default `false`. How a client's retries are proven safe.
   */
  apply?: boolean | undefined
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
  /**
   * The request's non-standard headers (a `traceparent`, an `x-tenant`), by lower-case name;
   * absent when it had none.
   *
   * @example
   * ```ts
   * await client.activeCall('agent-1', '+5511987654321', { headers: { traceparent } })
   * assert.equal(server.requests()[0].headers?.traceparent, traceparent)
   * ```
   */
  headers?: Record<string, string>
  /** Status answered; `null` if no response head was sent. */
  status: number | null
  /** How the exchange ended; `cancelled` means the client went away first. */
  outcome: 'responded' | 'dropped' | 'cancelled' | 'pending'
  requestId: string
}

/** How to start a {@link MockServer}. */
export interface MockServerOptions {
  /** The token requests must carry. Default `talq_test_token`. */
  token?: string | undefined
  /** Port to listen on; default 0, a free one. */
  port?: number | undefined
  /**
   * Serve HTTPS with a self-signed certificate made at start for `localhost` and
   * `127.0.0.1`; clients trust it through {@link MockServer.caPem}. Default `false`.
   */
  tls?: boolean | undefined
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

  /**
   * Stores (or replaces) an agent and returns it with its defaults, as wire JSON. Seeding a
   * call for an agent that does not exist creates a published one.
   *
   * @example
   * ```ts
   * server.seedAgent({ id: 'agent-1', name: 'Sales', label: 'Tier 1' })
   * server.seedAgent({ id: 'agent-off', published: false }) // makeCall: 400 AGENT_INACTIVE
   * ```
   */
  seedAgent(agent: SeedAgent | Record<string, unknown>): Record<string, unknown> {
    return this.#native.seedAgent(agent) as Record<string, unknown>
  }

  /** Every agent as wire JSON, in seeding order (those created by seeding a call included). */
  agents(): Record<string, unknown>[] {
    return this.#native.agents() as Record<string, unknown>[]
  }

  /**
   * Stores (or replaces) a campaign and returns it with its defaults, as wire JSON.
   *
   * @example
   * ```ts
   * server.seedCampaign({ id: 'camp-1', name: 'Q1 Outreach' })
   * server.seedCampaign({ id: 'camp-paused', status: 'paused' }) // makeCampaignCall: 400
   * ```
   */
  seedCampaign(campaign: SeedCampaign | Record<string, unknown>): Record<string, unknown> {
    return this.#native.seedCampaign(campaign) as Record<string, unknown>
  }

  /** Every campaign as wire JSON, in seeding order. */
  campaigns(): Record<string, unknown>[] {
    return this.#native.campaigns() as Record<string, unknown>[]
  }

  /**
   * Every campaign call made through the API, in order: the object the API answered with,
   * plus `payload`, `context` (when sent), `is_testing` and `allow_duplicates`.
   */
  campaignCalls(): Record<string, unknown>[] {
    return this.#native.campaignCalls() as Record<string, unknown>[]
  }

  /**
   * Sets the account's credits; `null` (the default) is unlimited. With none left, placing
   * a call that is not a test answers 402 `INSUFFICIENT_CREDITS`.
   *
   * @example
   * ```ts
   * server.setCredits(1)
   * await client.makeCall('agent-1', '+5511987654321') // spends it
   * console.log(server.credits) // 0
   * ```
   */
  setCredits(credits: number | null): void {
    this.#native.setCredits(credits)
  }

  /** The credits left; `null` is unlimited. */
  get credits(): number | null {
    return this.#native.credits
  }

  /** The run-time settings now. {@link MockServer.reset} restores the start ones. */
  config(): MockConfig {
    return this.#native.config() as MockConfig
  }

  /**
   * Changes some run-time settings (camelCase or snake_case keys); nothing changes, and this
   * throws, when a key or a value is refused.
   *
   * @example
   * ```ts
   * // Placed calls ring after 10 ms and answer after 20 ms; a 429 after 60 requests a minute.
   * server.updateConfig({ ringAfterMs: 10, answerAfterMs: 20, rateLimitPerMinute: 60 })
   * server.updateConfig({ pagingFault: 'repeat_page' }) // listings now repeat page 1
   * ```
   */
  updateConfig(patch: Partial<MockConfig> | Record<string, unknown>): void {
    this.#native.updateConfig(patch)
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

  /**
   * Forgets calls, agents, campaigns, campaign calls, faults, the log and rate-limit windows,
   * and restores the start config; ids restart at `call_1`.
   */
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
