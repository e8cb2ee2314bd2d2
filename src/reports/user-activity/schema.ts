// User-activity report: the request body and the row, with the spec's camelCase keys in the spec's order.
// JSON only (the spec documents no CSV for this report), so no CSV columns are derived here.
import { Type, type Static } from '@sinclair/typebox'
import { IsoDateTime, NullableIsoDateTime, SuccessEnvelope } from '../../schemas/common.js'
import { ENROLLMENT_STATUSES } from '../enrollments/schema.js'

/**
 * The date forms `from` and `to` accept: an ISO-8601 calendar date (`2024-03-01`, UTC midnight) or a
 * date-time with optional seconds and fraction, and an optional offset (`Z`, `±HH:MM`, `±HHMM`, `±HH`;
 * none means UTC). Calendar validity (no 30 February) is checked in window.ts, which parses with this.
 */
export const DATE_INPUT_PATTERN =
  '^(\\d{4})-(\\d{2})-(\\d{2})(?:[Tt](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?(?:([Zz])|([+-])(\\d{2})(?::?(\\d{2}))?)?)?$'

const DateInput = (description: string) => Type.String({
  pattern: DATE_INPUT_PATTERN,
  description,
  examples: ['2018-10-28T08:14:55.743Z', '2024-03-01', '2024-03-01T10:00:00+02:00']
})

export const UserActivityBodySchema = Type.Object({
  from: Type.Optional(DateInput(
    'Start of the window (exclusive of sessions that end at or before it). Default: one calendar month before `to`, ' +
    'clamped at month ends. A date alone means 00:00 UTC; a date-time without offset is UTC.'
  )),
  to: Type.Optional(DateInput(
    'End of the window (exclusive of sessions that start at or after it). Default: the time of the request.'
  ))
}, {
  additionalProperties: false,
  description: 'Optional. A missing body, an empty body and `{}` all mean the default window.'
})
export type UserActivityBody = Static<typeof UserActivityBodySchema>

export const UserActivityQuerySchema = Type.Object({
  output: Type.Optional(Type.String({
    enum: ['json'],
    description: 'This report is JSON only; `json` is accepted for symmetry with the other reports.'
  }))
})

export const ActivitySessionSchema = Type.Object({
  sessionStartTime: IsoDateTime,
  sessionEndTime: IsoDateTime,
  sessionDurationInSeconds: Type.Number({ minimum: 0, description: 'Seconds, with millisecond precision' })
}, { additionalProperties: false })
export type ActivitySession = Static<typeof ActivitySessionSchema>

export const UserActivityRowSchema = Type.Object({
  courseId: Type.String(),
  workspaceId: Type.String(),
  enrollmentId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  status: Type.String({ enum: [...ENROLLMENT_STATUSES] }),
  enrolledAt: IsoDateTime,
  startedAt: NullableIsoDateTime,
  sessions: Type.Array(ActivitySessionSchema, {
    minItems: 1,
    description: 'The sessions overlapping the window, whole (not clipped to it), by start time'
  }),
  totalSessionTime: Type.Number({ minimum: 0, description: 'Sum of the listed sessions\' durations, in seconds with millisecond precision' }),
  from: IsoDateTime,
  to: IsoDateTime
}, { additionalProperties: false })
export type UserActivityRow = Static<typeof UserActivityRowSchema>

export const UserActivityReportSchema = SuccessEnvelope(Type.Array(UserActivityRowSchema))
