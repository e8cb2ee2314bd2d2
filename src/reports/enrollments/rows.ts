// Pure: one enrollment record of a course → one report row.
import { exerciseProgress } from '../progress.js'
import type { ReportCourse } from '../course.js'
import type { EnrollmentRecord } from './query.js'
import type { EnrollmentRow } from './schema.js'

export function enrollmentRow (course: ReportCourse, record: EnrollmentRecord): EnrollmentRow {
  return {
    course_id: course.id,
    course_name: course.name,
    enrollment_id: record.id,
    email: record.email,
    name: record.name,
    workspace_id: record.workspace_id,
    enrolled_at: record.enrolled_at,
    started_at: record.started_at,
    status: record.status,
    ...exerciseProgress(record.finished, course.exerciseCount)
  }
}
