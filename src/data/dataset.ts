// The records a data set is made of, as the seeder generates them and the fixture loader reads them.
// Timestamps are ISO-8601 UTC strings with milliseconds; API keys are plaintext here and hashed on write.

export interface OrganizationRecord {
  kind: 'organization'
  id: string
  name: string
  apiKeys: string[]
}

export interface ExerciseRecord {
  id: string
  title: string
  type: 'question' | 'exercise'
}

export interface CourseRecord {
  kind: 'course'
  id: string
  organizationId: string
  name: string
  classId: string
  externalId: string | null
  duration: number | null
  durationUnit: string | null
  activityHoursLimit: number | null
  features: { video: boolean, slides: boolean, labManualPause: boolean }
  status: string
  labels: string[]
  createdAt: string
  /** In course order: the first is exercise1. */
  exercises: ExerciseRecord[]
}

export interface ResultRecord {
  exerciseId: string
  result: 'success' | 'failure'
  finishedAt: string
}

export interface SessionRecord {
  start: string
  end: string
}

export interface EnrollmentRecord {
  kind: 'enrollment'
  id: string
  courseId: string
  email: string
  name: string
  workspaceId: string
  status: 'enrolled' | 'started' | 'finished' | 'expired'
  enrolledAt: string
  startedAt: string | null
  finishedAt: string | null
  results: ResultRecord[]
  sessions: SessionRecord[]
}

export type DataRecord = OrganizationRecord | CourseRecord | EnrollmentRecord
