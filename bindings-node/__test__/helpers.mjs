// Shared helpers of the Node test suite: a simulator per test file and small waits.
import { Talkover } from 'talkover'
import { MockServer } from 'talkover/testing'

/** Starts a simulator; stop it in `after`. */
export function startServer(options) {
  return MockServer.start(options)
}

/** A base URL on 127.0.0.1 whose port nobody listens on (a simulator's, once stopped). */
export function refusedUrl() {
  const gone = MockServer.start()
  const url = gone.url
  gone.stop()
  return url
}

/** A client for `server`, without retries unless asked. */
export function clientFor(server, options = {}) {
  return new Talkover({ token: server.token, baseUrl: server.url, maxRetries: 0, ...options })
}

/** Polls `predicate` until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitFor(predicate, timeoutMs = 3000, stepMs = 5) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (predicate()) return true
    await new Promise((resolve) => setTimeout(resolve, stepMs))
  }
  return predicate()
}

/** Settles `promise` into `{ value }` or `{ error }`. */
export async function settle(promise) {
  try {
    return { value: await promise }
  } catch (error) {
    return { error }
  }
}

export const AGENT = 'agent-1'
export const PHONE = '+5511987654321'
