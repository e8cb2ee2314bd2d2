// Deterministic demo data: the same options give the same records on any machine, time zone and locale.
// Every date is an integer offset from the reference instant, drawn from seeded generators; nothing reads
// the wall clock or the locale.
import { Faker, base, de, en, es, fr, pl, pt_BR, sv, tr, vi } from '@faker-js/faker'
import type { CourseRecord, DataRecord, EnrollmentRecord, ExerciseRecord, ResultRecord, SessionRecord } from './dataset.js'

export interface SeedOptions {
  seed: number
  /** Courses of the demo organisation. */
  courses: number
  /** Enrollments per course. */
  enrollments: number
  /** Exercises per course; undefined gives each course its own count between 2 and 10. */
  exercises?: number
  /** Mean activity sessions per learner who started. */
  sessions: number
  /** Every generated date lies before this instant. */
  reference: Date
  demoOrgId: string
  demoApiKey: string
}

/** The second organisation, so isolation can be tried against the demo data. */
export const SECOND_ORG = { id: 'hooli-demo', name: 'Hooli', apiKey: 'sk_demo_hooli_7d1e0b3c5a' }

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const WORKSPACE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz'

const COURSE_TOPICS = [
  'Kubernetes Fundamentals', 'Terraform in Practice', 'Observability with OpenTelemetry', 'Secure Coding in Go',
  'PostgreSQL Performance Tuning', 'Istio Service Mesh Deep Dive', 'CI/CD with GitHub Actions', 'Linux for Developers',
  'Kafka Streams Workshop', 'AWS Networking Essentials', 'Docker: From Zero to Production', 'Rust for Systems Programmers'
]
const EXERCISE_VERBS = ['Deploy', 'Configure', 'Debug', 'Scale', 'Secure', 'Monitor', 'Migrate', 'Benchmark', 'Roll back', 'Inspect']
const LEARNER_LOCALES = [en, en, en, de, fr, es, pl, pt_BR, sv, tr, vi]

export function * generateDemoData (options: SeedOptions): Generator<DataRecord> {
  const rng = new Faker({ locale: [en, base] })
  rng.seed(options.seed)
  // One generator per locale, seeded from the main one, so names stay reproducible and varied.
  const people = LEARNER_LOCALES.map((locale, i) => {
    const faker = new Faker({ locale: [locale, en, base] })
    faker.seed(options.seed * 1000 + i)
    return faker
  })
  const ref = options.reference.getTime()
  const iso = (ms: number): string => new Date(ms).toISOString()
  // Ids shaped like MongoDB ObjectIds, as the real ones are (the spec's 65ae4e11… was made on its
  // enrolled_at day): 4 bytes of creation time, 5 random, a 3-byte counter. Records are generated in
  // creation order, so ids mostly ascend and inserts append to the indexes instead of splitting pages.
  let counter = rng.number.int({ min: 0, max: 0xffffff })
  const objectId = (createdMs: number): string => {
    counter = (counter + 1) & 0xffffff
    return Math.floor(createdMs / 1000).toString(16).padStart(8, '0') +
      rng.string.hexadecimal({ length: 10, casing: 'lower', prefix: '' }) + counter.toString(16).padStart(6, '0')
  }
  const between = (min: number, max: number): number => rng.number.int({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) })

  yield { kind: 'organization', id: options.demoOrgId, name: 'Pied Piper', apiKeys: [options.demoApiKey] }
  yield { kind: 'organization', id: SECOND_ORG.id, name: SECOND_ORG.name, apiKeys: [SECOND_ORG.apiKey] }

  const plan: Array<{ organizationId: string, enrollments: number }> = [
    ...Array.from({ length: options.courses }, () => ({ organizationId: options.demoOrgId, enrollments: options.enrollments })),
    { organizationId: SECOND_ORG.id, enrollments: Math.min(options.enrollments, 12) }
  ]

  for (const [courseIndex, { organizationId, enrollments }] of plan.entries()) {
    const exerciseCount = options.exercises ?? between(2, 10)
    const createdAt = ref - between(120 * DAY, 365 * DAY)
    const topic = COURSE_TOPICS[(options.seed + courseIndex) % COURSE_TOPICS.length]
    const exercises: ExerciseRecord[] = Array.from({ length: exerciseCount }, (_, i) => {
      const type = rng.datatype.boolean({ probability: 0.35 }) ? 'question' : 'exercise'
      const title = type === 'question'
        ? `Quiz ${i + 1}: ${rng.hacker.noun()} ${rng.hacker.ingverb()}`
        : `${rng.helpers.arrayElement(EXERCISE_VERBS)} the ${rng.hacker.adjective()} ${rng.hacker.noun()}`
      return { id: objectId(createdAt), title, type }
    })
    const course: CourseRecord = {
      kind: 'course',
      id: objectId(createdAt),
      organizationId,
      name: courseIndex === 0 || topic === undefined ? 'My on demand course' : topic,
      classId: objectId(createdAt),
      externalId: rng.datatype.boolean() ? `LMS-${between(1000, 9999)}` : null,
      duration: between(2, 40),
      durationUnit: 'hours',
      activityHoursLimit: rng.datatype.boolean() ? between(10, 80) : null,
      features: { video: rng.datatype.boolean(), slides: rng.datatype.boolean(), labManualPause: rng.datatype.boolean() },
      status: 'published',
      labels: rng.helpers.arrayElements(['devops', 'cloud', 'security', 'data', 'beginner', 'advanced'], { min: 0, max: 3 }),
      createdAt: iso(createdAt),
      exercises
    }
    yield course

    // Enrollments arrive over the last 90 days (at most since the course exists), in time order.
    const first = ref - Math.min(90 * DAY, ref - createdAt)
    const last = ref - 2 * HOUR
    const step = enrollments > 0 ? (last - first) / enrollments : 0
    for (let n = 0; n < enrollments; n++) {
      yield learner(course, Math.round(first + (n + rng.number.float({ min: 0, max: 1 })) * step))
    }
  }

  function learner (course: CourseRecord, enrolledAt: number): EnrollmentRecord {
    const person = people[between(0, people.length - 1)]
    const firstName = person.person.firstName()
    const lastName = person.person.lastName()
    const roll = rng.number.float({ min: 0, max: 1 })
    let status: EnrollmentRecord['status'] = roll < 0.15 ? 'enrolled' : roll < 0.6 ? 'started' : roll < 0.9 ? 'finished' : 'expired'
    const record: EnrollmentRecord = {
      kind: 'enrollment',
      id: objectId(enrolledAt),
      courseId: course.id,
      email: rng.internet.email({ firstName, lastName }).toLowerCase(),
      name: `${firstName} ${lastName}`,
      workspaceId: rng.string.fromCharacters(WORKSPACE_ALPHABET, 17),
      status,
      enrolledAt: iso(enrolledAt),
      startedAt: null,
      finishedAt: null,
      results: [],
      sessions: []
    }
    const startedAt = enrolledAt + between(MINUTE, Math.min(3 * DAY, (ref - enrolledAt) / 2))
    if (status === 'enrolled' || startedAt >= ref) {
      record.status = 'enrolled'
      return record
    }
    record.startedAt = iso(startedAt)

    // Sessions follow each other from the start; none reaches the reference instant.
    const sessions: SessionRecord[] = []
    const wanted = between(1, Math.max(1, options.sessions * 2 - 1))
    let cursor = startedAt + between(10, 2000)
    for (let i = 0; i < wanted; i++) {
      const end = cursor + between(2 * MINUTE, 90 * MINUTE)
      if (end >= ref) break
      sessions.push({ start: iso(cursor), end: iso(end) })
      cursor = end + between(10 * MINUTE, Math.max(10 * MINUTE, Math.min(4 * DAY, (ref - end) / 3)))
    }
    record.sessions = sessions
    const lastActivity = sessions.length > 0 ? Date.parse(sessions[sessions.length - 1].end) : startedAt + MINUTE

    const exerciseCount = course.exercises.length
    if (status === 'finished' && (sessions.length === 0 || lastActivity >= ref)) status = 'started'
    const done = status === 'finished'
      ? (rng.datatype.boolean({ probability: 0.8 }) ? exerciseCount : between(0, exerciseCount))
      : between(0, Math.max(0, exerciseCount - 1))
    // Results come in course order, each after the previous one and within the learner's activity.
    const results: ResultRecord[] = []
    let finishedCursor = startedAt
    for (let i = 0; i < done; i++) {
      finishedCursor = Math.min(lastActivity, finishedCursor + between(MINUTE, Math.max(MINUTE, (lastActivity - startedAt) / Math.max(1, done))))
      results.push({
        exerciseId: course.exercises[i].id,
        result: rng.datatype.boolean({ probability: 0.8 }) ? 'success' : 'failure',
        finishedAt: iso(finishedCursor)
      })
    }
    record.results = results
    record.status = status
    if (status === 'finished') record.finishedAt = iso(lastActivity)
    return record
  }
}
