import t from 'tap'
import { bearer, buildTestApp, loadData } from '../../helper.js'
import { OTHER_ORG, SPEC_ORG, course, enrollment, organization } from '../../factories.js'
import { SPEC_COURSE_ID, URL, numberedExercises, specExercisesData } from './fixtures.js'
import { asCsvText, parseCsv, parseCsvRecords } from './helpers.js'
import { EXERCISES_CSV, EXERCISES_JSON } from '../../spec-examples.js'

const SPEC_JSON = EXERCISES_JSON

const SPEC_CSV = EXERCISES_CSV

const FIXED_KEYS = ['course_id', 'course_name', 'enrollment_id', 'email', 'name', 'workspace_id',
  'exercises_finished', 'exercises_count', 'all_exercises_completed']

const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
const courseUrl = (id: string, query = ''): string => `/api/v1/ondemand-courses/${id}/reports/exercises${query}`

t.test('reproduces the spec\'s JSON example, byte for byte', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specExercisesData('success'))
  const res = await app.inject({ url: `${URL}?output=json`, headers: auth })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(res.headers.vary, 'Accept')
  t.equal(res.body, JSON.stringify(JSON.parse(SPEC_JSON)))
})

t.test('reproduces the spec\'s CSV example, byte for byte (second exercise failed)', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specExercisesData('failure'))
  const res = await app.inject({ url: `${URL}?output=csv`, headers: auth })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'text/csv; charset=utf-8')
  t.equal(res.headers['content-disposition'], `attachment; filename="my-course-${SPEC_COURSE_ID}-exercises.csv"`)
  t.equal(res.body, SPEC_CSV)
})

t.test('EXERCISE_KEY_STYLE=underscored names the keys exercise_1_title …, in JSON and CSV alike', async (t) => {
  const app = await buildTestApp(t, { EXERCISE_KEY_STYLE: 'underscored' })
  loadData(app, specExercisesData('failure'))
  const underscored = (text: string): string => text.replace(/exercise(\d+)_/g, 'exercise_$1_')

  const json = await app.inject({ url: URL, headers: auth })
  const expected = JSON.parse(underscored(SPEC_JSON))
  expected.data[0].exercise_2_result = 'failure'
  t.equal(json.body, JSON.stringify(expected))
  t.ok(json.body.includes('"exercise_1_title":"First question"'))
  t.notOk(json.body.includes('"exercise1_'), 'no compact key left')

  const csv = await app.inject({ url: `${URL}?output=csv`, headers: auth })
  t.equal(csv.body, underscored(SPEC_CSV))
  t.ok(csv.body.startsWith('"course_id",'), 'the fixed fields keep their names')
  t.ok(csv.body.includes('"exercises_finished","exercises_count","all_exercises_completed","exercise_1_title"'))
})

t.test('the default key style is the spec\'s compact one', async (t) => {
  const app = await buildTestApp(t)
  t.equal(app.config.EXERCISE_KEY_STYLE, 'compact')
  loadData(app, specExercisesData('success'))
  const json = await app.inject({ url: URL, headers: auth })
  t.same(Object.keys(json.json().data[0]).slice(9, 11), ['exercise1_title', 'exercise1_type'])
})

t.test('unfinished exercises: title and type filled, result and finished time null (empty CSV fields)', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'c1', organizationId: SPEC_ORG.id, name: 'C', exercises: numberedExercises(3) }),
    enrollment({
      id: 'e1', courseId: 'c1', status: 'started', startedAt: '2024-01-01T01:00:00.000Z',
      results: [{ exerciseId: 'x2', result: 'failure', finishedAt: '2024-01-01T02:00:00.000Z' }]
    }),
    enrollment({ id: 'e2', courseId: 'c1', enrolledAt: '2024-01-02T00:00:00.000Z' })
  ])
  const json = await app.inject({ url: courseUrl('c1'), headers: auth })
  const [partial, none] = json.json().data
  t.same(partial, {
    course_id: 'c1',
    course_name: 'C',
    enrollment_id: 'e1',
    email: 'e1@example.com',
    name: 'Learner e1',
    workspace_id: 'ws0000000000000e1',
    exercises_finished: 1,
    exercises_count: 3,
    all_exercises_completed: false,
    exercise1_title: 'Exercise 1',
    exercise1_type: 'question',
    exercise1_result: null,
    exercise1_finished_at: null,
    exercise2_title: 'Exercise 2',
    exercise2_type: 'exercise',
    exercise2_result: 'failure',
    exercise2_finished_at: '2024-01-01T02:00:00.000Z',
    exercise3_title: 'Exercise 3',
    exercise3_type: 'question',
    exercise3_result: null,
    exercise3_finished_at: null
  })
  t.same(Object.keys(none), Object.keys(partial), 'every row of a course has the same keys, in the same order')
  t.equal(none.exercises_finished, 0)
  t.equal(none.exercise2_result, null)
  t.ok(json.body.includes('"exercise1_result":null,"exercise1_finished_at":null'), 'null is written as JSON null')

  const csv = await app.inject({ url: courseUrl('c1', '?output=csv'), headers: auth })
  const lines = csv.body.split('\n')
  t.equal(lines.length, 4)
  t.equal(lines[1], '"c1","C","e1","e1@example.com","Learner e1","ws0000000000000e1",1,3,false,' +
    '"Exercise 1","question",,,"Exercise 2","exercise","failure","2024-01-01T02:00:00.000Z","Exercise 3","question",,')
  t.equal(lines[2], '"c1","C","e2","e2@example.com","Learner e2","ws0000000000000e2",0,3,false,' +
    '"Exercise 1","question",,,"Exercise 2","exercise",,,"Exercise 3","question",,')
})

t.test('a course with no exercises: only the fixed fields, 0 of 0 never counts as completed', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'c0', organizationId: SPEC_ORG.id, name: 'Empty', exercises: [] }),
    enrollment({ id: 'e1', courseId: 'c0' })
  ])
  const json = await app.inject({ url: courseUrl('c0'), headers: auth })
  t.equal(json.body, '{"result":"success","data":[{"course_id":"c0","course_name":"Empty","enrollment_id":"e1",' +
    '"email":"e1@example.com","name":"Learner e1","workspace_id":"ws0000000000000e1","exercises_finished":0,' +
    '"exercises_count":0,"all_exercises_completed":false}]}')
  const csv = await app.inject({ url: courseUrl('c0', '?output=csv'), headers: auth })
  t.equal(csv.body, FIXED_KEYS.map((k) => `"${k}"`).join(',') + '\n' +
    '"c0","Empty","e1","e1@example.com","Learner e1","ws0000000000000e1",0,0,false\n')
})

t.test('a course with 50 exercises: 209 columns in course order, JSON and CSV agree', async (t) => {
  const app = await buildTestApp(t)
  const exercises = numberedExercises(50)
  const finished = [1, 2, 25, 49, 50]
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'c50', organizationId: SPEC_ORG.id, exercises }),
    enrollment({
      id: 'e1', courseId: 'c50', status: 'started', startedAt: '2024-01-01T01:00:00.000Z',
      results: finished.map((n) => ({ exerciseId: `x${n}`, result: n % 2 === 0 ? 'failure' as const : 'success' as const, finishedAt: `2024-01-02T00:00:${String(n).padStart(2, '0')}.000Z` }))
    }),
    enrollment({
      id: 'e2', courseId: 'c50', status: 'finished', enrolledAt: '2024-01-03T00:00:00.000Z', startedAt: '2024-01-03T01:00:00.000Z',
      results: exercises.map((x) => ({ exerciseId: x.id, result: 'success' as const, finishedAt: '2024-01-04T00:00:00.000Z' }))
    })
  ])
  const expectedKeys = [...FIXED_KEYS]
  for (let n = 1; n <= 50; n++) expectedKeys.push(`exercise${n}_title`, `exercise${n}_type`, `exercise${n}_result`, `exercise${n}_finished_at`)
  t.equal(expectedKeys.length, 209)

  const json = await app.inject({ url: courseUrl('c50'), headers: auth })
  const data = json.json().data
  t.equal(data.length, 2)
  t.same(Object.keys(data[0]), expectedKeys)
  t.same(Object.keys(data[1]), expectedKeys)
  t.same([data[0].exercises_finished, data[0].exercises_count, data[0].all_exercises_completed], [5, 50, false])
  t.same([data[1].exercises_finished, data[1].exercises_count, data[1].all_exercises_completed], [50, 50, true])
  for (let n = 1; n <= 50; n++) {
    t.equal(data[0][`exercise${n}_title`], `Exercise ${n}`)
    const expectedResult = finished.includes(n) ? (n % 2 === 0 ? 'failure' : 'success') : null
    t.equal(data[0][`exercise${n}_result`], expectedResult, `exercise ${n} result`)
  }
  t.equal(data[0].exercise50_finished_at, '2024-01-02T00:00:50.000Z')

  const csv = await app.inject({ url: courseUrl('c50', '?output=csv'), headers: auth })
  const records = await parseCsvRecords(csv.body)
  t.same(records[0], expectedKeys, 'the CSV header is the JSON keys')
  t.equal(records.length, 3)
  for (const [i, row] of data.entries()) {
    t.same(records[i + 1], expectedKeys.map((k) => asCsvText(row[k])), `CSV row ${i + 1} has the JSON row's values`)
  }
})

t.test('a course without enrollments: empty data, and a CSV header fixed by the exercise list', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [organization(SPEC_ORG), course({ id: 'c1', organizationId: SPEC_ORG.id, exercises: numberedExercises(2) })])
  const json = await app.inject({ url: courseUrl('c1'), headers: auth })
  t.equal(json.body, '{"result":"success","data":[]}')
  const csv = await app.inject({ url: courseUrl('c1', '?output=csv'), headers: auth })
  t.equal(csv.body, SPEC_CSV.split('\n')[0] + '\n')
})

t.test('columns follow the course order (position), not exercise ids or result order', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [
    organization(SPEC_ORG),
    course({
      id: 'c1',
      organizationId: SPEC_ORG.id,
      exercises: [{ id: 'zz', title: 'Alpha', type: 'exercise' }, { id: 'aa', title: 'Beta', type: 'question' }]
    }),
    enrollment({
      id: 'e1', courseId: 'c1',
      results: [
        { exerciseId: 'aa', result: 'failure', finishedAt: '2024-01-01T02:00:00.000Z' },
        { exerciseId: 'zz', result: 'success', finishedAt: '2024-01-01T03:00:00.000Z' }
      ]
    })
  ])
  const [row] = (await app.inject({ url: courseUrl('c1'), headers: auth })).json().data
  t.same([row.exercise1_title, row.exercise1_result, row.exercise2_title, row.exercise2_result], ['Alpha', 'success', 'Beta', 'failure'])
})

t.test('rows are ordered by enrollment time, then id', async (t) => {
  const app = await buildTestApp(t)
  const results = [{ exerciseId: 'x1', result: 'success' as const, finishedAt: '2024-02-01T00:00:00.000Z' }]
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'c1', organizationId: SPEC_ORG.id, exercises: numberedExercises(2) }),
    enrollment({ id: 'b', courseId: 'c1', enrolledAt: '2024-01-02T00:00:00.000Z', results }),
    enrollment({ id: 'c', courseId: 'c1', enrolledAt: '2024-01-01T00:00:00.000Z' }),
    enrollment({ id: 'a', courseId: 'c1', enrolledAt: '2024-01-02T00:00:00.000Z', results })
  ])
  const res = await app.inject({ url: courseUrl('c1'), headers: auth })
  t.same(res.json().data.map((r: any) => [r.enrollment_id, r.exercises_finished]), [['c', 0], ['a', 1], ['b', 1]])
})

t.test('titles and names with commas, quotes, newlines, emoji and non-ASCII text round-trip through a CSV parser', async (t) => {
  const app = await buildTestApp(t)
  const tricky = {
    course: 'Intro, "advanced"\nand more 🚀',
    titles: [
      'Deploy, scale, "observe"',
      'Line one\nline two\r\nline three',
      'Émigré façade — Łódź 東京 🧪👩🏽‍💻',
      '"quoted"',
      ' leading and trailing spaces ',
      ''
    ],
    name: 'Zoë "Ziggy" O\'Brien, Jr.\r\nŁódź 東京',
    email: 'zoë@exämple.com'
  }
  loadData(app, [
    organization(SPEC_ORG),
    course({
      id: 'c1',
      organizationId: SPEC_ORG.id,
      name: tricky.course,
      exercises: tricky.titles.map((title, i) => ({ id: `x${i + 1}`, title, type: 'exercise' as const }))
    }),
    enrollment({
      id: 'e1', courseId: 'c1', name: tricky.name, email: tricky.email,
      results: [{ exerciseId: 'x2', result: 'success', finishedAt: '2024-01-01T02:00:00.000Z' }]
    })
  ])
  const res = await app.inject({ url: courseUrl('c1', '?output=csv'), headers: auth })
  const rows = await parseCsv(res.body)
  t.equal(rows.length, 1)
  t.equal(rows[0].course_name, tricky.course)
  t.equal(rows[0].name, tricky.name)
  t.equal(rows[0].email, tricky.email)
  tricky.titles.forEach((title, i) => t.equal(rows[0][`exercise${i + 1}_title`], title, `title ${i + 1}`))
  t.equal(rows[0].exercise2_result, 'success')
  t.equal(rows[0].exercise1_result, '')
  t.match(res.headers['content-disposition'], /^attachment; filename="intro-advanced-and-more-c1-exercises\.csv"$/)

  const json = (await app.inject({ url: courseUrl('c1'), headers: auth })).json().data[0]
  tricky.titles.forEach((title, i) => t.equal(json[`exercise${i + 1}_title`], title, `JSON title ${i + 1}`))
  t.equal(json.name, tricky.name)
})

const DANGEROUS = ['=SUM(A1:A9)', '+1+2', '-3+4', '@SUM(1)', '\tTab', '\rReturn']

function formulaData () {
  return [
    organization(SPEC_ORG),
    course({
      id: 'c1',
      organizationId: SPEC_ORG.id,
      name: '=HYPERLINK("http://evil.example","click")',
      exercises: [
        ...DANGEROUS.map((title, i) => ({ id: `x${i + 1}`, title, type: 'exercise' as const })),
        { id: 'safe', title: 'a=b, not a formula', type: 'question' as const }
      ]
    }),
    enrollment({ id: 'e1', courseId: 'c1', name: '-Mallory', email: '@mallory@example.com' })
  ]
}

t.test('CSV_FORMULA_ESCAPING=off (default): cells are verbatim, as the real API sends them', async (t) => {
  const app = await buildTestApp(t)
  t.equal(app.config.CSV_FORMULA_ESCAPING, 'off')
  loadData(app, formulaData())
  const [row] = await parseCsv((await app.inject({ url: courseUrl('c1', '?output=csv'), headers: auth })).body)
  DANGEROUS.forEach((title, i) => t.equal(row[`exercise${i + 1}_title`], title))
  t.equal(row.course_name, '=HYPERLINK("http://evil.example","click")')
  t.equal(row.name, '-Mallory')
})

t.test('CSV_FORMULA_ESCAPING=on: cells a spreadsheet would evaluate get a leading quote; JSON is untouched', async (t) => {
  const app = await buildTestApp(t, { CSV_FORMULA_ESCAPING: 'on' })
  loadData(app, formulaData())
  const csv = await app.inject({ url: courseUrl('c1', '?output=csv'), headers: auth })
  const [row] = await parseCsv(csv.body)
  DANGEROUS.forEach((title, i) => t.equal(row[`exercise${i + 1}_title`], "'" + title, `title ${JSON.stringify(title)}`))
  t.equal(row.course_name, '\'=HYPERLINK("http://evil.example","click")')
  t.equal(row.name, "'-Mallory")
  t.equal(row.email, "'@mallory@example.com")
  t.equal(row.exercise7_title, 'a=b, not a formula', 'only a leading character counts')
  t.equal(row.exercise1_type, 'exercise')
  t.match(csv.body.split('\n')[1], /,0,7,false,/, 'numbers and booleans stay bare')
  t.ok(csv.body.startsWith('"course_id","course_name",'), 'the header is not altered')

  const json = (await app.inject({ url: courseUrl('c1'), headers: auth })).json().data[0]
  t.equal(json.exercise1_title, '=SUM(A1:A9)')
  t.equal(json.name, '-Mallory')
})

t.test('authentication: every bad credential is the same 401, whatever the course', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specExercisesData('success'))
  const expected = { result: 'failure', error: { type: 'Unauthorized', message: 'Unauthorized' } }
  const cases: Array<[string, Record<string, string>]> = [
    ['no header', {}],
    ['wrong key', bearer(SPEC_ORG.id, 'not-the-key')],
    ['unknown organisation', bearer('nobody', SPEC_ORG.apiKey)],
    ['not a bearer', { authorization: `Basic ${SPEC_ORG.id}:${SPEC_ORG.apiKey}` }],
    ['no colon', { authorization: `Bearer ${SPEC_ORG.apiKey}` }]
  ]
  for (const [label, headers] of cases) {
    for (const url of [URL, courseUrl('nope'), `${URL}?output=csv`]) {
      const res = await app.inject({ url, headers: { ...headers, accept: 'text/csv' } })
      t.equal(res.statusCode, 401, `${label}: ${url}`)
      t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
      t.same(res.json(), expected)
    }
  }
})

t.test('negotiation: output wins, then Accept, then JSON; 406 and 422 in the failure envelope', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specExercisesData('failure'))
  const get = async (query: string, accept?: string) => await app.inject({
    url: URL + query, headers: accept === undefined ? auth : { ...auth, accept }
  })
  const isCsv = (res: { headers: Record<string, unknown>, body: string }) => res.headers['content-type'] === 'text/csv; charset=utf-8' && res.body === SPEC_CSV
  const isJson = (res: { headers: Record<string, unknown> }) => res.headers['content-type'] === 'application/json; charset=utf-8'

  t.ok(isJson(await get('')), 'no output, no Accept: JSON')
  t.ok(isJson(await get('', '*/*')), '*/*: JSON')
  t.ok(isCsv(await get('', 'text/csv')), 'Accept text/csv: CSV')
  t.ok(isCsv(await get('', 'application/json;q=0.5, text/csv')), 'q-values decide')
  t.ok(isJson(await get('', 'text/*;q=0.1, application/json')), 'q-values decide the other way')
  t.ok(isCsv(await get('?output=csv', 'application/json')), 'output=csv beats Accept')
  t.ok(isJson(await get('?output=json', 'text/csv')), 'output=json beats Accept')

  const notAcceptable = await get('', 'image/png')
  t.equal(notAcceptable.statusCode, 406)
  t.equal(notAcceptable.json().error.type, 'NotAcceptable')

  const invalid = await get('?output=xml')
  t.equal(invalid.statusCode, 422)
  t.same(invalid.json().error.errors.map((e: any) => [e.location, e.param]), [['query', 'output']])
})

t.test('another organisation\'s course answers exactly like a course that does not exist', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [
    ...specExercisesData('success'),
    organization(OTHER_ORG),
    course({ id: 'theirs', organizationId: OTHER_ORG.id, exercises: numberedExercises(2, 'o') }),
    enrollment({ id: 'their-learner', courseId: 'theirs' })
  ])
  const theirs = await app.inject({ url: courseUrl('theirs'), headers: auth })
  const missing = await app.inject({ url: courseUrl('nope'), headers: auth })
  t.equal(theirs.statusCode, 404)
  t.equal(theirs.body, missing.body)
  t.same(theirs.json(), { result: 'failure', error: { type: 'CourseNotFound', message: 'Course not found' } })
  const theirsCsv = await app.inject({ url: courseUrl('theirs', '?output=csv'), headers: auth })
  t.equal(theirsCsv.statusCode, 404)
  t.equal(theirsCsv.headers['content-type'], 'application/json; charset=utf-8', 'a failure is JSON even when CSV was asked for')
  const mine = await app.inject({ url: URL, headers: bearer(OTHER_ORG.id, OTHER_ORG.apiKey) })
  t.equal(mine.statusCode, 404, 'and the other way round')
  const own = await app.inject({ url: courseUrl('theirs'), headers: bearer(OTHER_ORG.id, OTHER_ORG.apiKey) })
  t.same(own.json().data.map((r: any) => r.enrollment_id), ['their-learner'])
})

t.test('a large course streams: chunked, every row present, in order, each with its own results', async (t) => {
  const app = await buildTestApp(t)
  const count = 3000
  const exercises = numberedExercises(10)
  // Learner i finished the first (i mod 11) exercises: 0 … 10 results, so groups of every size occur.
  const finishedBy = (i: number): number => i % 11
  loadData(app, (function * () {
    yield organization(SPEC_ORG)
    yield course({ id: 'big', organizationId: SPEC_ORG.id, exercises })
    for (let i = 0; i < count; i++) {
      yield enrollment({
        id: `e${String(i).padStart(5, '0')}`,
        courseId: 'big',
        enrolledAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
        results: exercises.slice(0, finishedBy(i)).map((x) => ({ exerciseId: x.id, result: 'success' as const, finishedAt: '2024-06-01T00:00:00.000Z' }))
      })
    }
  })())
  const csv = await app.inject({ url: courseUrl('big', '?output=csv'), headers: auth })
  t.equal(csv.headers['content-length'], undefined, 'no content-length: streamed')
  t.equal(csv.headers['transfer-encoding'], 'chunked')
  const rows = await parseCsv(csv.body)
  t.equal(rows.length, count)
  t.equal(csv.body.split('\n').length, count + 2, 'header, rows, final newline')

  const json = await app.inject({ url: courseUrl('big'), headers: auth })
  t.equal(json.headers['transfer-encoding'], 'chunked')
  const data = json.json().data
  t.equal(data.length, count)
  let mismatches = 0
  data.forEach((row: any, i: number) => {
    const done = finishedBy(i)
    const ok = row.enrollment_id === `e${String(i).padStart(5, '0')}` &&
      row.exercises_finished === done &&
      row.all_exercises_completed === (done === 10) &&
      (done === 0 || row[`exercise${done}_result`] === 'success') &&
      (done === 10 || row[`exercise${done + 1}_result`] === null) &&
      rows[i].enrollment_id === row.enrollment_id && rows[i].exercises_finished === String(done)
    if (!ok) mismatches++
  })
  t.equal(mismatches, 0, 'every row, JSON and CSV, has its enrollment\'s results and no other')
})

t.test('a data load committed mid-request is not seen: the report is the old data, whole, with its header', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specExercisesData('success'))
  // Commit a new exercise between the course lookup and the exercise list, inside the report's snapshot.
  const acquire = app.db.readers.acquire.bind(app.db.readers)
  app.db.readers.acquire = () => {
    const reader = acquire()
    const statement = reader.statement.bind(reader)
    reader.statement = (sql: string) => {
      if (sql.startsWith('SELECT id, title, type FROM exercises')) {
        app.db.writer.prepare("INSERT INTO exercises (id, course_id, position, title, type) VALUES ('late', ?, 3, 'Late', 'exercise')").run(SPEC_COURSE_ID)
        reader.statement = statement
      }
      return statement(sql)
    }
    return reader
  }
  const res = await app.inject({ url: `${URL}?output=csv`, headers: auth })
  t.equal(res.statusCode, 200)
  t.notMatch(res.body, /exercise3|Late/, 'the late exercise is in neither the header nor the rows')
  t.equal(res.body.split('\n')[0].split(',').length, 9 + 2 * 4)
  app.db.readers.acquire = acquire
  const next = await app.inject({ url: URL, headers: auth })
  t.equal(next.statusCode, 200)
  t.equal(next.json().data[0].exercise3_title, 'Late', 'the next request sees the new exercise')
})
