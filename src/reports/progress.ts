// Exercise progress of one enrollment. The enrollments and exercises reports both show these three
// fields, and both take them from here so they can never disagree.

export interface ExerciseProgress {
  exercises_finished: number
  exercises_count: number
  all_exercises_completed: boolean
}

/** `finished` counts exercises with a result, success or failure. */
export function exerciseProgress (finished: number, count: number): ExerciseProgress {
  return {
    exercises_finished: finished,
    exercises_count: count,
    all_exercises_completed: count > 0 && finished >= count
  }
}
