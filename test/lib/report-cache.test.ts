import t from 'tap'
import { ReportCache } from '../../src/lib/report-cache.js'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'

const report = (text: string) => ({ headers: { 'content-type': 'text/plain' }, body: Buffer.from(text) })

t.test('entries live for one data version', async (t) => {
  const cache = new ReportCache()
  cache.set('a', 1, report('one'))
  t.equal(cache.get('a', 1)?.body.toString(), 'one')
  t.equal(cache.get('a', 2), undefined, 'a new version drops everything')
  t.equal(cache.get('a', 1), undefined, 'and an old version does not come back')
})

t.test('least recently used entries go first, by count and by bytes', async (t) => {
  const cache = new ReportCache(2, 1000)
  cache.set('a', 1, report('a'))
  cache.set('b', 1, report('b'))
  cache.get('a', 1)
  cache.set('c', 1, report('c'))
  t.ok(cache.get('a', 1) !== undefined && cache.get('c', 1) !== undefined)
  t.equal(cache.get('b', 1), undefined)
  const bytes = new ReportCache(100, 160)
  bytes.set('x', 1, report('x'.repeat(10)))
  bytes.set('big', 1, report('y'.repeat(11)))
  t.equal(bytes.get('big', 1), undefined, 'bodies over a sixteenth of the budget are not kept')
  for (let k = 0; k < 20; k++) bytes.set(String(k), 1, report('z'.repeat(10)))
  t.equal(bytes.size, 16, 'evicted down to the byte budget (16 × 10 bytes)')
  t.equal(bytes.get('x', 1), undefined, 'the oldest went first')
  t.ok(bytes.get('19', 1), 'the newest stays')
})

t.test('a write by any connection is seen at once, with no explicit invalidation', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  const url = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'
  const headers = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
  const first = await app.inject({ url, headers })
  t.equal((await app.inject({ url, headers })).body, first.body)
  t.equal(app.reportCache.size, 1, 'the small report is cached')
  app.db.writer.prepare("UPDATE enrollments SET name = 'Renamed'").run()
  const after = await app.inject({ url, headers })
  t.equal(after.json().data[0].name, 'Renamed')
})
