// Enrollments report: the row's keys in the spec's order. The CSV columns are read off this schema, so the
// CSV carries `status` where the JSON does (the spec's CSV header forgets it; see README).
import { Type, type Static } from '@sinclair/typebox'
import { IsoDateTime, NullableIsoDateTime, SuccessEnvelope } from '../../schemas/common.js'
import { csvColumnsFromSchema } from '../../lib/csv.js'

export const ENROLLMENT_STATUSES = ['enrolled', 'started', 'finished', 'expired'] as const

export const EnrollmentStatusSchema = Type.Union(ENROLLMENT_STATUSES.map((s) => Type.Literal(s)))

export const EnrollmentRowSchema = Type.Object({
  course_id: Type.String(),
  course_name: Type.String(),
  enrollment_id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  workspace_id: Type.String(),
  enrolled_at: IsoDateTime,
  started_at: NullableIsoDateTime,
  status: Type.String({ enum: [...ENROLLMENT_STATUSES] }),
  exercises_finished: Type.Integer({ minimum: 0, description: 'Exercises with a result, success or failure' }),
  exercises_count: Type.Integer({ minimum: 0 }),
  all_exercises_completed: Type.Boolean({ description: 'True when the course has exercises and all are finished' })
}, { additionalProperties: false })
export type EnrollmentRow = Static<typeof EnrollmentRowSchema>

export const EnrollmentsReportSchema = SuccessEnvelope(Type.Array(EnrollmentRowSchema))

export const ENROLLMENT_CSV_COLUMNS = csvColumnsFromSchema(EnrollmentRowSchema)
