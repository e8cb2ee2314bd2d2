// Schemas of the admin API's answers (same envelope as the public API).
import { Type } from '@sinclair/typebox'
import { SuccessEnvelope } from '../schemas/common.js'

const Count = Type.Integer({ minimum: 0 })

export const WriteCountsSchema = Type.Object({
  organizations: Count, courses: Count, exercises: Count, enrollments: Count, results: Count, sessions: Count
})

export const OrganizationSummarySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  apiKeys: Count,
  courses: Count,
  exercises: Count,
  enrollments: Count,
  results: Count,
  sessions: Count
})

export const ClockSchema = Type.Object({
  now: Type.String({ format: 'date-time', description: 'The server\'s "now"' }),
  frozen: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'The frozen instant, or null when the clock runs' })
})

export const LoadResultSchema = SuccessEnvelope(Type.Object({
  counts: WriteCountsSchema,
  organizations: Type.Array(Type.String(), { description: 'The organisations written' }),
  durationMs: Type.Number()
}))

export const ClearResultSchema = SuccessEnvelope(Type.Object({
  removed: Type.Union([OrganizationSummarySchema, Type.Null()], { description: 'What was removed; null if there was no such organisation' }),
  durationMs: Type.Number()
}))

export const SummarySchema = SuccessEnvelope(Type.Object({
  organizations: Type.Array(OrganizationSummarySchema),
  totals: WriteCountsSchema,
  clock: ClockSchema,
  journal: Type.Object({ entries: Count, capacity: Count, lastSeq: Count })
}))

export const OrganizationEnvelopeSchema = SuccessEnvelope(OrganizationSummarySchema)

export const JournalEntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  method: Type.String(),
  path: Type.String(),
  query: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
  body: Type.Optional(Type.Unknown()),
  accept: Type.Union([Type.String(), Type.Null()]),
  status: Type.Integer(),
  contentType: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Number(),
  organizationId: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.String()
})

export const JournalQuerySchema = Type.Object({
  path: Type.Optional(Type.String({ minLength: 1, description: 'Exact path, or a pattern: `*` within a segment, `**` across segments' })),
  method: Type.Optional(Type.String({ minLength: 1 })),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  organization: Type.Optional(Type.String({ minLength: 1 })),
  since: Type.Optional(Type.Integer({ minimum: 0, description: 'Only entries with a greater seq' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'The most recent N matches' }))
}, { additionalProperties: false })

export const JournalSchema = SuccessEnvelope(Type.Array(JournalEntrySchema))
export const JournalClearedSchema = SuccessEnvelope(Type.Object({ cleared: Count }))

export const ClockEnvelopeSchema = SuccessEnvelope(ClockSchema)
export const FreezeClockBodySchema = Type.Object({
  now: Type.String({ format: 'date-time', description: 'The instant to freeze "now" at (RFC 3339)' })
}, { additionalProperties: false })

export const OrgIdParamsSchema = Type.Object({
  org_id: Type.String({ minLength: 1, maxLength: 256, pattern: '^[^:\\s]+$' })
})

/** The failure envelope, with the line and column a fixture problem may carry. */
export const AdminFailureSchema = Type.Object({
  result: Type.Literal('failure'),
  error: Type.Object({
    type: Type.String(),
    message: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({
      location: Type.String(),
      param: Type.String(),
      msg: Type.String(),
      line: Type.Optional(Type.Integer()),
      column: Type.Optional(Type.Integer())
    })))
  })
})
