// Response declarations shared by the report routes: both media types of a 200, and every failure.
import { Type, type TSchema } from '@sinclair/typebox'
import { FailureEnvelopeSchema } from './common.js'

const failure = (description: string) => ({ description, content: { 'application/json': { schema: FailureEnvelopeSchema } } })

export const FAILURES = {
  401: failure('Missing, malformed or unknown credentials (one identical answer for every cause)'),
  404: failure('No such course in the caller\'s organisation (`CourseNotFound`)'),
  406: failure('The Accept header allows none of the offered media types'),
  422: failure('`RequestValidationError`: every invalid parameter is listed in `error.errors`'),
  500: failure('Server fault; the message carries the request id, never internals')
}

export function reportResponses (json: TSchema, csvExample?: string, withCsv = true) {
  const content: Record<string, { schema: TSchema }> = { 'application/json': { schema: json } }
  if (withCsv) {
    content['text/csv'] = {
      schema: Type.String({ description: 'CSV: a quoted header row, then one line per row, `\\n` line endings', examples: csvExample === undefined ? undefined : [csvExample] })
    }
  }
  return { 200: { description: 'The report', content }, ...FAILURES }
}
