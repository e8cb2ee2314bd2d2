// The report's one query: its plan uses the indexes and never sorts; its filter is the overlap rule.
import t from 'tap'
import { buildTestApp, loadData } from '../../helper.js'
import { SPEC_ORG, course, enrollment, organization } from '../../factories.js'
import { SESSIONS_IN_WINDOW_SQL, iterateSessionsInWindow } from '../../../src/reports/user-activity/query.js'

t.test('the plan walks both indexes in order: no table scan, no temporary sort', async (t) => {
  const app = await buildTestApp(t)
  const plan = app.db.readers.with((reader) =>
    reader.db.prepare(`EXPLAIN QUERY PLAN ${SESSIONS_IN_WINDOW_SQL}`).all('c', '2024-02-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')
  ) as Array<{ detail: string }>
  const details = plan.map((step) => step.detail)
  t.match(details, [
    /^SEARCH e USING (COVERING )?INDEX enrollments_course_id_enrolled_at_id_idx \(course_id=\?\)$/,
    /^SEARCH s USING INDEX activity_sessions_enrollment_id_started_at_idx \(enrollment_id=\? AND started_at<\?\)$/
  ])
  t.equal(details.length, 2, details.join(' | '))
  t.notOk(details.some((d) => /TEMP B-TREE|SCAN/.test(d)), 'no sort, no scan')
})

t.test('one cursor: sessions overlapping the window, enrollments in report order, sessions by start', async (t) => {
  const app = await buildTestApp(t)
  const session = (start: string, end: string) => ({ start, end })
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'c1', organizationId: SPEC_ORG.id }),
    course({ id: 'c2', organizationId: SPEC_ORG.id }),
    enrollment({
      id: 'late', courseId: 'c1', enrolledAt: '2024-01-03T00:00:00.000Z',
      sessions: [session('2024-01-20T00:00:00.000Z', '2024-01-20T01:00:00.000Z'), session('2024-01-10T00:00:00.000Z', '2024-01-10T01:00:00.000Z')]
    }),
    enrollment({
      id: 'b', courseId: 'c1', enrolledAt: '2024-01-01T00:00:00.000Z',
      sessions: [session('2023-12-01T00:00:00.000Z', '2023-12-01T01:00:00.000Z'), session('2024-01-05T00:00:00.000Z', '2024-01-05T01:00:00.000Z')]
    }),
    enrollment({ id: 'a', courseId: 'c1', enrolledAt: '2024-01-01T00:00:00.000Z', sessions: [session('2024-01-06T00:00:00.000Z', '2024-01-06T01:00:00.000Z')] }),
    enrollment({ id: 'other-course', courseId: 'c2', sessions: [session('2024-01-06T00:00:00.000Z', '2024-01-06T01:00:00.000Z')] })
  ])
  const records = app.db.readers.with((reader) =>
    [...iterateSessionsInWindow(reader, 'c1', { from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' })])
  t.same(records.map((r) => [r.enrollment_id, r.session_start]), [
    ['a', '2024-01-06T00:00:00.000Z'],
    ['b', '2024-01-05T00:00:00.000Z'],
    ['late', '2024-01-10T00:00:00.000Z'],
    ['late', '2024-01-20T00:00:00.000Z']
  ])
})
