// Readers during writes: while a large fixture is being loaded through the admin API (in a worker thread,
// one transaction), report requests keep being answered, each from the old data or from the new, never a
// mix and never an error (SQLite WAL: readers see the last committed snapshot).
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { GEN_ORG, GEN_REPORTS, generationFixture, generationOf } from '../support/generations.js'

const TOKEN = 'test-admin-token-0123456789'
const ADMIN = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
const AUTH = { authorization: `Bearer ${GEN_ORG.id}:${GEN_ORG.apiKey}` }
const BALLAST = Number(process.env.READERS_DURING_WRITES_BALLAST ?? 20_000)

t.test(`every report answered during a fixture load of ${BALLAST} learners is wholly old or wholly new`, async (t) => {
  const app = await buildTestApp(t, { ADMIN_API: 'on', ADMIN_TOKEN: TOKEN })
  const first = await app.inject({ method: 'PUT', url: '/__admin/fixture', headers: ADMIN, payload: generationFixture('old') })
  t.equal(first.statusCode, 200)

  let loaded = false
  let loadedAt = Number.POSITIVE_INFINITY
  const load = app.inject({ method: 'PUT', url: '/__admin/fixture', headers: ADMIN, payload: generationFixture('new', BALLAST) })
    .then((res) => { loaded = true; loadedAt = performance.now(); return res })

  const seen = { old: 0, new: 0, newBeforeTheLoadAnswered: 0 }
  const problems: string[] = []
  let i = 0
  while (!loaded || seen.new < GEN_REPORTS.length) {
    const report = GEN_REPORTS[i++ % GEN_REPORTS.length]
    const startedAt = performance.now()
    const res = await app.inject({
      method: report.method,
      url: report.url,
      headers: { ...AUTH, ...('body' in report ? { 'content-type': 'application/json' } : {}) },
      ...('body' in report ? { payload: report.body } : {})
    })
    if (res.statusCode !== 200) { problems.push(`${report.name}: ${res.statusCode} ${res.body.slice(0, 200)}`); continue }
    const generation = generationOf(res.body)
    if (generation === 'old') {
      seen.old++
      // A request made once the load has answered must see its data.
      if (startedAt > loadedAt) problems.push(`${report.name}: old data after the load was answered`)
    } else if (generation === 'new') {
      seen.new++
      if (!loaded) seen.newBeforeTheLoadAnswered++
    } else problems.push(`${report.name}: ${generation}`)
    if (i > 100_000) break
  }
  const loadAnswer = await load
  t.equal(loadAnswer.statusCode, 200, 'the load succeeded')
  t.equal(loadAnswer.json().data.counts.enrollments, 3 + BALLAST)
  t.same(problems, [], 'no error, no mixed answer, no old data once the load has answered')
  t.ok(seen.old >= GEN_REPORTS.length, `${seen.old} answers from the old data while the load ran (the reports were served meanwhile)`)
  t.ok(seen.new >= GEN_REPORTS.length, `${seen.new} answers from the new data (${seen.newBeforeTheLoadAnswered} between the commit and the load's answer)`)
  t.comment(`${i} report requests: ${seen.old} old, ${seen.new} new`)
})

t.test('the mix detector catches a mixed answer', async (t) => {
  const app = await buildTestApp(t, { ADMIN_API: 'on', ADMIN_TOKEN: TOKEN })
  const answers: Record<string, string[]> = {}
  for (const generation of ['old', 'new'] as const) {
    await app.inject({ method: 'PUT', url: '/__admin/fixture', headers: ADMIN, payload: generationFixture(generation) })
    answers[generation] = []
    for (const report of GEN_REPORTS) {
      const res = await app.inject({ method: report.method, url: report.url, headers: { ...AUTH, 'content-type': 'application/json' }, ...('body' in report ? { payload: report.body } : {}) })
      t.equal(generationOf(res.body), generation, `${report.name} ${generation}`)
      answers[generation].push(res.body)
    }
  }
  answers.old.forEach((oldBody, i) => {
    t.not(generationOf(oldBody.replace('old-gen-course-e1', 'new-gen-course-e1')), 'old', `${GEN_REPORTS[i].name}: a new learner among old ones`)
    t.not(generationOf(oldBody.replace(/old-gen-course-e1[^\n]*\n?/, '')), 'old', `${GEN_REPORTS[i].name}: an old learner missing`)
  })
  t.not(generationOf(answers.new[0].replace('"exercises_count":3', '"exercises_count":2')), 'new', 'a count from the other generation')
})
