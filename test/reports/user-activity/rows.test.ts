// Rows, as a pure streaming step: ordered session records → one row per enrollment; durations in seconds
// with millisecond precision, totals summed in integer milliseconds.
import t from 'tap'
import fc from 'fast-check'
import { secondsFromMs, userActivityRows } from '../../../src/reports/user-activity/rows.js'
import type { SessionActivityRecord } from '../../../src/reports/user-activity/query.js'

const course = { id: 'c1', name: 'Course', exerciseCount: 0 }
const window = { from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' }

function record (enrollment: string, start: string, end: string): SessionActivityRecord {
  return {
    enrollment_id: enrollment,
    email: `${enrollment}@example.com`,
    name: `Learner ${enrollment}`,
    workspace_id: `ws-${enrollment}`,
    status: 'started',
    enrolled_at: '2023-12-01T00:00:00.000Z',
    started_at: '2023-12-01T00:01:00.000Z',
    session_start: start,
    session_end: end
  }
}

t.test('consecutive records of one enrollment make one row, keys in the spec\'s order', async (t) => {
  const rows = [...userActivityRows(course, window, [
    record('a', '2024-01-02T10:00:00.000Z', '2024-01-02T10:13:19.771Z'),
    record('a', '2024-01-03T10:00:00.000Z', '2024-01-03T10:00:00.229Z'),
    record('b', '2024-01-04T10:00:00.000Z', '2024-01-04T11:00:00.000Z')
  ])]
  t.equal(rows.length, 2)
  t.same(Object.keys(rows[0]), [
    'courseId', 'workspaceId', 'enrollmentId', 'name', 'email', 'status', 'enrolledAt', 'startedAt', 'sessions',
    'totalSessionTime', 'from', 'to'
  ])
  t.same(rows[0], {
    courseId: 'c1',
    workspaceId: 'ws-a',
    enrollmentId: 'a',
    name: 'Learner a',
    email: 'a@example.com',
    status: 'started',
    enrolledAt: '2023-12-01T00:00:00.000Z',
    startedAt: '2023-12-01T00:01:00.000Z',
    sessions: [
      { sessionStartTime: '2024-01-02T10:00:00.000Z', sessionEndTime: '2024-01-02T10:13:19.771Z', sessionDurationInSeconds: 799.771 },
      { sessionStartTime: '2024-01-03T10:00:00.000Z', sessionEndTime: '2024-01-03T10:00:00.229Z', sessionDurationInSeconds: 0.229 }
    ],
    totalSessionTime: 800,
    from: window.from,
    to: window.to
  })
  t.same(Object.keys(rows[0].sessions[0]), ['sessionStartTime', 'sessionEndTime', 'sessionDurationInSeconds'])
  t.equal(rows[1].enrollmentId, 'b')
  t.equal(rows[1].totalSessionTime, 3600)
})

t.test('no records, no rows', async (t) => {
  t.same([...userActivityRows(course, window, [])], [])
})

t.test('totals are summed in milliseconds: no floating-point residue', async (t) => {
  // 0.1 + 0.2 in seconds would be 0.30000000000000004; 0.7 + 0.1 would be 0.7999999999999999.
  const rows = [...userActivityRows(course, window, [
    record('a', '2024-01-02T10:00:00.000Z', '2024-01-02T10:00:00.100Z'),
    record('a', '2024-01-02T11:00:00.000Z', '2024-01-02T11:00:00.200Z'),
    record('b', '2024-01-02T10:00:00.000Z', '2024-01-02T10:00:00.700Z'),
    record('b', '2024-01-02T11:00:00.000Z', '2024-01-02T11:00:00.100Z')
  ])]
  t.equal(rows[0].totalSessionTime, 0.3)
  t.equal(JSON.stringify(rows[0].totalSessionTime), '0.3')
  t.equal(JSON.stringify(rows[1].totalSessionTime), '0.8')
})

t.test('the row stream is lazy: closing it early closes the records', async (t) => {
  let produced = 0
  let closed = false
  function * records (): Generator<SessionActivityRecord> {
    try {
      for (let i = 0; i < 1000; i++) {
        produced++
        yield record(`e${i}`, '2024-01-02T10:00:00.000Z', '2024-01-02T10:00:01.000Z')
      }
    } finally {
      closed = true
    }
  }
  const rows = userActivityRows(course, window, records())
  t.equal(rows.next().value?.enrollmentId, 'e0')
  t.equal(produced, 2, 'one record read ahead, no more')
  rows.return(undefined)
  t.ok(closed, 'the source was closed')
})

/** Seconds as the decimal text of integer milliseconds, built with string operations only. */
function decimalSeconds (ms: number): string {
  const text = String(ms).padStart(4, '0')
  const whole = text.slice(0, -3).replace(/^0+(?=\d)/, '')
  const fraction = text.slice(-3).replace(/0+$/, '')
  return fraction === '' ? whole : `${whole}.${fraction}`
}

t.test('property: a duration prints as its exact decimal (up to ~31,000 years)', async (t) => {
  t.equal(JSON.stringify(secondsFromMs(799771)), '799.771')
  t.doesNotThrow(() => fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999_999_999 }), (ms) =>
    JSON.stringify(secondsFromMs(ms)) === decimalSeconds(ms)
  ), { numRuns: 20_000 }))
})

t.test('property: the total of any sessions is the exact decimal of their summed milliseconds', async (t) => {
  t.doesNotThrow(() => fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10 * 86_400_000 }), { minLength: 1, maxLength: 60 }), (durations) => {
    let start = Date.parse('2024-01-02T00:00:00.000Z')
    const records = durations.map((ms) => {
      const r = record('a', new Date(start).toISOString(), new Date(start + ms).toISOString())
      start += ms + 1000
      return r
    })
    const [row] = [...userActivityRows(course, window, records)]
    const sum = durations.reduce((a, b) => a + b, 0)
    return JSON.stringify(row.totalSessionTime) === decimalSeconds(sum) &&
      row.sessions.every((s, i) => JSON.stringify(s.sessionDurationInSeconds) === decimalSeconds(durations[i]))
  }), { numRuns: 2000 }))
})
