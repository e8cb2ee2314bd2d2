// The activity of small courses, held in memory for one data version. Every user-activity request may
// ask for another window, so whole responses cannot be reused; but a course's sessions can, and filtering
// a few thousand of them by the window costs far less than a query. Courses with more sessions than
// the cache takes are always read from the database cursor (streamed, flat memory).
import type { PooledReader } from '../../db/sqlite.js'
import { COURSE_SESSIONS_SQL, type SessionActivityRecord } from './query.js'
import { sessionMs } from './rows.js'
import type { ReportWindow } from './window.js'

export class CourseActivityCache {
  private version: number | undefined
  /** Course id → its session records in report order, or null when the course is too big to hold. */
  private courses = new Map<string, SessionActivityRecord[] | null>()

  constructor (private readonly maxSessionsPerCourse = 5000, private readonly maxCourses = 500) {}

  /**
   * The records of the course's sessions overlapping the window, in report order, from memory; undefined
   * when the course is too big to hold (the caller then runs the windowed query).
   */
  sessionsInWindow (reader: PooledReader, courseId: string, version: number, window: ReportWindow): SessionActivityRecord[] | undefined {
    const all = this.courseSessions(reader, courseId, version)
    if (all === null) return undefined
    // Stored timestamps and the window's bounds are ISO-8601 UTC text with milliseconds: text order is time order.
    return all.filter((s) => s.session_start < window.to && s.session_end > window.from)
  }

  private courseSessions (reader: PooledReader, courseId: string, version: number): SessionActivityRecord[] | null {
    if (version !== this.version) { this.courses.clear(); this.version = version }
    let sessions = this.courses.get(courseId)
    if (sessions === undefined) {
      const rows = reader.statement(COURSE_SESSIONS_SQL).all(courseId, this.maxSessionsPerCourse + 1) as SessionActivityRecord[]
      sessions = rows.length > this.maxSessionsPerCourse ? null : rows
      // Parsed once here rather than twice per session on every request.
      for (const row of sessions ?? []) row.duration_ms = sessionMs(row.session_start, row.session_end)
      if (this.courses.size >= this.maxCourses) this.courses.delete(this.courses.keys().next().value as string)
      this.courses.set(courseId, sessions)
    }
    return sessions
  }
}
