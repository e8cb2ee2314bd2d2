// Bench data sets: complete learners (every exercise finished, a fixed number of sessions), built without
// faker so preparing 100k enrollments costs little, and shaped like the scenarios.
import type { DataRecord } from '../../src/data/dataset.js'

export const BENCH_ORG = { id: 'bench-org', apiKey: 'bench-api-key-0001' }
export const BENCH_BASE = Date.UTC(2026, 0, 1)

export interface BenchCourse { id: string, enrollments: number, exercises: number, sessions: number }

export function courseId (n: number): string {
  return n.toString(16).padStart(24, '0')
}

export function * benchRecords (courses: BenchCourse[]): Generator<DataRecord> {
  yield { kind: 'organization', id: BENCH_ORG.id, name: 'Bench', apiKeys: [BENCH_ORG.apiKey] }
  let serial = 0
  const iso = (ms: number): string => new Date(ms).toISOString()
  for (const course of courses) {
    const exercises = Array.from({ length: course.exercises }, (_, i) => ({
      id: `${course.id}-x${i + 1}`, title: `Exercise ${i + 1}: deploy "the" thing, again`, type: i % 3 === 0 ? 'question' as const : 'exercise' as const
    }))
    yield {
      kind: 'course', id: course.id, organizationId: BENCH_ORG.id, name: `Bench course ${course.enrollments}`, classId: course.id,
      externalId: null, duration: 10, durationUnit: 'hours', activityHoursLimit: null,
      features: { video: true, slides: true, labManualPause: false }, status: 'published', labels: [], createdAt: iso(BENCH_BASE), exercises
    }
    for (let i = 0; i < course.enrollments; i++) {
      serial++
      const enrolled = BENCH_BASE + i * 60_000
      const started = enrolled + 30_000
      const sessions = Array.from({ length: course.sessions }, (_, s) => ({
        start: iso(started + s * 3_600_000 + 17), end: iso(started + s * 3_600_000 + 1_799_771)
      }))
      yield {
        kind: 'enrollment', id: serial.toString(16).padStart(24, '0'), courseId: course.id,
        email: `learner${serial}@example.com`, name: `Learner Nº${serial} Ünal`, workspaceId: `W${serial.toString(36).padStart(16, '0')}`,
        status: 'finished', enrolledAt: iso(enrolled), startedAt: iso(started), finishedAt: iso(started + course.sessions * 3_600_000),
        results: exercises.map((x, k) => ({ exerciseId: x.id, result: k % 4 === 3 ? 'failure' as const : 'success' as const, finishedAt: iso(started + k * 60_000 + 5) })),
        sessions
      }
    }
  }
}
