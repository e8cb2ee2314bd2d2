// Pure and streaming: the ordered session records of one course (query.ts) → one report row per
// enrollment. Records of one enrollment arrive consecutively, so only the enrollment being read is held.
import type { ReportCourse } from '../course.js'
import type { SessionActivityRecord } from './query.js'
import type { ActivitySession, UserActivityRow } from './schema.js'
import type { ReportWindow } from './window.js'

/**
 * Whole milliseconds → seconds with millisecond precision. One division of an integer gives the double
 * nearest to the decimal, which prints as that decimal (799771 → 799.771, never 799.7710000000001); sums
 * are therefore made in integer milliseconds and converted once.
 */
export function secondsFromMs (ms: number): number {
  return ms / 1000
}

/** Duration of a session in whole milliseconds (stored timestamps carry milliseconds, no finer). */
export function sessionMs (start: string, end: string): number {
  return Date.parse(end) - Date.parse(start)
}

interface Group {
  first: SessionActivityRecord
  sessions: ActivitySession[]
  totalMs: number
}

function rowOf (course: ReportCourse, window: ReportWindow, group: Group): UserActivityRow {
  const e = group.first
  return {
    courseId: course.id,
    workspaceId: e.workspace_id,
    enrollmentId: e.enrollment_id,
    name: e.name,
    email: e.email,
    status: e.status,
    enrolledAt: e.enrolled_at,
    startedAt: e.started_at,
    sessions: group.sessions,
    totalSessionTime: secondsFromMs(group.totalMs),
    from: window.from,
    to: window.to
  }
}

/**
 * Groups consecutive records of one enrollment into its row. Enrollments without a record (no session in
 * the window) never appear. Closing the returned generator early closes `records` too (for…of does).
 */
export function * userActivityRows (
  course: ReportCourse,
  window: ReportWindow,
  records: Iterable<SessionActivityRecord>
): Generator<UserActivityRow, void, undefined> {
  let group: Group | undefined
  for (const record of records) {
    if (group === undefined || record.enrollment_id !== group.first.enrollment_id) {
      if (group !== undefined) yield rowOf(course, window, group)
      group = { first: record, sessions: [], totalMs: 0 }
    }
    const ms = record.duration_ms ?? sessionMs(record.session_start, record.session_end)
    group.sessions.push({
      sessionStartTime: record.session_start,
      sessionEndTime: record.session_end,
      sessionDurationInSeconds: secondsFromMs(ms)
    })
    group.totalMs += ms
  }
  if (group !== undefined) yield rowOf(course, window, group)
}
