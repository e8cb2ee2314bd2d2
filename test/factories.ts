// Records for tests: the spec's examples, and small builders for anything else.
import type { CourseRecord, DataRecord, EnrollmentRecord, OrganizationRecord } from '../src/data/dataset.js'

export const SPEC_ORG = { id: 'spec-org', apiKey: 'spec-api-key-0001' }
export const OTHER_ORG = { id: 'other-org', apiKey: 'other-api-key-0002' }

export function organization (org: { id: string, apiKey: string }, name = org.id): OrganizationRecord {
  return { kind: 'organization', id: org.id, name, apiKeys: [org.apiKey] }
}

export function course (overrides: Partial<CourseRecord> & Pick<CourseRecord, 'id' | 'organizationId'>): CourseRecord {
  return {
    kind: 'course',
    name: 'A course',
    classId: 'class-' + overrides.id,
    externalId: null,
    duration: null,
    durationUnit: null,
    activityHoursLimit: null,
    features: { video: false, slides: false, labManualPause: false },
    status: 'published',
    labels: [],
    createdAt: '2023-01-01T00:00:00.000Z',
    exercises: [],
    ...overrides
  }
}

export function enrollment (overrides: Partial<EnrollmentRecord> & Pick<EnrollmentRecord, 'id' | 'courseId'>): EnrollmentRecord {
  return {
    kind: 'enrollment',
    email: `${overrides.id}@example.com`,
    name: 'Learner ' + overrides.id,
    workspaceId: 'ws' + overrides.id.padStart(15, '0').slice(-15),
    status: 'enrolled',
    enrolledAt: '2024-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    results: [],
    sessions: [],
    ...overrides
  }
}

/** The records behind the spec's enrollments report example. */
export function specEnrollmentsData (): DataRecord[] {
  return [
    organization(SPEC_ORG),
    course({
      id: '6363d3d399533fd52834c620',
      organizationId: SPEC_ORG.id,
      name: 'My on demand course',
      exercises: [
        { id: 'spec-ex-1', title: 'First question', type: 'question' },
        { id: 'spec-ex-2', title: 'Second exercise', type: 'exercise' }
      ]
    }),
    enrollment({
      id: '65ae4e111113937279ef',
      courseId: '6363d3d399533fd52834c620',
      email: 'monica@raviga.com',
      name: 'Monica Hall',
      workspaceId: '9kxwQn3BvkGsFFT4Y',
      status: 'finished',
      enrolledAt: '2024-01-22T11:18:07.161Z',
      startedAt: '2024-01-22T12:24:53.411Z',
      finishedAt: '2024-01-22T13:00:00.000Z'
    })
  ]
}
