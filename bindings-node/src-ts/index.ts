/**
 * `talkover`: client for the TalkOver voice-agent API, on a native Rust core.
 *
 * @example
 * ```ts
 * import { Talkover, NotFoundError } from 'talkover'
 *
 * const client = new Talkover({ token: process.env.TALKOVER_API_TOKEN })
 * const [call] = await client.activeCall('agent-uuid', '+5511987654321')
 * if (call) await client.endCall('agent-uuid', call.id)
 * else await client.makeCall('agent-uuid', '+5511987654321', { payload: { customer_name: 'Ana' } })
 * for await (const past of client.listCalls({ agentId: 'agent-uuid', dateFrom: new Date() })) {
 *   console.log(past.id, past.status)
 * }
 * ```
 *
 * The simulator for offline tests is in `talkover/testing`.
 *
 * @module
 */

import { Talkover } from './client'

export { Talkover } from './client'
export type { Attempt, ClientOptions, ClientOverrides, Logger } from './client'
export type { CallList } from './list'
export type { ListCallsOptions, MakeCallOptions, MakeCampaignCallOptions, RequestOptions } from './requests'
export type {
  AgentRef,
  Call,
  CallPage,
  CallRecord,
  CallStatus,
  Campaign,
  CampaignCall,
  Direction,
  EndedCall,
  PlacedCall,
  RateLimit,
  ResponseMetadata,
} from './models'
export {
  TalkoverError,
  InvalidRequestError,
  APIConnectionError,
  APITimeoutError,
  APIResponseError,
  APIStatusError,
  BadRequestError,
  AuthenticationError,
  PaymentRequiredError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  CallNotActiveError,
  DuplicateCallError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
} from './errors'
export type { ErrorFields } from './errors'

export default Talkover
