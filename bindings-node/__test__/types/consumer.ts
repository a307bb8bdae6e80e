// A TypeScript consumer of the public API, compiled with `tsc --strict --noEmit` by
// types.test.mjs. It must type-check; it is never run.
import Talkover, {
  APIStatusError,
  CallNotActiveError,
  InvalidRequestError,
  RateLimitError,
  TalkoverError,
  type Call,
  type CallStatus,
  type ClientOptions,
  type EndedCall,
  type Logger,
  type RequestOptions,
} from 'talkover'
import { MockServer, type Fault, type LoggedRequest, type SeedCall } from 'talkover/testing'

const options: ClientOptions = { token: 'talq_x', baseUrl: 'http://127.0.0.1:1/api/v1', timeoutMs: 5_000, maxRetries: 1 }
const client: Talkover = new Talkover(options)
const perCall: RequestOptions = { signal: AbortSignal.timeout(1_000), timeoutMs: 500 }

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
  const settings: { baseUrl: string; timeoutMs: number; maxRetries: number } = client.toJSON()
  void settings

  const server: MockServer = MockServer.start({ token: 'talq_test' })
  const seed: SeedCall = { agentId: 'agent', to: '+5511987654321', status: 'ringing' }
  server.seedCall(seed)
  const fault: Fault = { kind: 'hang', path: '/end-call' }
  server.addFault(fault)
  const log: LoggedRequest[] = server.requests()
  const outcome: 'responded' | 'dropped' | 'cancelled' | 'pending' | undefined = log[0]?.outcome
  void outcome
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
// @ts-expect-error: the token is not readable
void client.token
// @ts-expect-error: caCert is PEM text or bytes
new Talkover({ caCert: 42 })
// @ts-expect-error: a logger's methods take the line
new Talkover({ logger: { info: (line: number) => line } })

void main
