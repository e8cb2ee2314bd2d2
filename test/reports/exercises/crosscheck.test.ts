// The exercises report over seeded demo data, checked against the enrollments report (same rows, same
// order, same progress fields) and against the generated records themselves (every result in its column).
import t from 'tap'
import { bearer, buildTestApp, loadData } from '../../helper.js'
import { generateDemoData, type SeedOptions } from '../../../src/data/generate.js'
import type { CourseRecord, DataRecord, EnrollmentRecord } from '../../../src/data/dataset.js'
import { parseCsv } from './helpers.js'

const options: SeedOptions = {
  seed: 1234,
  courses: 4,
  enrollments: 150,
  sessions: 3,
  // A fixed reference instant: the data (and so this test) is the same on every run.
  reference: new Date('2026-03-01T00:00:00.000Z'),
  demoOrgId: 'crosscheck-org',
  demoApiKey: 'crosscheck-api-key'
}

t.test('over a seeded organisation, every course agrees with the enrollments report and with the records', async (t) => {
  const records: DataRecord[] = [...generateDemoData(options)]
  const courses = records.filter((r): r is CourseRecord => r.kind === 'course' && r.organizationId === options.demoOrgId)
  const enrollments = records.filter((r): r is EnrollmentRecord => r.kind === 'enrollment')
  t.equal(courses.length, options.courses)
  t.ok(new Set(courses.map((c) => c.exercises.length)).size > 1, 'courses with different exercise counts')

  const app = await buildTestApp(t)
  loadData(app, records)
  const auth = bearer(options.demoOrgId, options.demoApiKey)
  let completed = 0
  let partial = 0

  for (const course of courses) {
    const base = `/api/v1/ondemand-courses/${course.id}/reports`
    const byEnrollments = (await app.inject({ url: `${base}/enrollments`, headers: auth })).json().data
    const exercisesRes = await app.inject({ url: `${base}/exercises`, headers: auth })
    t.equal(exercisesRes.statusCode, 200)
    const byExercises = exercisesRes.json().data

    t.same(byExercises.map((r: any) => r.enrollment_id), byEnrollments.map((r: any) => r.enrollment_id), `${course.id}: same rows, same order`)
    const shared = ['course_id', 'course_name', 'enrollment_id', 'email', 'name', 'workspace_id',
      'exercises_finished', 'exercises_count', 'all_exercises_completed']
    const pick = (row: any) => shared.map((k) => row[k])
    t.same(byExercises.map(pick), byEnrollments.map(pick), `${course.id}: same fixed and progress fields`)

    // Independently of both reports: each row from the generated record of its enrollment.
    const recordOf = new Map(enrollments.filter((e) => e.courseId === course.id).map((e) => [e.id, e]))
    t.equal(byExercises.length, recordOf.size)
    let wrong = 0
    for (const row of byExercises) {
      const record = recordOf.get(row.enrollment_id)!
      const expected: Record<string, unknown> = {
        exercises_finished: record.results.length,
        exercises_count: course.exercises.length,
        all_exercises_completed: course.exercises.length > 0 && record.results.length === course.exercises.length
      }
      course.exercises.forEach((exercise, i) => {
        const result = record.results.find((r) => r.exerciseId === exercise.id)
        expected[`exercise${i + 1}_title`] = exercise.title
        expected[`exercise${i + 1}_type`] = exercise.type
        expected[`exercise${i + 1}_result`] = result?.result ?? null
        expected[`exercise${i + 1}_finished_at`] = result?.finishedAt ?? null
      })
      if (Object.entries(expected).some(([k, v]) => row[k] !== v) || Object.keys(row).length !== 9 + 4 * course.exercises.length) wrong++
      if (row.all_exercises_completed === true) completed++
      else if (row.exercises_finished > 0) partial++
    }
    t.equal(wrong, 0, `${course.id}: every row matches its generated record`)

    const csv = await parseCsv((await app.inject({ url: `${base}/exercises?output=csv`, headers: auth })).body)
    t.same(csv.map((r) => [r.enrollment_id, r.exercises_finished, r.all_exercises_completed]),
      byExercises.map((r: any) => [r.enrollment_id, String(r.exercises_finished), String(r.all_exercises_completed)]), `${course.id}: CSV agrees`)
  }
  t.ok(completed > 0 && partial > 0, `the data covers completed (${completed}) and partial (${partial}) learners`)
})
