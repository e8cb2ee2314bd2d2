import t from 'tap'
import { parse } from '@fast-csv/parse'
import { bearer, buildTestApp, loadData } from '../../helper.js'
import { OTHER_ORG, SPEC_ORG, course, enrollment, organization, specEnrollmentsData } from '../../factories.js'
import { ENROLLMENTS_CSV, ENROLLMENTS_JSON } from '../../spec-examples.js'

const URL = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'

const SPEC_JSON = ENROLLMENTS_JSON

const SPEC_CSV = ENROLLMENTS_CSV

const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)

t.test('reproduces the spec example as JSON, byte for byte', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  const res = await app.inject({ url: `${URL}?output=json`, headers: auth })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json; charset=utf-8$/)
  t.equal(res.body, JSON.stringify(JSON.parse(SPEC_JSON)))
})

t.test('reproduces the spec example as CSV, with status in the header', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  const res = await app.inject({ url: `${URL}?output=csv`, headers: auth })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'text/csv; charset=utf-8')
  t.equal(res.headers['content-disposition'], 'attachment; filename="my-on-demand-course-6363d3d399533fd52834c620-enrollments.csv"')
  t.equal(res.body, SPEC_CSV)
})

t.test('an enrollment that has not started has started_at null (empty CSV field)', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'c1', organizationId: SPEC_ORG.id, exercises: [{ id: 'x1', title: 'T', type: 'exercise' }] }),
    enrollment({ id: 'e1', courseId: 'c1', status: 'enrolled' })
  ])
  const json = await app.inject({ url: '/api/v1/ondemand-courses/c1/reports/enrollments', headers: auth })
  t.equal(json.json().data[0].started_at, null)
  const csv = await app.inject({ url: '/api/v1/ondemand-courses/c1/reports/enrollments?output=csv', headers: auth })
  t.match(csv.body.split('\n')[1], /"2024-01-01T00:00:00\.000Z",,"enrolled",0,1,false$/)
})

t.test('exercise progress: counts results of either outcome; completed only with exercises, all finished', async (t) => {
  const app = await buildTestApp(t)
  const exercises = [{ id: 'x1', title: 'A', type: 'question' as const }, { id: 'x2', title: 'B', type: 'exercise' as const }]
  const started = { status: 'started' as const, startedAt: '2024-01-02T00:00:00.000Z' }
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'c1', organizationId: SPEC_ORG.id, exercises }),
    course({ id: 'c0', organizationId: SPEC_ORG.id, exercises: [] }),
    enrollment({
      id: 'e-all', courseId: 'c1', ...started, enrolledAt: '2024-01-01T00:00:01.000Z',
      results: [
        { exerciseId: 'x1', result: 'success', finishedAt: '2024-01-02T01:00:00.000Z' },
        { exerciseId: 'x2', result: 'failure', finishedAt: '2024-01-02T02:00:00.000Z' }
      ]
    }),
    enrollment({
      id: 'e-one', courseId: 'c1', ...started, enrolledAt: '2024-01-01T00:00:02.000Z',
      results: [{ exerciseId: 'x2', result: 'success', finishedAt: '2024-01-02T01:00:00.000Z' }]
    }),
    enrollment({ id: 'e-none', courseId: 'c0', ...started })
  ])
  const c1 = (await app.inject({ url: '/api/v1/ondemand-courses/c1/reports/enrollments', headers: auth })).json().data
  t.same(c1.map((r: any) => [r.enrollment_id, r.exercises_finished, r.exercises_count, r.all_exercises_completed]), [
    ['e-all', 2, 2, true],
    ['e-one', 1, 2, false]
  ])
  const c0 = (await app.inject({ url: '/api/v1/ondemand-courses/c0/reports/enrollments', headers: auth })).json().data
  t.same(c0.map((r: any) => [r.exercises_finished, r.exercises_count, r.all_exercises_completed]), [[0, 0, false]])
})

t.test('rows are ordered by enrollment time, then id', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'c1', organizationId: SPEC_ORG.id }),
    enrollment({ id: 'b', courseId: 'c1', enrolledAt: '2024-01-02T00:00:00.000Z' }),
    enrollment({ id: 'c', courseId: 'c1', enrolledAt: '2024-01-01T00:00:00.000Z' }),
    enrollment({ id: 'a', courseId: 'c1', enrolledAt: '2024-01-02T00:00:00.000Z' })
  ])
  const res = await app.inject({ url: '/api/v1/ondemand-courses/c1/reports/enrollments', headers: auth })
  t.same(res.json().data.map((r: any) => r.enrollment_id), ['c', 'a', 'b'])
})

t.test('a course without enrollments: empty data, and a CSV that still has its header', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [organization(SPEC_ORG), course({ id: 'c1', organizationId: SPEC_ORG.id })])
  const json = await app.inject({ url: '/api/v1/ondemand-courses/c1/reports/enrollments', headers: auth })
  t.equal(json.body, '{"result":"success","data":[]}')
  const csv = await app.inject({ url: '/api/v1/ondemand-courses/c1/reports/enrollments?output=csv', headers: auth })
  t.equal(csv.body, SPEC_CSV.split('\n')[0] + '\n')
})

t.test('CSV fields with commas, quotes, newlines, emoji and non-ASCII text round-trip through a CSV parser', async (t) => {
  const app = await buildTestApp(t)
  const tricky = {
    course: 'Intro, "advanced"\nand more 🚀',
    name: 'Zoë "Ziggy" O\'Brien, Jr.\r\nŁódź 東京',
    email: 'zoë@exämple.com'
  }
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'c1', organizationId: SPEC_ORG.id, name: tricky.course }),
    enrollment({ id: 'e1', courseId: 'c1', name: tricky.name, email: tricky.email })
  ])
  const res = await app.inject({ url: '/api/v1/ondemand-courses/c1/reports/enrollments?output=csv', headers: auth })
  const rows = await parseCsv(res.body)
  t.equal(rows.length, 1)
  t.equal(rows[0].course_name, tricky.course)
  t.equal(rows[0].name, tricky.name)
  t.equal(rows[0].email, tricky.email)
  t.equal(rows[0].status, 'enrolled')
  t.match(res.headers['content-disposition'], /^attachment; filename="intro-advanced-and-more-c1-enrollments\.csv"$/)
})

t.test('another organisation\'s course answers exactly like a course that does not exist', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [...specEnrollmentsData(), organization(OTHER_ORG), course({ id: 'theirs', organizationId: OTHER_ORG.id })])
  const theirs = await app.inject({ url: '/api/v1/ondemand-courses/theirs/reports/enrollments', headers: auth })
  const missing = await app.inject({ url: '/api/v1/ondemand-courses/nope/reports/enrollments', headers: auth })
  t.equal(theirs.statusCode, 404)
  t.equal(theirs.body, missing.body)
  t.same(theirs.json(), { result: 'failure', error: { type: 'CourseNotFound', message: 'Course not found' } })
  const mine = await app.inject({ url: URL, headers: bearer(OTHER_ORG.id, OTHER_ORG.apiKey) })
  t.equal(mine.statusCode, 404, 'and the other way round')
})

t.test('a large course streams: chunked, every row present, in order', async (t) => {
  const app = await buildTestApp(t)
  const count = 3000
  loadData(app, (function * () {
    yield organization(SPEC_ORG)
    yield course({ id: 'big', organizationId: SPEC_ORG.id })
    for (let i = 0; i < count; i++) {
      yield enrollment({ id: `e${String(i).padStart(5, '0')}`, courseId: 'big', enrolledAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString() })
    }
  })())
  const csv = await app.inject({ url: '/api/v1/ondemand-courses/big/reports/enrollments?output=csv', headers: auth })
  t.equal(csv.headers['content-length'], undefined, 'no content-length: streamed')
  t.equal(csv.headers['transfer-encoding'], 'chunked')
  const lines = csv.body.split('\n')
  t.equal(lines.length, count + 2, 'header, rows, final newline')
  const json = await app.inject({ url: '/api/v1/ondemand-courses/big/reports/enrollments', headers: auth })
  const data = json.json().data
  t.equal(data.length, count)
  t.equal(data[count - 1].enrollment_id, 'e02999')
})

async function parseCsv (text: string): Promise<Array<Record<string, string>>> {
  return await new Promise((resolve, reject) => {
    const rows: Array<Record<string, string>> = []
    const parser = parse({ headers: true })
    parser.on('data', (row) => rows.push(row)).on('error', reject).on('end', () => resolve(rows))
    parser.end(text)
  })
}
