// Faults that break the connection, on a real loopback server: what an HTTP client actually sees.
import t, { type Test } from 'tap'
import { parse } from '@fast-csv/parse'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, course, enrollment, organization } from '../factories.js'
import type { DataRecord } from '../../src/data/dataset.js'
import { get, listen, raw } from '../support/http.js'

const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
const BIG = '/api/v1/ondemand-courses/big/reports/enrollments'
const ROWS = 2000

function * bigCourse (): Generator<DataRecord> {
  yield organization(SPEC_ORG)
  yield course({ id: 'big', organizationId: SPEC_ORG.id, exercises: [{ id: 'x1', title: 'T', type: 'exercise' }] })
  for (let i = 0; i < ROWS; i++) {
    // Names with commas, quotes and newlines: a cut "after N rows" must count CSV records, not lines.
    yield enrollment({ id: `e${String(i).padStart(5, '0')}`, courseId: 'big', name: `Learner "${i}",\nline two`, enrolledAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString() })
  }
}

async function server (t: Test): Promise<number> {
  const app = await buildTestApp(t, { FAULTS: 'on' })
  loadData(app, bigCourse())
  return await listen(app)
}

async function csvRecords (text: string): Promise<Array<Record<string, string>>> {
  return await new Promise((resolve, reject) => {
    const rows: Array<Record<string, string>> = []
    parse({ headers: true }).on('data', (row) => rows.push(row)).on('error', reject).on('end', () => resolve(rows)).end(text)
  })
}

const request = (path: string, fault: string): string =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth.authorization}\r\nx-strigo-fault: ${fault}\r\nConnection: close\r\n\r\n`

t.test('reset=before: the connection is reset before a single byte', async (t) => {
  const port = await server(t)
  const seen = await raw(port, [request(BIG, 'reset=before')])
  t.equal(seen.bytes, 0)
  t.equal(seen.ended, 'ECONNRESET', 'a TCP reset, not an orderly close')
  const client = await get(port, BIG, { ...auth, 'x-strigo-fault': 'reset=before' })
  t.equal(client.status, undefined)
  t.equal(client.error?.code, 'ECONNRESET')
  t.equal((await get(port, BIG, auth)).status, 200, 'the server is unharmed')
})

t.test('empty: the connection closes without a response', async (t) => {
  const port = await server(t)
  const seen = await raw(port, [request(BIG, 'empty')])
  t.equal(seen.bytes, 0)
  t.equal(seen.ended, 'end', 'an orderly close (FIN), nothing written')
  const client = await get(port, BIG, { ...auth, 'x-strigo-fault': 'empty' })
  t.equal(client.error?.message, 'socket hang up')
})

t.test('latency before an empty reply: the close comes after the delay', async (t) => {
  const port = await server(t)
  const seen = await raw(port, [request(BIG, 'latency=300; empty')])
  t.equal(seen.bytes, 0)
  t.ok(seen.elapsedMs >= 290, `closed after ${Math.round(seen.elapsedMs)} ms`)
})

t.test('reset=mid on a CSV report: 200, the header row and exactly N records of the real report, then the connection is gone', async (t) => {
  const port = await server(t)
  const whole = await get(port, `${BIG}?output=csv`, auth)
  t.ok(whole.complete)
  const all = await csvRecords(whole.body.toString('utf8'))
  t.equal(all.length, ROWS)

  for (const rows of [0, 1, 7, 1500]) {
    const cut = await get(port, `${BIG}?output=csv`, { ...auth, 'x-strigo-fault': `reset=mid; rows=${rows}` })
    t.equal(cut.status, 200, `rows=${rows}`)
    t.equal(cut.headers?.['content-type'], 'text/csv; charset=utf-8')
    t.equal(cut.headers?.['transfer-encoding'], 'chunked')
    t.notOk(cut.complete, 'the response never completes')
    t.equal(cut.error?.code, 'ECONNRESET', 'Node reports the premature close as ECONNRESET "aborted"')
    const text = cut.body.toString('utf8')
    t.ok(whole.body.toString('utf8').startsWith(text), 'what arrived is the start of the real report')
    t.same(await csvRecords(text), all.slice(0, rows), `exactly ${rows} records`)
  }
  t.equal((await get(port, `${BIG}?output=csv`, auth)).body.length, whole.body.length, 'the server is unharmed (cursors released)')
})

t.test('reset=mid on a JSON report: the envelope opens, N rows arrive, it never closes', async (t) => {
  const port = await server(t)
  const cut = await get(port, BIG, { ...auth, 'x-strigo-fault': 'reset=mid; rows=3' })
  t.equal(cut.status, 200)
  t.equal(cut.error?.code, 'ECONNRESET')
  const text = cut.body.toString('utf8')
  t.ok(text.startsWith('{"result":"success","data":['))
  t.throws(() => JSON.parse(text), 'not valid JSON')
  const rows = JSON.parse(`${text}]}`).data
  t.equal(rows.length, 3)
  t.equal(rows[2].enrollment_id, 'e00002')
})

t.test('reset=mid on a route without rows: half the body, then the close', async (t) => {
  const port = await server(t)
  const whole = await get(port, '/api/v1/ondemand', auth)
  const cut = await get(port, '/api/v1/ondemand', { ...auth, 'x-strigo-fault': 'reset=mid' })
  t.equal(cut.status, 200)
  t.equal(cut.error?.code, 'ECONNRESET')
  t.equal(cut.body.toString('utf8'), whole.body.toString('utf8').slice(0, Math.floor(whole.body.length / 2)))
})

t.test('slow: the real report dribbles out over the given time', async (t) => {
  const port = await server(t)
  const whole = await get(port, `${BIG}?output=csv`, auth)
  const slow = await get(port, `${BIG}?output=csv`, { ...auth, 'x-strigo-fault': 'slow=1000' })
  t.equal(slow.status, 200)
  t.ok(slow.complete)
  t.ok(slow.body.equals(whole.body), 'byte for byte the real report')
  t.ok(slow.elapsedMs >= 950, `took ${Math.round(slow.elapsedMs)} ms`)
  t.ok(slow.chunks.length >= 10, `${slow.chunks.length} pieces`)
  const firstHalf = slow.chunks.filter((c) => c.at < 500).reduce((n, c) => n + c.bytes, 0)
  t.ok(firstHalf > whole.body.length * 0.2 && firstHalf < whole.body.length * 0.8, 'evenly paced, not one burst at the end')
})

t.test('slow combines with a status fault and with a mid-body reset', async (t) => {
  const port = await server(t)
  const slow503 = await get(port, BIG, { ...auth, 'x-strigo-fault': 'status=503; slow=300' })
  t.equal(slow503.status, 503)
  t.ok(slow503.complete)
  t.equal(JSON.parse(slow503.body.toString('utf8')).error.type, 'ServiceUnavailable')
  t.ok(slow503.elapsedMs >= 280)

  const slowCut = await get(port, `${BIG}?output=csv`, { ...auth, 'x-strigo-fault': 'slow=300; reset=mid; rows=5' })
  t.equal(slowCut.status, 200)
  t.equal(slowCut.error?.code, 'ECONNRESET')
  t.equal((await csvRecords(slowCut.body.toString('utf8'))).length, 5)
  t.ok(slowCut.elapsedMs >= 280)
})

t.test('a small report served from the cache is still cut, and the cut never enters the cache', async (t) => {
  const app = await buildTestApp(t, { FAULTS: 'on' })
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'small', organizationId: SPEC_ORG.id, exercises: [{ id: 'x1', title: 'T', type: 'exercise' }] }),
    ...['a', 'b', 'c'].map((id, i) => enrollment({ id, courseId: 'small', enrolledAt: `2024-01-0${i + 1}T00:00:00.000Z` }))
  ])
  const port = await listen(app)
  for (const report of ['enrollments', 'exercises']) {
    const url = `/api/v1/ondemand-courses/small/reports/${report}?output=csv`
    const whole = await get(port, url, auth)
    t.equal(whole.headers?.['content-length'], String(whole.body.length), `${report}: small, sent whole (and cached)`)
    const cut = await get(port, url, { ...auth, 'x-strigo-fault': 'reset=mid; rows=1' })
    t.equal(cut.error?.code, 'ECONNRESET', report)
    t.equal((await csvRecords(cut.body.toString('utf8'))).length, 1, `${report}: one record, not the cached whole`)
    const again = await get(port, url, auth)
    t.ok(again.complete && again.body.equals(whole.body), `${report}: the cache still holds the whole report`)
  }
})
