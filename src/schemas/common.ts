// Shared schema primitives and the success / failure envelopes of the real API.
import { Type, type Static, type TSchema } from '@sinclair/typebox'

export const IsoDateTime = Type.String({
  format: 'date-time',
  description: 'ISO-8601 UTC timestamp with milliseconds',
  examples: ['2024-01-22T11:18:07.161Z']
})

/** A timestamp that is null until the event happens (`type: ["string", "null"]`, as OpenAPI 3.1 writes it). */
export const NullableIsoDateTime = Type.Unsafe<string | null>({
  type: ['string', 'null'],
  format: 'date-time',
  description: 'ISO-8601 UTC timestamp with milliseconds, or null'
})

export const CourseIdParamsSchema = Type.Object({
  course_id: Type.String({ description: "The course's unique identifier." })
})
export type CourseIdParams = Static<typeof CourseIdParamsSchema>

export const OutputQuerySchema = Type.Object({
  output: Type.Optional(Type.String({
    enum: ['json', 'csv'],
    description: 'The desired output type (`json`, `csv`). Default is `json`; when absent, the Accept header decides.'
  }))
})
export type OutputQuery = Static<typeof OutputQuerySchema>

export function SuccessEnvelope<T extends TSchema> (data: T) {
  return Type.Object({
    result: Type.Literal('success'),
    data
  })
}

export const ValidationIssueSchema = Type.Object({
  location: Type.String({ enum: ['query', 'body', 'params', 'headers'] }),
  param: Type.String(),
  msg: Type.String()
})

export const FailureEnvelopeSchema = Type.Object({
  result: Type.Literal('failure'),
  error: Type.Object({
    type: Type.String({ examples: ['CourseNotFound'] }),
    message: Type.String(),
    errors: Type.Optional(Type.Array(ValidationIssueSchema))
  })
}, { description: 'The failure envelope of every error answer' })
export type FailureEnvelope = Static<typeof FailureEnvelopeSchema>

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  message: Type.Literal('Healthy')
})
