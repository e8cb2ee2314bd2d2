// The course's exercise list (read once), then every enrollment of the course with its results, in
// report order, from ONE ordered cursor: an enrollment with k results is k consecutive records (one with
// null result fields when k = 0). `ORDER BY enrolled_at, id` is served by the enrollments index and the
// results come from their primary key, so SQLite sorts nothing and the first row arrives at once.
import type { PooledReader } from '../../db/sqlite.js'

export interface CourseExercise {
  id: string
  title: string
  type: string
}

/** One enrollment joined to one of its results (or to none: then the result fields are null). */
export interface EnrollmentResultRecord {
  id: string
  email: string
  name: string
  workspace_id: string
  exercise_id: string | null
  result: string | null
  finished_at: string | null
}

/** The course's exercises in course order: the first is exercise1. */
export function courseExercises (reader: PooledReader, courseId: string): CourseExercise[] {
  return reader.statement('SELECT id, title, type FROM exercises WHERE course_id = ? ORDER BY position, id')
    .all(courseId) as CourseExercise[]
}

/** Same order as the enrollments report; the records of one enrollment are adjacent (ids are unique). */
export const ENROLLMENT_RESULTS_SQL = `SELECT e.id, e.email, e.name, e.workspace_id, r.exercise_id, r.result, r.finished_at
  FROM enrollments e LEFT JOIN exercise_results r ON r.enrollment_id = e.id
  WHERE e.course_id = ? ORDER BY e.enrolled_at, e.id`

export function iterateEnrollmentResults (reader: PooledReader, courseId: string): IterableIterator<EnrollmentResultRecord> {
  return reader.statement(ENROLLMENT_RESULTS_SQL).iterate(courseId) as IterableIterator<EnrollmentResultRecord>
}
