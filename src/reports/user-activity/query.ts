// Activity sessions of one course that overlap a window, from ONE ordered cursor: each session comes with
// its enrollment's columns, enrollments in report order (enrolled_at, id, as the enrollments report), and
// each enrollment's sessions by start time. rows.ts groups consecutive records per enrollment, so no
// enrollment ever needs a query of its own.
//
// Plan (EXPLAIN QUERY PLAN; test/reports/user-activity/query.test.ts keeps it so): the enrollments are
// walked in order through enrollments_course_id_enrolled_at_id_idx, each one's sessions through
// activity_sessions_enrollment_id_started_at_idx (range `started_at < to`, already in start order, ties
// by id since the index ends with the rowid): no temporary sort, nothing held in memory.
// `e.rowid` changes no order (e.id is unique) but lets SQLite see that each outer row is distinct; without
// it the plan adds a temporary B-tree to sort every enrollment's sessions again.
import type { PooledReader } from '../../db/sqlite.js'
import type { ReportWindow } from './window.js'

export interface SessionActivityRecord {
  enrollment_id: string
  email: string
  name: string
  workspace_id: string
  status: string
  enrolled_at: string
  started_at: string | null
  session_start: string
  session_end: string
  /** The session's length in whole milliseconds, when already known (the activity cache computes it once). */
  duration_ms?: number
}

/** A course's sessions with their enrollments' columns, in report order; `filter` narrows the sessions. */
function courseSessionsSql (filter: string, tail = ''): string {
  return `SELECT e.id AS enrollment_id, e.email, e.name, e.workspace_id, e.status, e.enrolled_at,
    e.started_at, s.started_at AS session_start, s.ended_at AS session_end
  FROM enrollments e
  JOIN activity_sessions s ON s.enrollment_id = e.id
  WHERE e.course_id = ?${filter}
  ORDER BY e.enrolled_at, e.id, e.rowid, s.started_at, s.id${tail}`
}

// Timestamps are ISO-8601 UTC text with milliseconds, and so are the window's bounds: text order is time order.
export const SESSIONS_IN_WINDOW_SQL = courseSessionsSql(' AND s.started_at < ? AND s.ended_at > ?')

export function iterateSessionsInWindow (
  reader: PooledReader,
  courseId: string,
  window: ReportWindow
): IterableIterator<SessionActivityRecord> {
  return reader.statement(SESSIONS_IN_WINDOW_SQL).iterate(courseId, window.to, window.from) as IterableIterator<SessionActivityRecord>
}

/** Every session of the course, in the same order, at most `?` of them: what the activity cache holds. */
export const COURSE_SESSIONS_SQL = courseSessionsSql('', '\n  LIMIT ?')
