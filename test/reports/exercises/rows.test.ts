// The pure grouping step: cursor records → one row per enrollment, with no database.
import t from 'tap'
import { exercisesRows } from '../../../src/reports/exercises/rows.js'
import { exercisesLayout } from '../../../src/reports/exercises/schema.js'
import type { CourseExercise, EnrollmentResultRecord } from '../../../src/reports/exercises/query.js'

const course = { id: 'c1', name: 'Course', exerciseCount: 3 }
const exercises: CourseExercise[] = [
  { id: 'x1', title: 'One', type: 'question' },
  { id: 'x2', title: 'Two', type: 'exercise' },
  { id: 'x3', title: 'Three', type: 'exercise' }
]
const layout = exercisesLayout(3, 'compact')

function record (id: string, result?: [string, 'success' | 'failure', string]): EnrollmentResultRecord {
  return {
    id,
    email: `${id}@example.com`,
    name: `Learner ${id}`,
    workspace_id: `ws-${id}`,
    exercise_id: result?.[0] ?? null,
    result: result?.[1] ?? null,
    finished_at: result?.[2] ?? null
  }
}

const rowSummary = (row: Record<string, unknown>) => [row.enrollment_id, row.exercises_finished, row.all_exercises_completed,
  row.exercise1_result, row.exercise2_result, row.exercise3_result]

t.test('groups consecutive records into one row per enrollment, in cursor order', async (t) => {
  const rows = [...exercisesRows(course, exercises, layout, [
    record('a', ['x3', 'failure', '2024-01-01T00:00:03.000Z']),
    record('a', ['x1', 'success', '2024-01-01T00:00:01.000Z']),
    record('b'),
    record('c', ['x1', 'success', '2024-01-02T00:00:01.000Z']),
    record('c', ['x2', 'success', '2024-01-02T00:00:02.000Z']),
    record('c', ['x3', 'success', '2024-01-02T00:00:03.000Z']),
    record('d')
  ])]
  t.same(rows.map(rowSummary), [
    ['a', 2, false, 'success', null, 'failure'],
    ['b', 0, false, null, null, null],
    ['c', 3, true, 'success', 'success', 'success'],
    ['d', 0, false, null, null, null]
  ])
  t.equal(rows[0].exercise3_finished_at, '2024-01-01T00:00:03.000Z')
  t.equal(rows[0].exercise2_finished_at, null)
  t.same(rows[1], {
    course_id: 'c1',
    course_name: 'Course',
    enrollment_id: 'b',
    email: 'b@example.com',
    name: 'Learner b',
    workspace_id: 'ws-b',
    exercises_finished: 0,
    exercises_count: 3,
    all_exercises_completed: false,
    exercise1_title: 'One',
    exercise1_type: 'question',
    exercise1_result: null,
    exercise1_finished_at: null,
    exercise2_title: 'Two',
    exercise2_type: 'exercise',
    exercise2_result: null,
    exercise2_finished_at: null,
    exercise3_title: 'Three',
    exercise3_type: 'exercise',
    exercise3_result: null,
    exercise3_finished_at: null
  })
})

t.test('no records, no rows', async (t) => {
  t.same([...exercisesRows(course, exercises, layout, [])], [])
})

t.test('a result for an exercise outside the course is counted (as the enrollments report counts) but shown nowhere', async (t) => {
  const [row] = [...exercisesRows(course, exercises, layout, [
    record('a', ['elsewhere', 'success', '2024-01-01T00:00:00.000Z']),
    record('a', ['x2', 'success', '2024-01-01T00:00:02.000Z'])
  ])]
  t.same(rowSummary(row), ['a', 2, false, null, 'success', null])
  t.notOk(Object.values(row).includes('2024-01-01T00:00:00.000Z'))
})

t.test('streams: a row is produced as soon as its enrollment\'s records end, before the source is exhausted', async (t) => {
  let pulled = 0
  function * source (): Generator<EnrollmentResultRecord> {
    for (let i = 0; i < 1_000_000; i++) {
      pulled++
      yield record(`e${i}`)
    }
  }
  const rows = exercisesRows(course, exercises, layout, source())
  t.equal(rows.next().value?.enrollment_id, 'e0')
  t.equal(pulled, 2, 'one record of look-ahead')
  rows.return(undefined)
})

t.test('the key style comes from the layout', async (t) => {
  const [row] = [...exercisesRows(course, exercises, exercisesLayout(3, 'underscored'), [record('a', ['x1', 'success', '2024-01-01T00:00:00.000Z'])])]
  t.same(Object.keys(row).slice(9, 13), ['exercise_1_title', 'exercise_1_type', 'exercise_1_result', 'exercise_1_finished_at'])
  t.equal(row.exercise_1_result, 'success')
})

t.test('refuses a layout that does not fit the exercise list', async (t) => {
  t.throws(() => [...exercisesRows(course, exercises, exercisesLayout(2, 'compact'), [record('a')])], /layout for 2 exercises/)
})
