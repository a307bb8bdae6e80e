// A TypeScript consumer of the public API, compiled with `tsc --strict --noEmit` by
// types.test.mjs. It must type-check; it is never run.
import Talkover, {
  APIStatusError,
  CallNotActiveError,
  DuplicateCallError,
  InvalidRequestError,
  RateLimitError,
  TalkoverError,
  type AgentRef,
  type Call,
  type CallList,
  type CallPage,
  type CallRecord,
  type CallStatus,
  type CampaignCall,
  type ClientOptions,
  type Direction,
  type EndedCall,
  type ListCallsOptions,
  type Logger,
  type MakeCallOptions,
  type MakeCampaignCallOptions,
  type PlacedCall,
  type RateLimit,
  type RequestOptions,
  type ResponseMetadata,
  type Attempt,
  type ClientOverrides,
} from 'talkover'
import {
  MockServer,
  type Fault,
  type LoggedRequest,
  type MockConfig,
  type MockServerOptions,
  type PagingFault,
  type SeedAgent,
  type SeedCall,
  type SeedCampaign,
} from 'talkover/testing'

const options: ClientOptions = { token: 'talq_x', baseUrl: 'http://127.0.0.1:1/api/v1', timeoutMs: 5_000, maxRetries: 1 }
const client: Talkover = new Talkover(options)
const perCall: RequestOptions = { signal: AbortSignal.timeout(1_000), timeoutMs: 500 }

// Values that may be undefined (the environment, optional parameters) are accepted where an
// option is optional, also under `exactOptionalPropertyTypes` (types.test.mjs compiles this
// file both ways).
function fromEnvironment(signal?: AbortSignal, limit?: number): [Talkover, ListCallsOptions] {
  const env: ClientOptions = {
    token: process.env['TALKOVER_API_TOKEN'],
    baseUrl: process.env['TALKOVER_BASE_URL'],
    timeoutMs: limit,
    maxRetries: undefined,
    caCert: undefined,
    logger: undefined,
    connectTimeoutMs: limit,
    proxy: process.env['HTTPS_PROXY'],
    appInfo: process.env['APP_INFO'],
    defaultHeaders: undefined,
    onAttempt: undefined,
  }
  const request: RequestOptions = { signal, timeoutMs: limit, maxRetries: limit, headers: undefined }
  const overrides: ClientOverrides = { token: process.env['OTHER_TOKEN'], timeoutMs: limit, maxRetries: undefined, defaultHeaders: undefined }
  void overrides
  const placing: MakeCallOptions = { ...request, payload: undefined, context: undefined, delaySeconds: limit, isTesting: undefined }
  const queueing: MakeCampaignCallOptions = { ...request, payload: undefined, context: undefined, isTesting: undefined, allowDuplicates: undefined }
  const listing: ListCallsOptions = {
    ...request,
    agentId: process.env['AGENT_ID'],
    status: undefined,
    direction: undefined,
    dateFrom: undefined,
    dateTo: undefined,
    search: process.env['SEARCH'],
    perPage: limit,
  }
  void [placing, queueing]
  return [new Talkover(env), listing]
}
function simulatorFromEnvironment(port?: number, status?: string): MockServer {
  const options: MockServerOptions = { token: process.env['TALKOVER_API_TOKEN'], port, tls: undefined }
  const server = MockServer.start(options)
  const seed: SeedCall = { agentId: 'agent', to: '+5511987654321', status, id: undefined, extra: undefined }
  const agent: SeedAgent = { id: 'agent', name: process.env['AGENT_NAME'], published: undefined }
  const campaign: SeedCampaign = { id: 'campaign', agentId: undefined, scheduled: undefined }
  const fault: Fault = { kind: undefined, status: port, times: undefined, path: process.env['FAULT_PATH'] }
  server.seedAgent(agent)
  server.seedCall(seed)
  server.seedCampaign(campaign)
  server.addFault(fault)
  return server
}
void simulatorFromEnvironment
void fromEnvironment

async function main(): Promise<void> {
  const calls: Call[] = await client.activeCall('agent', '+5511987654321', perCall)
  for (const call of calls) {
    const status: CallStatus = call.status
    const known: boolean = status === 'no-answer' || status === 'answered'
    const future: CallStatus = 'on-hold'
    const started: number | undefined = call.startedAt?.getTime()
    const seconds: number | null = call.durationSeconds
    const region: unknown = call.extra['region']
    void [known, future, started, seconds, region]
    try {
      const ended: EndedCall = await client.endCall(call.agentId, call.id)
      const reason: string | null = ended.endedReason
      void reason
    } catch (err) {
      if (err instanceof CallNotActiveError) {
        const code: string | undefined = err.code
        const status: number = err.status
        void [code, status]
      } else if (err instanceof RateLimitError) {
        const wait: number | undefined = err.retryAfter
        void wait
      } else if (err instanceof APIStatusError) {
        const body: unknown = err.body
        const requestId: string | undefined = err.requestId
        void [body, requestId]
      } else if (err instanceof InvalidRequestError || err instanceof TalkoverError) {
        const name: string = err.name
        void name
      }
    }
  }
  // The call workflow: place, queue, list.
  const placing: MakeCallOptions = { payload: { name: 'Ana', due: new Date() }, context: { id: 1 }, delaySeconds: 30, isTesting: true, ...perCall }
  const placed: PlacedCall = await client.makeCall('agent', '+5511987654321', placing)
  const placedStatus: CallStatus | null = placed.status
  const placedAt: Date | null = placed.createdAt
  void [placedStatus, placedAt]
  try {
    const queuing: MakeCampaignCallOptions = { allowDuplicates: false, signal: null }
    const queued: CampaignCall = await client.makeCampaignCall('campaign', '+5511987654321', queuing)
    const campaignName: string | null | undefined = queued.campaign?.name
    void campaignName
  } catch (err) {
    if (err instanceof DuplicateCallError) {
      const existing: CampaignCall | undefined = err.existingCall
      const fields: Record<string, string[]> | undefined = err.fieldErrors
      const maybe: boolean = err.mayHaveSucceeded
      void [existing, fields, maybe]
    }
  }
  const filter: ListCallsOptions = { agentId: 'agent', status: 'completed', direction: 'inbound', dateFrom: new Date(), dateTo: '2024-01-31', search: '+55', perPage: 50, timeoutMs: 5_000 }
  const list: CallList = client.listCalls(filter)
  for await (const record of list) {
    const r: CallRecord = record
    const direction: Direction | null = r.direction
    const agent: AgentRef | null = r.agent
    const from: string | null = r.from
    void [direction, agent, from]
  }
  for await (const page of client.listCalls().pages()) {
    const p: CallPage = page
    const items: CallRecord[] = p.items
    const more: boolean = p.hasMore
    void [items, more]
  }
  const next: CallPage | null = await client.listCalls({ signal: AbortSignal.timeout(1_000) }).nextPage()
  void next

  const settings: { baseUrl: string; timeoutMs: number; maxRetries: number } = client.toJSON()
  void settings

  // Client settings, derived clients, per-call headers, response metadata, attempts.
  const attempts: Attempt[] = []
  const traced = new Talkover({
    connectTimeoutMs: 2_000,
    proxy: 'http://proxy.internal:3128',
    appInfo: 'my-app/2.3',
    defaultHeaders: { 'x-tenant': 'acme' },
    onAttempt: (attempt: Attempt) => {
      attempts.push(attempt)
      const at: Date = attempt.startedAt
      const ms: number = attempt.durationMs
      const status: number | null = attempt.status
      const failure: string | null = attempt.error
      const again: boolean = attempt.willRetry
      void [at, ms, status, failure, again, attempt.method, attempt.path, attempt.retry, attempt.requestId]
    },
  })
  const agent: string = traced.userAgent
  const staging: Talkover = traced.withOptions({ token: 'talq_staging', maxRetries: 0, defaultHeaders: { 'x-env': 'staging' } })
  const [active] = await staging.activeCall('agent', '+5511987654321', { headers: { traceparent: '00-1-2-01' }, maxRetries: 1 })
  const meta: ResponseMetadata | undefined = active
  const requestId: string | null | undefined = active?._requestId
  const rate: RateLimit | null | undefined = active?._rateLimit
  const left: number | null | undefined = rate?.remaining
  const resetAt: Date | null | undefined = rate?.resetAt
  const pageRate: RateLimit | null | undefined = next?._rateLimit
  void [agent, meta, requestId, left, resetAt, pageRate]
  try {
    await staging.endCall('agent', 'call')
  } catch (err) {
    if (err instanceof TalkoverError) {
      const headers: Readonly<Record<string, string>> = err.headers
      const limit: number | null | undefined = err.rateLimit?.limit
      void [headers['x-request-id'], limit]
    }
  }

  const server: MockServer = MockServer.start({ token: 'talq_test' })
  const seed: SeedCall = { agentId: 'agent', to: '+5511987654321', status: 'ringing' }
  server.seedCall(seed)
  const fault: Fault = { kind: 'hang', path: '/end-call' }
  server.addFault(fault)
  const agentSeed: SeedAgent = { id: 'agent', name: 'Sales', label: 'Tier 1', published: false, phoneNumber: '+15550100000' }
  const agentJson: Record<string, unknown> = server.seedAgent(agentSeed)
  const campaignSeed: SeedCampaign = { id: 'camp', name: 'Q1', status: 'paused', agentId: 'agent', scheduled: true }
  server.seedCampaign(campaignSeed)
  server.seedCall({ agentId: 'agent', to: '+5511987654321', createdAt: '2024-01-05T12:00:00Z', direction: 'inbound', from: '+15550100001', sid: 'CA1', isTesting: true })
  server.setCredits(10)
  server.setCredits(null)
  const credits: number | null = server.credits
  const paging: PagingFault = 'repeat_page'
  server.updateConfig({ ringAfterMs: 10, answerAfterMs: 20, duplicateCode: true, pagingFault: paging, rateLimitPerMinute: null, credits: 5 })
  const config: MockConfig = server.config()
  const rings: number = config.ringAfterMs
  server.addFault({ kind: 'drop', path: '/call', apply: true })
  const stored: Record<string, unknown>[] = [...server.agents(), ...server.campaigns(), ...server.campaignCalls()]
  void [agentJson, credits, rings, stored]
  const log: LoggedRequest[] = server.requests()
  const outcome: 'responded' | 'dropped' | 'cancelled' | 'pending' | undefined = log[0]?.outcome
  const sentHeaders: Record<string, string> | undefined = log[0]?.headers
  void [outcome, sentHeaders]
  server.stop()

  // HTTPS: the simulator's certificate, trusted as a string or as bytes; any logger shape.
  const secure: MockServer = MockServer.start({ tls: true })
  const pem: string | null = secure.caPem
  const lines: string[] = []
  const collect: Logger = { info: (line: string) => lines.push(line) }
  new Talkover({ baseUrl: secure.url, caCert: pem ?? undefined, logger: console })
  new Talkover({ baseUrl: secure.url, caCert: Buffer.from(pem ?? ''), logger: collect })
  new Talkover({ caCert: new Uint8Array(0), logger: null })
  secure.stop()
}

// @ts-expect-error: agentId must be a string
void client.activeCall(42, '+5511987654321')
// @ts-expect-error: timeoutMs is a number
void client.endCall('agent', 'call', { timeoutMs: '5s' })
// @ts-expect-error: delaySeconds is a number
void client.makeCall('agent', '+5511987654321', { delaySeconds: '30' })
// @ts-expect-error: makeCall takes no allowDuplicates
void client.makeCall('agent', '+5511987654321', { allowDuplicates: true })
// @ts-expect-error: dates are Dates or strings
void client.listCalls({ dateFrom: 20240101 })
// @ts-expect-error: a CallList is not a Promise
void client.listCalls().then
// @ts-expect-error: the token is not readable
void client.token
// @ts-expect-error: caCert is PEM text or bytes
new Talkover({ caCert: 42 })
// @ts-expect-error: a logger's methods take the line
new Talkover({ logger: { info: (line: number) => line } })

void main
// @ts-expect-error: header values are strings
void client.activeCall('agent', '+5511987654321', { headers: { 'x-count': 1 } })
// @ts-expect-error: results' metadata is read-only
void client.endCall('agent', 'call').then((ended) => { ended._requestId = 'forged' })
