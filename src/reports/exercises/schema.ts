// Exercises report: one row per enrollment, the spec's fixed fields followed by four fields per exercise of
// the course (exercise1_title … exerciseN_finished_at). The number of exercise fields is fixed per course,
// so there are two schemas:
// - `exercisesRowSchema(count, style)`: the exact row of a course with `count` exercises. Its JSON
//   serializer and CSV columns are compiled from it (and cached per count and key style).
// - `ExercisesRowPatternSchema(style)`: the route's declared row, with the exercise fields as pattern
//   properties, so the OpenAPI document shows them and Fastify's serializer keeps them.
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox'
import { NullableIsoDateTime, SuccessEnvelope } from '../../schemas/common.js'
import { csvColumnsFromSchema, type CsvColumn } from '../../lib/csv.js'
import { compileRowSerializer } from '../../lib/json-row.js'
import type { Config } from '../../config.js'
import { EnrollmentRowSchema } from '../enrollments/schema.js'

export type ExerciseKeyStyle = Config['EXERCISE_KEY_STYLE']

export const EXERCISE_TYPES = ['question', 'exercise'] as const
export const EXERCISE_RESULTS = ['success', 'failure'] as const

const enrollment = EnrollmentRowSchema.properties

/** The fields every row has, in the spec's order; shared definitions with the enrollments report. */
export const ExercisesFixedFieldsSchema = Type.Object({
  course_id: enrollment.course_id,
  course_name: enrollment.course_name,
  enrollment_id: enrollment.enrollment_id,
  email: enrollment.email,
  name: enrollment.name,
  workspace_id: enrollment.workspace_id,
  exercises_finished: enrollment.exercises_finished,
  exercises_count: enrollment.exercises_count,
  all_exercises_completed: enrollment.all_exercises_completed
})
export type ExercisesFixedFields = Static<typeof ExercisesFixedFieldsSchema>

/** The four fields of one exercise; result and finished time are null until the learner finishes it. */
export const EXERCISE_FIELDS = {
  title: Type.String({ description: 'The exercise title (always present)' }),
  type: Type.String({ enum: [...EXERCISE_TYPES], description: 'The exercise type (always present)' }),
  result: Type.Unsafe<'success' | 'failure' | null>({
    type: ['string', 'null'],
    enum: [...EXERCISE_RESULTS, null],
    description: 'The learner\'s result, or null while the exercise is not finished'
  }),
  finished_at: Type.Unsafe<string | null>({
    ...NullableIsoDateTime,
    description: 'When the learner finished the exercise, or null while it is not finished'
  })
} satisfies Record<string, TSchema>
export type ExerciseField = keyof typeof EXERCISE_FIELDS
const FIELD_NAMES = Object.keys(EXERCISE_FIELDS) as ExerciseField[]

/** The keys of exercise number `n` (1-based): `exercise1_title` (compact) or `exercise_1_title` (underscored). */
export function exerciseKeys (n: number, style: ExerciseKeyStyle): Record<ExerciseField, string> {
  const stem = style === 'underscored' ? `exercise_${n}_` : `exercise${n}_`
  return { title: stem + 'title', type: stem + 'type', result: stem + 'result', finished_at: stem + 'finished_at' }
}

/** A row as built: the fixed fields, then the exercise fields in course order. */
export type ExercisesRow = ExercisesFixedFields & Record<string, string | number | boolean | null>

/** The exact row of a course with `count` exercises. */
export function exercisesRowSchema (count: number, style: ExerciseKeyStyle): TObject {
  const properties: TProperties = { ...ExercisesFixedFieldsSchema.properties }
  for (let n = 1; n <= count; n++) {
    const keys = exerciseKeys(n, style)
    for (const field of FIELD_NAMES) properties[keys[field]] = EXERCISE_FIELDS[field]
  }
  return Type.Object(properties, { additionalProperties: false })
}

/** Anchored pattern of one exercise field's keys in a key style (exercise numbers start at 1). */
export function exerciseKeyPattern (field: ExerciseField, style: ExerciseKeyStyle): string {
  return style === 'underscored' ? `^exercise_[1-9][0-9]*_${field}$` : `^exercise[1-9][0-9]*_${field}$`
}

/**
 * The declared row: fixed fields plus the exercise fields as pattern properties. No
 * `additionalProperties: false` here: fast-json-stringify 6 then writes every other key verbatim instead of
 * dropping it, so leaving it out keeps Fastify's serializer strict (fixed fields and matching keys only).
 */
export function ExercisesRowPatternSchema (style: ExerciseKeyStyle): TObject {
  const patternProperties: Record<string, TSchema> = {}
  for (const field of FIELD_NAMES) patternProperties[exerciseKeyPattern(field, style)] = EXERCISE_FIELDS[field]
  const stem = style === 'underscored' ? 'exercise_N_' : 'exerciseN_'
  return Type.Object(ExercisesFixedFieldsSchema.properties, {
    patternProperties,
    description: `The fixed fields, then for N = 1 … exercises_count, in course order: ${FIELD_NAMES.map((f) => stem + f).join(', ')}. ` +
      'Every row of a course has the same keys; result and finished time are null until the exercise is finished.'
  })
}

export function ExercisesReportSchema (style: ExerciseKeyStyle) {
  return SuccessEnvelope(Type.Array(ExercisesRowPatternSchema(style)))
}

/** What a course's row count and key style fix: the key names, the CSV columns and the JSON serializer. */
export interface ExercisesLayout {
  count: number
  style: ExerciseKeyStyle
  /** `keys[i]` names the fields of the exercise at course position i (exercise i+1). */
  keys: ReadonlyArray<Record<ExerciseField, string>>
  columns: readonly CsvColumn[]
  serialize: (row: ExercisesRow) => string
}

const LAYOUT_CACHE_LIMIT = 64
const layouts = new Map<string, ExercisesLayout>()

/** Compiling a serializer takes milliseconds, so layouts are cached (a course's count rarely changes). */
export function exercisesLayout (count: number, style: ExerciseKeyStyle): ExercisesLayout {
  const cacheKey = `${style}:${count}`
  const cached = layouts.get(cacheKey)
  if (cached !== undefined) return cached
  const schema = exercisesRowSchema(count, style)
  const layout: ExercisesLayout = {
    count,
    style,
    keys: Array.from({ length: count }, (_, i) => exerciseKeys(i + 1, style)),
    columns: csvColumnsFromSchema(schema),
    serialize: compileRowSerializer<ExercisesRow>(schema)
  }
  // Oldest first out: counts are few in practice; the bound only guards against a pathological data set.
  if (layouts.size >= LAYOUT_CACHE_LIMIT) layouts.delete(layouts.keys().next().value as string)
  layouts.set(cacheKey, layout)
  return layout
}
