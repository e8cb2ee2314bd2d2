// Enrollments of one course, in report order, from one ordered cursor.
import type { PooledReader } from '../../db/sqlite.js'

export interface EnrollmentRecord {
  id: string
  email: string
  name: string
  workspace_id: string
  enrolled_at: string
  started_at: string | null
  status: string
  finished: number
}

export function iterateEnrollments (reader: PooledReader, courseId: string): IterableIterator<EnrollmentRecord> {
  return reader.statement(`SELECT e.id, e.email, e.name, e.workspace_id, e.enrolled_at, e.started_at, e.status,
      (SELECT COUNT(*) FROM exercise_results r WHERE r.enrollment_id = e.id) AS finished
    FROM enrollments e WHERE e.course_id = ? ORDER BY e.enrolled_at, e.id`).iterate(courseId) as IterableIterator<EnrollmentRecord>
}
