import crypto from 'node:crypto'
import { execFileSync } from 'node:child_process'
import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { generateDemoData, SECOND_ORG, type SeedOptions } from '../../src/data/generate.js'
import type { DataRecord, EnrollmentRecord } from '../../src/data/dataset.js'
import { DEFAULT_DEMO_API_KEY, DEFAULT_DEMO_ORG_ID } from '../../src/config.js'

const OPTIONS: SeedOptions = {
  seed: 7,
  courses: 3,
  enrollments: 60,
  sessions: 5,
  reference: new Date('2026-03-15T00:00:00.000Z'),
  demoOrgId: DEFAULT_DEMO_ORG_ID,
  demoApiKey: DEFAULT_DEMO_API_KEY
}

function digest (records: Iterable<DataRecord>): string {
  const hash = crypto.createHash('sha256')
  for (const record of records) hash.update(JSON.stringify(record))
  return hash.digest('hex')
}

t.test('two fresh databases seeded with the same options serve identical reports', async (t) => {
  const bodies: string[][] = []
  for (let i = 0; i < 2; i++) {
    const app = await buildTestApp(t)
    loadData(app, generateDemoData(OPTIONS))
    const headers = bearer(DEFAULT_DEMO_ORG_ID, DEFAULT_DEMO_API_KEY)
    const courses = (await app.inject({ url: '/api/v1/ondemand', headers })).json().data as Array<{ id: string }>
    t.equal(courses.length, 3)
    const out: string[] = []
    for (const course of courses) {
      for (const output of ['json', 'csv']) {
        out.push((await app.inject({ url: `/api/v1/ondemand-courses/${course.id}/reports/enrollments?output=${output}`, headers })).body)
      }
    }
    bodies.push(out)
  }
  t.same(bodies[0], bodies[1])
  t.not(bodies[0][0], bodies[0][2], 'courses differ from each other')
})

t.test('a different seed gives different data', async (t) => {
  t.not(digest(generateDemoData(OPTIONS)), digest(generateDemoData({ ...OPTIONS, seed: 8 })))
})

t.test('the generated data does not depend on the time zone or the locale', async (t) => {
  const here = digest(generateDemoData(OPTIONS))
  const script = `
    import crypto from 'node:crypto'
    import { generateDemoData } from './src/data/generate.ts'
    const hash = crypto.createHash('sha256')
    for (const r of generateDemoData({ seed: 7, courses: 3, enrollments: 60, sessions: 5,
      reference: new Date('2026-03-15T00:00:00.000Z'), demoOrgId: ${JSON.stringify(DEFAULT_DEMO_ORG_ID)},
      demoApiKey: ${JSON.stringify(DEFAULT_DEMO_API_KEY)} })) hash.update(JSON.stringify(r))
    console.log(hash.digest('hex'))`
  for (const [TZ, LANG] of [['Pacific/Kiritimati', 'tr_TR.UTF-8'], ['America/St_Johns', 'de_DE.UTF-8']]) {
    const there = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, TZ, LANG, LC_ALL: LANG }, encoding: 'utf8'
    }).trim()
    t.equal(there, here, `TZ=${TZ} LANG=${LANG}`)
  }
})

t.test('the generated data is realistic and internally consistent', async (t) => {
  const records = [...generateDemoData({ ...OPTIONS, enrollments: 400 })]
  const orgs = records.filter((r) => r.kind === 'organization')
  t.same(orgs.map((o) => o.id), [DEFAULT_DEMO_ORG_ID, SECOND_ORG.id], 'two organisations, so isolation can be tried')
  const courses = records.filter((r) => r.kind === 'course')
  const enrollments = records.filter((r): r is EnrollmentRecord => r.kind === 'enrollment')
  const reference = OPTIONS.reference.toISOString()
  for (const course of courses) {
    t.match(course.id, /^[0-9a-f]{24}$/)
    t.ok(course.exercises.every((x) => x.type === 'question' || x.type === 'exercise'))
  }
  const statuses = new Set<string>()
  let problems = 0
  const complain = (e: EnrollmentRecord, why: string): void => { problems++; t.fail(`${e.id}: ${why}`) }
  for (const e of enrollments) {
    statuses.add(e.status)
    if (!/^[0-9a-f]{24}$/.test(e.id)) complain(e, 'id shape')
    if (!/^[23456789A-HJ-NP-Za-km-z]{17}$/.test(e.workspaceId)) complain(e, 'workspace id shape')
    if (!/^[^@\s]+@[^@\s]+\.[a-z]+$/.test(e.email)) complain(e, 'email shape')
    if (!(e.enrolledAt < reference)) complain(e, 'enrolled after the reference')
    if (e.status === 'enrolled') {
      if (e.startedAt !== null || e.results.length > 0 || e.sessions.length > 0) complain(e, 'enrolled but active')
      continue
    }
    if (e.startedAt === null) { complain(e, `${e.status} without a start`); continue }
    if (!(e.startedAt > e.enrolledAt)) complain(e, 'started before enrolling')
    if ((e.status === 'finished') !== (e.finishedAt !== null)) complain(e, 'finishedAt disagrees with status')
    for (const r of e.results) if (r.finishedAt < e.startedAt || r.finishedAt > reference) complain(e, 'result outside activity')
    for (const s of e.sessions) {
      if (s.start < e.startedAt) complain(e, 'session before the start')
      if (!(s.end > s.start) || s.end > reference) complain(e, 'session ends badly')
    }
  }
  t.equal(problems, 0, 'no inconsistent enrollment')
  t.same([...statuses].sort(), ['enrolled', 'expired', 'finished', 'started'])
  t.ok(enrollments.some((e) => /[^\x00-\x7f]/.test(e.name)), 'some names are not ASCII')
})
