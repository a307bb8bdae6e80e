// ESM entry point. It re-exports the CommonJS build so that `import` and `require` share one
// set of classes: `instanceof` holds whichever way an error or client was loaded.
import cjs from '../dist/index.js'

export const {
  Talkover,
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
} = cjs

export default cjs.Talkover
