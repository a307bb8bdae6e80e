// listCalls: a lazy listing read through one native pager. One request per page, only when a
// page is read; `for await`, `.pages()` and `.nextPage()` share the listing; `break`, abort,
// errors and refused filters end or refuse it as documented.
import { after, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { InvalidRequestError, NotFoundError } from 'talkover'
import { AGENT, clientFor, settle, startServer, waitFor } from './helpers.mjs'

let server
let client
before(() => {
  server = startServer()
  client = clientFor(server)
})
beforeEach(() => {
  server.reset()
  // Five calls, one a day from 2024-01-01; newest first they are c5 ... c1.
  for (let day = 1; day <= 5; day++) {
    server.seedCall({ agentId: AGENT, to: `+551190000000${day}`, id: `c${day}`, status: 'completed', createdAt: `2024-01-0${day}T12:00:00Z` })
  }
})
after(() => server.stop())

const pageRequests = () => server.requests().filter((r) => r.path.endsWith('/calls'))

test('nothing is sent until a page is read, then one request per page', async () => {
  const list = client.listCalls({ perPage: 2 })
  await new Promise((resolve) => setTimeout(resolve, 20))
  assert.equal(server.requests().length, 0)
  const seen = []
  for await (const call of list) {
    seen.push([call.id, pageRequests().length])
  }
  assert.deepEqual(seen, [['c5', 1], ['c4', 1], ['c3', 2], ['c2', 2], ['c1', 3]])
  assert.deepEqual(pageRequests().map((r) => r.query), ['page=1&per_page=2', 'page=2&per_page=2', 'page=3&per_page=2'])
})

test('pages() and nextPage() give the pages with their pagination', async () => {
  const pages = []
  for await (const page of client.listCalls({ perPage: 2 }).pages()) pages.push(page)
  assert.deepEqual(pages.map((p) => [p.number, p.items.length, p.hasMore]), [[1, 2, true], [2, 2, true], [3, 1, false]])
  assert.deepEqual([pages[0].currentPage, pages[0].lastPage, pages[0].perPage, pages[0].total], [1, 3, 2, 5])
  assert.ok(pages[0].items[0].createdAt instanceof Date)

  const list = client.listCalls({ perPage: 5 })
  const first = await list.nextPage()
  assert.equal(first.items.length, 5)
  assert.equal(first.hasMore, false)
  assert.equal(await list.nextPage(), null)
  assert.equal(await list.nextPage(), null)
  assert.equal(pageRequests().length, 4, 'no request once the listing is over')
})

test('an empty listing is one request and no call', async () => {
  server.reset()
  const calls = []
  for await (const call of client.listCalls()) calls.push(call)
  assert.deepEqual(calls, [])
  assert.equal(server.requests().length, 1)
})

test('break sends no further request; the next loop resumes with the next call', async () => {
  const list = client.listCalls({ perPage: 2 })
  for await (const call of list) {
    assert.equal(call.id, 'c5')
    break
  }
  await new Promise((resolve) => setTimeout(resolve, 50))
  assert.equal(pageRequests().length, 1)
  const rest = []
  for await (const call of list) rest.push(call.id)
  assert.deepEqual(rest, ['c4', 'c3', 'c2', 'c1'])
  assert.equal(pageRequests().length, 3)
})

test('reads made at once are sent one after another, in order', async () => {
  const list = client.listCalls({ perPage: 2 })
  const pages = await Promise.all([list.nextPage(), list.nextPage(), list.nextPage(), list.nextPage()])
  assert.deepEqual(pages.map((p) => p && p.number), [1, 2, 3, null])
  assert.equal(pageRequests().length, 3)
})

test('aborting mid-listing drops the page in flight and ends the listing', async () => {
  const own = startServer()
  try {
    own.seedCall({ agentId: AGENT, to: '+5511900000001', status: 'completed' })
    own.seedCall({ agentId: AGENT, to: '+5511900000002', status: 'completed' })
    const controller = new AbortController()
    const list = clientFor(own).listCalls({ perPage: 1, signal: controller.signal })
    assert.equal((await list.nextPage()).items.length, 1)
    own.addFault({ kind: 'hang' })
    const pending = settle(list.nextPage())
    assert.ok(await waitFor(() => own.requests().length === 2), 'page 2 was asked for')
    controller.abort()
    assert.equal((await pending).error, controller.signal.reason)
    assert.ok(await waitFor(() => own.connectionsOpen() === 0), 'its connection closed')
    assert.equal((await settle(list.nextPage())).error, controller.signal.reason)
    assert.equal(own.requests().length, 2, 'nothing more was sent')
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0, 'listener removed')
  } finally {
    own.stop()
  }
})

test('an aborted signal refuses the first page before any request', async () => {
  const signal = AbortSignal.abort()
  const { error } = await settle(client.listCalls({ signal }).nextPage())
  assert.equal(error, signal.reason)
  assert.equal(server.requests().length, 0)
})

test('after a failed page the listing is over', async () => {
  const list = client.listCalls({ agentId: 'agent-404' })
  const { error } = await settle(list.nextPage())
  assert.ok(error instanceof NotFoundError)
  assert.equal(await list.nextPage(), null)
  assert.equal(server.requests().length, 1)
})

test('a refused filter is delivered by every read, never thrown, before any request', async () => {
  for (const options of [{ perPage: 0 }, { perPage: 1.5 }, { perPage: '20' }, { dateFrom: 20240101 }, { status: 7 }, { agent: AGENT }, 'x']) {
    let list
    assert.doesNotThrow(() => {
      list = client.listCalls(options)
    })
    for (let read = 0; read < 2; read++) {
      const { error } = await settle(list.nextPage())
      assert.ok(error instanceof InvalidRequestError, `${JSON.stringify(options)}: ${error}`)
    }
    const loop = await settle((async () => {
      for await (const call of list) assert.fail(`no call expected, got ${call.id}`)
    })())
    assert.ok(loop.error instanceof InvalidRequestError)
  }
  const { error } = await settle(client.listCalls({ agent: AGENT }).nextPage())
  assert.equal(error.param, 'agent')
  assert.equal(server.requests().length, 0)
})

test('dates: a Date is its UTC day, a string is YYYY-MM-DD, anything else is refused', async () => {
  // 23:00 in Sao Paulo on January 3rd is January 4th in UTC.
  const calls = []
  for await (const call of client.listCalls({ dateFrom: new Date('2024-01-03T23:00:00-03:00'), dateTo: '2024-01-04' })) {
    calls.push(call.id)
  }
  assert.deepEqual(calls, ['c4'])
  assert.equal(server.requests().at(-1).query, 'page=1&date_from=2024-01-04&date_to=2024-01-04')

  const cases = [
    [{ dateFrom: new Date('not a date') }, 'dateFrom'],
    [{ dateTo: '2024-02-30' }, 'dateTo'],
    [{ dateTo: '04/01/2024' }, 'dateTo'],
    [{ dateFrom: Date.now() }, 'dateFrom'],
    [{ dateFrom: new Date('2024-01-05'), dateTo: new Date('2024-01-04') }, 'dateTo'],
  ]
  for (const [options, param] of cases) {
    const { error } = await settle(client.listCalls(options).nextPage())
    assert.ok(error instanceof InvalidRequestError, String(error))
    assert.equal(error.param, param)
  }
})

test('timeoutMs applies to every page', async () => {
  server.addFault({ kind: 'hang', path: '/calls' })
  const started = performance.now()
  const { error } = await settle(client.listCalls({ timeoutMs: 100 }).nextPage())
  assert.equal(error.name, 'APITimeoutError')
  assert.ok(performance.now() - started < 2000)
})

