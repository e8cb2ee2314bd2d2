// The in-memory activity of small courses must give exactly what the windowed query gives.
import t, { type Test } from 'tap'
import fc from 'fast-check'
import { buildTestApp, loadData } from '../../helper.js'
import { SPEC_ORG, course, enrollment, organization } from '../../factories.js'
import { CourseActivityCache } from '../../../src/reports/user-activity/activity-cache.js'
import { COURSE_SESSIONS_SQL, iterateSessionsInWindow, type SessionActivityRecord } from '../../../src/reports/user-activity/query.js'

/** Cached records carry their duration, computed once; apart from it they must equal the query's. */
function withoutDuration (records: SessionActivityRecord[] | undefined): SessionActivityRecord[] | undefined {
  return records?.map(({ duration_ms: ms, ...rest }) => {
    if (ms !== Date.parse(rest.session_end) - Date.parse(rest.session_start)) throw new Error(`wrong duration ${ms}`)
    return rest
  })
}

const DAY = 86_400_000
const BASE = Date.UTC(2024, 0, 1)
const iso = (ms: number): string => new Date(ms).toISOString()

async function appWithActivity (t: Test) {
  const app = await buildTestApp(t)
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: 'c1', organizationId: SPEC_ORG.id }),
    course({ id: 'c2', organizationId: SPEC_ORG.id }),
    ...Array.from({ length: 30 }, (_, i) => enrollment({
      id: `e${String(i).padStart(2, '0')}`,
      courseId: i % 7 === 0 ? 'c2' : 'c1',
      enrolledAt: iso(BASE + (i % 5) * DAY),
      startedAt: iso(BASE + 5 * DAY),
      status: 'started',
      sessions: Array.from({ length: i % 4 }, (_, k) => ({ start: iso(BASE + (6 + i + k * 3) * DAY), end: iso(BASE + (6 + i + k * 3) * DAY + (k + 1) * 3_600_000) }))
    }))
  ])
  return app
}

t.test('for any window, the cache lists the same records, in the same order, as the query', async (t) => {
  const app = await appWithActivity(t)
  const cache = new CourseActivityCache()
  const version = app.db.version()
  fc.assert(fc.property(
    // Whole hours, so windows often touch session edges exactly (sessions start on days, last whole hours).
    fc.integer({ min: 0, max: 120 * 24 }), fc.integer({ min: 0, max: 120 * 24 }),
    (a, b) => {
      const window = { from: iso(BASE + Math.min(a, b) * 3_600_000), to: iso(BASE + Math.max(a, b) * 3_600_000) }
      return app.db.readers.with((reader) => {
        const fromQuery = [...iterateSessionsInWindow(reader, 'c1', window)]
        const fromCache = withoutDuration(cache.sessionsInWindow(reader, 'c1', version, window))
        t.same(fromCache, fromQuery)
        return true
      })
    }
  ), { numRuns: 300 })
})

t.test('windows whose bounds sit exactly on session edges agree too', async (t) => {
  const app = await appWithActivity(t)
  const cache = new CourseActivityCache()
  const version = app.db.version()
  const edges = app.db.writer.prepare('SELECT started_at FROM activity_sessions UNION SELECT ended_at FROM activity_sessions').pluck().all() as string[]
  let compared = 0
  app.db.readers.with((reader) => {
    for (const edge of edges) {
      for (const window of [{ from: iso(BASE), to: edge }, { from: edge, to: iso(BASE + 200 * DAY) }]) {
        t.same(withoutDuration(cache.sessionsInWindow(reader, 'c1', version, window)), [...iterateSessionsInWindow(reader, 'c1', window)], JSON.stringify(window))
        compared++
      }
    }
  })
  t.ok(compared > 40)
})

t.test('a course with more sessions than the cache takes goes to the query', async (t) => {
  const app = await appWithActivity(t)
  const cache = new CourseActivityCache(3)
  const window = { from: iso(BASE), to: iso(BASE + 200 * DAY) }
  app.db.readers.with((reader) => t.equal(cache.sessionsInWindow(reader, 'c1', app.db.version(), window), undefined))
})

t.test('a new data version reloads the course', async (t) => {
  const app = await appWithActivity(t)
  const cache = new CourseActivityCache()
  const window = { from: iso(BASE), to: iso(BASE + 200 * DAY) }
  const before = app.db.readers.with((reader) => cache.sessionsInWindow(reader, 'c1', app.db.version(), window))
  app.db.writer.exec('DELETE FROM activity_sessions')
  const after = app.db.readers.with((reader) => cache.sessionsInWindow(reader, 'c1', app.db.version(), window))
  t.ok((before?.length ?? 0) > 0)
  t.same(after, [])
})

t.test('the cache query walks the indexes in order too', async (t) => {
  const app = await buildTestApp(t)
  const details = app.db.readers.with((reader) => reader.db.prepare(`EXPLAIN QUERY PLAN ${COURSE_SESSIONS_SQL}`).all('c', 10) as Array<{ detail: string }>)
    .map((step) => step.detail)
  t.notOk(details.some((d) => /TEMP B-TREE|SCAN/.test(d)), details.join(' | '))
})
