// Data for the hardening scripts: one organisation with courses of a chosen size, complete learners
// (results and sessions), ids unique across courses. Built without faker, so 20k learners cost little.
import type { DataRecord } from '../../src/data/dataset.js'

export const LOAD_ORG = { id: 'load-org', apiKey: 'load-api-key-0001' }
export const LOAD_AUTH = `Bearer ${LOAD_ORG.id}:${LOAD_ORG.apiKey}`

export interface LoadCourse { id: string, enrollments: number, exercises: number }

export function * loadRecordsFor (courses: LoadCourse[], label = 'Load'): Generator<DataRecord> {
  yield { kind: 'organization', id: LOAD_ORG.id, name: label, apiKeys: [LOAD_ORG.apiKey] }
  const base = Date.UTC(2025, 0, 1)
  const iso = (ms: number): string => new Date(ms).toISOString()
  for (const course of courses) {
    const exercises = Array.from({ length: course.exercises }, (_, i) => ({
      id: `${course.id}-x${i + 1}`, title: `${label} exercise ${i + 1}, "quoted"`, type: i % 3 === 0 ? 'question' as const : 'exercise' as const
    }))
    yield {
      kind: 'course', id: course.id, organizationId: LOAD_ORG.id, name: `${label} course of ${course.enrollments}`, classId: course.id,
      externalId: null, duration: 10, durationUnit: 'hours', activityHoursLimit: null,
      features: { video: true, slides: false, labManualPause: false }, status: 'published', labels: [label.toLowerCase()], createdAt: iso(base), exercises
    }
    for (let i = 0; i < course.enrollments; i++) {
      const enrolled = base + i * 60_000
      const started = enrolled + 30_000
      yield {
        kind: 'enrollment', id: `${course.id}-e${i}`, courseId: course.id, email: `learner${i}@${course.id}.example`, name: `${label} learner ${i}`,
        workspaceId: `W${i.toString(36).padStart(16, '0')}`, status: 'finished', enrolledAt: iso(enrolled), startedAt: iso(started),
        finishedAt: iso(started + 7_200_000),
        results: exercises.map((x, k) => ({ exerciseId: x.id, result: k % 4 === 3 ? 'failure' as const : 'success' as const, finishedAt: iso(started + k * 60_000) })),
        sessions: [{ start: iso(started), end: iso(started + 3_600_000) }, { start: iso(started + 3_700_000), end: iso(started + 7_200_000) }]
      }
    }
  }
}
