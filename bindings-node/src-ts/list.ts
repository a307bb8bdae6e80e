/**
 * {@link CallList}: what `Talkover.listCalls` returns, a lazily paged listing.
 *
 * The paging loop is the Rust core's (its stop rules, its refusal of inconsistent pages);
 * this file reads it through one native pager, one request per page, and offers it as
 * `for await`, `.pages()` and `.nextPage()`.
 *
 * @module
 */

import type { NativeCallPager } from '../native.js'
import { run, throwIfAborted } from './arguments'
import type { CallPage, CallRecord } from './models'

/** How {@link CallList} instances are made: by `Talkover.listCalls` only. @internal */
export let openCallList: (source: NativeCallPager | { failure: unknown }, signal: AbortSignal | undefined) => CallList

/**
 * The calls of a listing, newest first, fetched lazily: nothing is sent until you read, then
 * one request per page of `perPage` calls (the API's default is 20), each with the client's
 * retries and timeout. The `signal` given to `listCalls` aborts the page being read, and
 * with it the listing.
 *
 * Read it once, in any of three ways: `for await` over every call, {@link CallList.pages}
 * over every page, or {@link CallList.nextPage} one page at a time. A list is a stream, not
 * a snapshot: each form continues where the last read stopped (a `for await` left with
 * `break` resumes with the next call), so call `listCalls` again to start over. The listing
 * ends after the last page, after an error, and after an abort.
 *
 * A filter `listCalls` refused (a wrong type, `perPage: 0`, a malformed date) is not thrown
 * by `listCalls`, whose result is not a Promise: the first read rejects with the
 * `InvalidRequestError`, before any request, and so does every later one.
 *
 * @example
 * ```ts
 * for await (const call of client.listCalls({ agentId: 'agent-uuid', dateFrom: new Date() })) {
 *   console.log(call.id, call.status, call.duration)
 * }
 *
 * const list = client.listCalls({ status: 'completed', perPage: 100 })
 * for await (const page of list.pages()) console.log(`page ${page.number}: ${page.items.length} calls`)
 * ```
 */
export class CallList implements AsyncIterable<CallRecord> {
  readonly #pager: NativeCallPager | null
  readonly #failure: unknown
  readonly #signal: AbortSignal | undefined
  /** The read before the next one: reads run one after another, in call order. */
  #previous: Promise<unknown> = Promise.resolve()
  /** Calls of a page the item iterator read and has not yielded yet. */
  #pending: CallRecord[] = []

  private constructor(source: NativeCallPager | { failure: unknown }, signal: AbortSignal | undefined) {
    if ('failure' in source) {
      this.#pager = null
      this.#failure = source.failure
    } else {
      this.#pager = source
      this.#failure = undefined
    }
    this.#signal = signal
  }

  static {
    openCallList = (source, signal) => new CallList(source, signal)
  }

  /**
   * The next page not read yet, or `null` once the listing is over. Pages are requested one
   * at a time: calls made while one is pending wait for it.
   *
   * @example
   * ```ts
   * const list = client.listCalls({ perPage: 50 })
   * const first = await list.nextPage()
   * console.log(first?.items.length, first?.total, first?.hasMore)
   * ```
   */
  nextPage(): Promise<CallPage | null> {
    // The last step settles the promise returned here, in the same turn as the abort check.
    const signal = this.#signal
    const read = this.#previous
      .then(() => this.#read())
      .then((page) => {
        throwIfAborted(signal)
        return page
      })
    this.#previous = read.catch(() => undefined)
    return read
  }

  async #read(): Promise<CallPage | null> {
    const pager = this.#pager
    if (pager === null) throw this.#failure
    const values = await run(this.#signal, (handle) => pager.nextPage(handle), CallList.prototype.nextPage)
    return values as CallPage | null
  }

  /**
   * Every page not read yet, requested as the loop asks for it.
   *
   * @example
   * ```ts
   * for await (const page of client.listCalls({ direction: 'inbound' }).pages()) {
   *   console.log(page.number, page.items.map((call) => call.id))
   * }
   * ```
   */
  async *pages(): AsyncGenerator<CallPage, void, undefined> {
    for (let page = await this.nextPage(); page !== null; page = await this.nextPage()) {
      yield page
    }
  }

  /** Every call not read yet, page after page: `for await (const call of list)`. */
  async *[Symbol.asyncIterator](): AsyncGenerator<CallRecord, void, undefined> {
    for (;;) {
      const call = this.#pending.shift()
      if (call !== undefined) {
        yield call
        continue
      }
      const page = await this.nextPage()
      if (page === null) return
      this.#pending = page.items
    }
  }
}
