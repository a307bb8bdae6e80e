/**
 * Argument checks and `AbortSignal` wiring shared by every method of the client.
 *
 * The native methods take typed parameters, so a value of the wrong JavaScript type must be
 * refused before it reaches them: here, as an `InvalidRequestError` naming the argument as
 * the caller wrote it. Whether a value of the right type is valid (a phone number, a delay
 * in range, a well-formed date) is the Rust core's to say, never this file's.
 *
 * @module
 */

import { AbortHandle } from '../native.js'
import { invalidArgument, toError } from './errors'

/** Checks a required string argument; throws an `InvalidRequestError` naming it otherwise. */
export function requireString(name: string, value: unknown, caller: Function): asserts value is string {
  if (typeof value !== 'string') {
    throw invalidArgument(name, value === undefined || value === null ? 'is required' : mustBe('a string', value), caller)
  }
}

/** Whether `value` is absent (`undefined` or `null`) or of the primitive type `type`. */
export function isOptional(value: unknown, type: 'string' | 'number' | 'boolean'): boolean {
  return value === undefined || value === null || typeof value === type
}

/** An optional option of a primitive type: `undefined` when absent (`null` included). */
export function optional<T extends 'string' | 'number' | 'boolean'>(
  name: string,
  value: unknown,
  type: T,
  caller: Function,
): (T extends 'string' ? string : T extends 'number' ? number : boolean) | undefined {
  if (!isOptional(value, type)) throw invalidArgument(name, mustBe(`a ${type}`, value), caller)
  return (value ?? undefined) as (T extends 'string' ? string : T extends 'number' ? number : boolean) | undefined
}

/**
 * An optional plain object, as the JSON text the native side parses: `JSON.stringify` gives
 * it exactly the meaning a JSON request body has in Node (a `Date` becomes its ISO string,
 * `toJSON` is honoured, `undefined` members are left out). A value it cannot write (a
 * `BigInt`, a cycle) is refused, naming the option.
 */
export function optionalJson(name: string, value: unknown, caller: Function): string | undefined {
  if (value === undefined || value === null) return undefined
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined
  if (proto !== Object.prototype && proto !== null) {
    throw invalidArgument(name, mustBe('a plain object', value), caller)
  }
  try {
    return JSON.stringify(value)
  } catch (err) {
    throw invalidArgument(name, `cannot be sent as JSON: ${err instanceof Error ? err.message : String(err)}`, caller)
  }
}

/**
 * An options object whose every key is one of `known`: `undefined` and `null` are no
 * options; a key the method does not take (a typo such as `delaySecond`) is refused, naming
 * it, rather than silently ignored.
 */
export function optionsObject(options: unknown, known: ReadonlySet<string>, caller: Function): Record<string, unknown> {
  if (options === undefined || options === null) return {}
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw invalidArgument('options', mustBe('an object', options), caller)
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw invalidArgument(key, `is not an option (known: ${[...known].join(', ')})`, caller)
  }
  return options as Record<string, unknown>
}

/** An optional `AbortSignal` option: `undefined` when absent. */
export function optionalSignal(value: unknown, caller: Function): AbortSignal | undefined {
  if (value === undefined || value === null) return undefined
  if (!isAbortSignal(value)) throw invalidArgument('signal', mustBe('an AbortSignal', value), caller)
  return value
}

/** `must be <expected>, got <type of value>`. */
export function mustBe(expected: string, value: unknown): string {
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
 * Runs a native call, abortable by `signal` when one is given; a failure becomes the right
 * {@link TalkoverError} subclass with its stack starting at the caller of `caller`.
 */
export async function run<T>(
  signal: AbortSignal | undefined,
  start: (handle?: AbortHandle) => Promise<T>,
  caller: Function,
): Promise<T> {
  if (signal !== undefined) return withSignal(signal, start, caller)
  try {
    return await start()
  } catch (err) {
    throw toError(err, caller)
  }
}

/**
 * Runs a native call that `signal` can abort: aborting drops the Rust task, and with it the
 * HTTP request, then rejects with `signal.reason`, as `fetch` does. A signal that fired
 * while the native promise was settling wins over its result or error; the public method
 * checks once more ({@link throwIfAborted}) right before its own promise settles.
 */
export async function withSignal<T>(
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
    // Whatever it settled with, an abort that came first is the answer, as with fetch.
    if (signal.aborted) throw abortReason(signal)
    throw toError(err, caller)
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

/**
 * Throws `signal.reason` when the signal has fired. Called by each public method in the
 * same synchronous step that settles its promise: between the native promise resolving and
 * the caller's promise settling there are a few microtask turns, and an abort landing in
 * them must reject, as `fetch` would, rather than deliver the result.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal)
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}
