import t from 'tap'
import { RequestJournal, pathMatcher, type JournalEntry } from '../../src/admin/journal.js'
import { loadFixture } from '../../src/fixtures/load.js'
import { bearer, buildTestApp } from '../helper.js'

const TOKEN = 'journal-admin-token-000001'
const ADMIN = { 'x-admin-token': TOKEN }

function entry (path: string, method = 'GET', extra: Partial<JournalEntry> = {}): Omit<JournalEntry, 'seq'> {
  return { at: '2026-01-01T00:00:00.000Z', method, path, query: {}, accept: null, status: 200, contentType: 'application/json', durationMs: 1, organizationId: 'o', requestId: 'r', ...extra }
}

t.test('a ring of the last N entries, oldest first, with increasing seq', async (t) => {
  const journal = new RequestJournal(3)
  for (let i = 1; i <= 5; i++) journal.record(entry(`/p${i}`))
  t.same(journal.entries().map((e) => [e.seq, e.path]), [[3, '/p3'], [4, '/p4'], [5, '/p5']])
  t.equal(journal.size, 3)
  t.equal(journal.clear(), 3)
  t.same(journal.entries(), [])
  journal.record(entry('/p6'))
  t.same(journal.entries().map((e) => e.seq), [6], 'seq keeps increasing after a clear')
  const off = new RequestJournal(0)
  off.record(entry('/x'))
  t.same(off.entries(), [])
})

t.test('filters: path (exact or pattern), method, status, organisation, since, limit', async (t) => {
  const journal = new RequestJournal(100)
  journal.record(entry('/api/v1/ondemand-courses/c1/reports/enrollments'))
  journal.record(entry('/api/v1/ondemand-courses/c2/reports/exercises', 'GET', { status: 404, organizationId: 'p' }))
  journal.record(entry('/api/v1/ondemand-courses/c1/reports/user-activity', 'POST'))
  journal.record(entry('/api/v1/ondemand'))
  const paths = (filter: Parameters<RequestJournal['entries']>[0]): string[] => journal.entries(filter).map((e) => e.path)
  t.same(paths({ path: '/api/v1/ondemand' }), ['/api/v1/ondemand'], 'exact')
  t.same(paths({ path: '/api/v1/ondemand-courses/*/reports/enrollments' }), ['/api/v1/ondemand-courses/c1/reports/enrollments'])
  t.same(paths({ path: '/api/v1/ondemand-courses/c1/**' }).length, 2)
  t.same(paths({ path: '/api/v1/*' }), ['/api/v1/ondemand'], '* stays within a segment')
  t.same(paths({ method: 'post' }), ['/api/v1/ondemand-courses/c1/reports/user-activity'], 'method, any case')
  t.same(paths({ status: 404 }), ['/api/v1/ondemand-courses/c2/reports/exercises'])
  t.same(paths({ organizationId: 'p' }), ['/api/v1/ondemand-courses/c2/reports/exercises'])
  t.same(journal.entries({ since: 2 }).map((e) => e.seq), [3, 4])
  t.same(journal.entries({ limit: 2 }).map((e) => e.seq), [3, 4], 'the most recent, in order')
  t.same(journal.entries({ method: 'GET', limit: 1 }).map((e) => e.seq), [4])
  t.ok(pathMatcher('/a.b/*')('/a.b/c'), 'regex characters are literal')
  t.notOk(pathMatcher('/a.b/*')('/aXb/c'))
})

t.test('API requests are journalled with what a test asserts on, and never a credential', async (t) => {
  const app = await buildTestApp(t, { ADMIN_API: 'on', ADMIN_TOKEN: TOKEN })
  loadFixture(app.db.writer, {
    organizations: [{ id: 'acme', apiKeys: ['acme-secret-key-42'], courses: [{ id: 'c1', name: 'C' }] }]
  })
  app.db.touch()
  const auth = bearer('acme', 'acme-secret-key-42')
  await app.inject({ url: '/api/v1/ondemand-courses/c1/reports/enrollments?output=csv&x=1&x=2', headers: { ...auth, accept: 'text/csv' } })
  await app.inject({ url: '/api/v1/ondemand/nope', headers: auth })
  await app.inject({ url: '/api/v1/ondemand', headers: bearer('acme', 'wrong-key') })
  await app.inject({ method: 'POST', url: '/api/v1/ondemand', headers: { ...auth, 'content-type': 'application/json' }, payload: { from: '2024-01-01' } })
  // Not API calls: not journalled.
  await app.inject({ url: '/healthz' })
  await app.inject({ url: '/__admin/summary', headers: ADMIN })

  const res = await app.inject({ url: '/__admin/journal', headers: ADMIN })
  t.equal(res.statusCode, 200)
  const entries = res.json().data as JournalEntry[]
  t.match(entries, [
    {
      seq: 1,
      method: 'GET',
      path: '/api/v1/ondemand-courses/c1/reports/enrollments',
      query: { output: 'csv', x: ['1', '2'] },
      accept: 'text/csv',
      status: 200,
      contentType: 'text/csv',
      durationMs: Number,
      organizationId: 'acme',
      requestId: String
    },
    { seq: 2, path: '/api/v1/ondemand/nope', status: 404, organizationId: 'acme' },
    { seq: 3, path: '/api/v1/ondemand', status: 401, organizationId: null },
    { seq: 4, method: 'POST', path: '/api/v1/ondemand', status: 404, body: { from: '2024-01-01' } }
  ])
  t.equal(entries.length, 4)
  t.ok(entries.every((e) => !Number.isNaN(Date.parse(e.at))))
  t.notMatch(res.body, /acme-secret-key-42|wrong-key|Bearer|authorization/i, 'no key, no Authorization header')
  t.notMatch(res.body, new RegExp(TOKEN), 'no admin token')

  const filtered = await app.inject({ url: '/__admin/journal?path=/api/v1/ondemand&method=post', headers: ADMIN })
  t.same(filtered.json().data.map((e: JournalEntry) => e.seq), [4])
  const bad = await app.inject({ url: '/__admin/journal?limit=0', headers: ADMIN })
  t.equal(bad.statusCode, 422)
  t.equal(bad.json().error.errors[0].param, 'limit')

  const cleared = await app.inject({ method: 'DELETE', url: '/__admin/journal', headers: ADMIN })
  t.same(cleared.json(), { result: 'success', data: { cleared: 4 } })
  t.same((await app.inject({ url: '/__admin/journal', headers: ADMIN })).json().data, [])
})

t.test('a POST body is journalled as the client sent it (not as the route resolved it)', async (t) => {
  const app = await buildTestApp(t)
  loadFixture(app.db.writer, { organizations: [{ id: 'acme', apiKeys: ['acme-key-0001'], courses: [{ id: 'c1', name: 'C' }] }] })
  app.db.touch()
  const url = '/api/v1/ondemand-courses/c1/reports/user-activity'
  const headers = { ...bearer('acme', 'acme-key-0001'), 'content-type': 'application/json' }
  t.equal((await app.inject({ method: 'POST', url, headers, payload: { from: '2024-01-01' } })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url, headers: bearer('acme', 'acme-key-0001') })).statusCode, 200)
  t.same(app.journal.entries({ path: url }).map((e) => e.body), [{ from: '2024-01-01' }, undefined], 'only what was sent; no body, no body')
})

t.test('JOURNAL_SIZE bounds the journal; 0 turns it off', async (t) => {
  const small = await buildTestApp(t, { JOURNAL_SIZE: 2 })
  for (let i = 0; i < 5; i++) await small.inject({ url: `/api/v1/ondemand/${i}` })
  t.same(small.journal.entries().map((e) => e.path), ['/api/v1/ondemand/3', '/api/v1/ondemand/4'])
  const off = await buildTestApp(t, { JOURNAL_SIZE: 0 })
  await off.inject({ url: '/api/v1/ondemand' })
  t.same(off.journal.entries(), [])
})
