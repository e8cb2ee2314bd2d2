// Pure: the cursor's records (an enrollment's results on consecutive records) → one row per enrollment.
// Streaming: holds one enrollment's records at a time, whatever the size of the course.
import { exerciseProgress } from '../progress.js'
import type { ReportCourse } from '../course.js'
import type { CourseExercise, EnrollmentResultRecord } from './query.js'
import type { ExercisesLayout, ExercisesRow } from './schema.js'

interface ExerciseOutcome { result: string, finished_at: string }

export function * exercisesRows (
  course: ReportCourse,
  exercises: readonly CourseExercise[],
  layout: Pick<ExercisesLayout, 'keys'>,
  records: Iterable<EnrollmentResultRecord>
): Generator<ExercisesRow> {
  if (layout.keys.length !== exercises.length) {
    throw new Error(`exercises report: layout for ${layout.keys.length} exercises, course ${course.id} has ${exercises.length}`)
  }
  const slotOf = new Map(exercises.map((exercise, i) => [exercise.id, i]))
  let current: EnrollmentResultRecord | undefined
  let outcomes: Array<ExerciseOutcome | undefined> = []
  let finished = 0

  for (const record of records) {
    if (current !== undefined && record.id !== current.id) {
      yield exercisesRow(course, exercises, layout, current, outcomes, finished)
      current = undefined
    }
    if (current === undefined) {
      current = record
      outcomes = new Array(exercises.length)
      finished = 0
    }
    if (record.exercise_id !== null) {
      // Counted like the enrollments report counts (every result of the enrollment), so the two agree;
      // a result is shown in the exercise columns when its exercise belongs to the course.
      finished++
      const slot = slotOf.get(record.exercise_id)
      if (slot !== undefined) outcomes[slot] = { result: record.result ?? '', finished_at: record.finished_at ?? '' }
    }
  }
  if (current !== undefined) yield exercisesRow(course, exercises, layout, current, outcomes, finished)
}

export function exercisesRow (
  course: ReportCourse,
  exercises: readonly CourseExercise[],
  layout: Pick<ExercisesLayout, 'keys'>,
  enrollment: Pick<EnrollmentResultRecord, 'id' | 'email' | 'name' | 'workspace_id'>,
  outcomes: ReadonlyArray<ExerciseOutcome | undefined>,
  finished: number
): ExercisesRow {
  const row: ExercisesRow = {
    course_id: course.id,
    course_name: course.name,
    enrollment_id: enrollment.id,
    email: enrollment.email,
    name: enrollment.name,
    workspace_id: enrollment.workspace_id,
    ...exerciseProgress(finished, exercises.length)
  }
  for (let i = 0; i < exercises.length; i++) {
    const keys = layout.keys[i]
    const outcome = outcomes[i]
    row[keys.title] = exercises[i].title
    row[keys.type] = exercises[i].type
    row[keys.result] = outcome?.result ?? null
    row[keys.finished_at] = outcome?.finished_at ?? null
  }
  return row
}
