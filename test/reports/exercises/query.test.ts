// The report's reads: one snapshot (ReaderPool.acquireSnapshot) for the exercise list and the cursor, and the
// connection left clean.
import t, { type Test } from 'tap'
import { buildTestApp, loadData } from '../../helper.js'
import { SPEC_ORG, course, enrollment, organization } from '../../factories.js'
import { courseExercises, iterateEnrollmentResults, ENROLLMENT_RESULTS_SQL } from '../../../src/reports/exercises/query.js'
import { numberedExercises } from './fixtures.js'

async function appWithCourse (t: Test) {
  const app = await buildTestApp(t)
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'c1', organizationId: SPEC_ORG.id, exercises: numberedExercises(2) }),
    ...['a', 'b', 'c'].map((id, i) => enrollment({
      id, courseId: 'c1', enrolledAt: `2024-01-0${i + 1}T00:00:00.000Z`,
      results: [{ exerciseId: 'x1', result: 'success' as const, finishedAt: '2024-02-01T00:00:00.000Z' }]
    }))
  ])
  return app
}

t.test('a data change committed between the exercise list and the cursor is not seen: one snapshot', async (t) => {
  const app = await appWithCourse(t)
  const reader = app.db.readers.acquireSnapshot()
  const seen: string[] = []
  seen.push(`exercises:${courseExercises(reader, 'c1').length}`)
  // A data load commits right here, between the two reads.
  app.db.writer.exec(`DELETE FROM exercise_results; DELETE FROM enrollments WHERE id = 'c';
    INSERT INTO exercises (id, course_id, position, title, type) VALUES ('x3', 'c1', 3, 'New', 'exercise')`)
  for (const record of iterateEnrollmentResults(reader, 'c1')) {
    t.ok(reader.db.inTransaction, 'a read transaction is open while rows are pending')
    seen.push(`${record.id}:${record.exercise_id}`)
  }
  t.same(seen, ['exercises:2', 'a:x1', 'b:x1', 'c:x1'], 'the old data, whole')
  app.db.readers.release(reader)
  t.notOk(reader.db.inTransaction, 'releasing the connection ends the transaction')
  const again = app.db.readers.acquire()
  t.teardown(() => app.db.readers.release(again))
  t.same(courseExercises(again, 'c1').length, 3, 'and the next read sees the change')
  t.same([...iterateEnrollmentResults(again, 'c1')].map((r) => `${r.id}:${r.exercise_id}`), ['a:null', 'b:null'])
})

t.test('an abandoned report (client gone) ends the transaction too', async (t) => {
  const app = await appWithCourse(t)
  const reader = app.db.readers.acquireSnapshot()
  const reads = iterateEnrollmentResults(reader, 'c1')
  reads.next()
  // What ReportStream does when the client goes away: close the cursor, then give the connection back.
  reads.return?.(undefined)
  app.db.readers.release(reader)
  t.notOk(reader.db.inTransaction)
  const again = app.db.readers.acquire()
  t.teardown(() => app.db.readers.release(again))
  t.equal([...iterateEnrollmentResults(again, 'c1')].length, 3, 'the connection is usable again')
})

t.test('the cursor is served by indexes: SQLite sorts nothing before the first row', async (t) => {
  const app = await appWithCourse(t)
  const plan = app.db.writer.prepare(`EXPLAIN QUERY PLAN ${ENROLLMENT_RESULTS_SQL}`).all('c1') as Array<{ detail: string }>
  const details = plan.map((p) => p.detail).join('\n')
  t.notMatch(details, /TEMP B-TREE/, details)
  t.match(details, /USING INDEX enrollments_course_id_enrolled_at_id_idx/)
})
