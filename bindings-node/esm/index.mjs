// ESM entry point. It re-exports the CommonJS build so that `import` and `require` share one
// set of classes: `instanceof` holds whichever way an error or client was loaded.
import { createRequire } from 'node:module'

// Loaded with `require`, not `import cjs from`: for a CommonJS module marked `__esModule`
// (what tsc emits), Node's default import is `module.exports` but Bun's is
// `module.exports.default` (here the `Talkover` class), which left every named export
// below `undefined` under Bun. `require` means the same in Node, Bun and Deno.
const cjs = createRequire(import.meta.url)('../dist/index.js')

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
