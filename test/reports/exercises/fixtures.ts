// Records behind the spec's exercises report examples. The spec's JSON example has `success` for the
// second exercise and its CSV example `failure`, so there are two fixtures, differing in that one result.
import type { DataRecord, ExerciseRecord } from '../../../src/data/dataset.js'
import { SPEC_ORG, course, enrollment, organization } from '../../factories.js'

export const SPEC_COURSE_ID = 'eb917a943d6d0365784e8779'
export const URL = `/api/v1/ondemand-courses/${SPEC_COURSE_ID}/reports/exercises`

export function specExercisesData (secondResult: 'success' | 'failure'): DataRecord[] {
  return [
    organization(SPEC_ORG),
    course({
      id: SPEC_COURSE_ID,
      organizationId: SPEC_ORG.id,
      name: 'My course',
      exercises: [
        { id: 'spec-x-1', title: 'First question', type: 'question' },
        { id: 'spec-x-2', title: 'Second exercise', type: 'exercise' }
      ]
    }),
    enrollment({
      id: '6578571c59421c82c1f5a44f',
      courseId: SPEC_COURSE_ID,
      email: 'erlich@strigo.io',
      name: 'Erlich Bachman',
      workspaceId: 'J5SEv6sXeJQcSFwAG',
      status: 'finished',
      enrolledAt: '2023-11-21T09:00:00.000Z',
      startedAt: '2023-11-21T09:10:00.000Z',
      finishedAt: '2023-11-21T10:00:00.000Z',
      // Stored in the opposite order to the course's, so the columns' order cannot come from insertion order.
      results: [
        { exerciseId: 'spec-x-2', result: secondResult, finishedAt: '2023-11-21T09:59:59.285Z' },
        { exerciseId: 'spec-x-1', result: 'success', finishedAt: '2023-11-21T09:43:59.285Z' }
      ]
    })
  ]
}

/** `count` exercises titled `Exercise 1` …, alternately question and exercise. */
export function numberedExercises (count: number, prefix = 'x'): ExerciseRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i + 1}`,
    title: `Exercise ${i + 1}`,
    type: i % 2 === 0 ? 'question' : 'exercise'
  }))
}
