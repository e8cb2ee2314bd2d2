// The course a report is about, looked up within the caller's organisation only: another organisation's
// course is indistinguishable from one that does not exist.
import { CourseNotFound } from '../errors.js'
import type { PooledReader } from '../db/sqlite.js'

export interface ReportCourse {
  id: string
  name: string
  exerciseCount: number
}

export function findCourse (reader: PooledReader, organizationId: string, courseId: string): ReportCourse {
  const course = reader.statement(`SELECT c.id, c.name, (SELECT COUNT(*) FROM exercises x WHERE x.course_id = c.id) AS exerciseCount
    FROM courses c WHERE c.id = ? AND c.organization_id = ?`).get(courseId, organizationId) as ReportCourse | undefined
  if (course === undefined) throw new CourseNotFound()
  return course
}
