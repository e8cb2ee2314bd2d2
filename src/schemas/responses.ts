// Response declarations shared by the report routes: both media types of a 200, and every failure.
import { Type, type TSchema } from '@sinclair/typebox'
import { FailureEnvelopeSchema } from './common.js'

/** On every API answer while rate limiting is on (README, "Hardening"). */
export const RATE_LIMIT_HEADERS = {
  'x-ratelimit-limit': { type: 'integer', description: 'Requests allowed per window (RATE_LIMIT_MAX)' },
  'x-ratelimit-remaining': { type: 'integer', description: 'Requests left in the current window' },
  'x-ratelimit-reset': { type: 'integer', description: 'End of the current window, epoch seconds' }
}

const failure = (description: string, headers: Record<string, unknown> = RATE_LIMIT_HEADERS) =>
  ({ description, headers, content: { 'application/json': { schema: FailureEnvelopeSchema } } })

export const FAILURES = {
  401: failure('Missing, malformed or unknown credentials (one identical answer for every cause)'),
  404: failure('No such course in the caller\'s organisation (`CourseNotFound`)'),
  406: failure('The Accept header allows none of the offered media types'),
  422: failure('`RequestValidationError`: every invalid parameter is listed in `error.errors`'),
  429: failure('`TooManyRequests`: over RATE_LIMIT_MAX requests in the window (`Too many requests, please try again later.`)', {
    ...RATE_LIMIT_HEADERS,
    'retry-after': { type: 'integer', description: 'Seconds until the window ends' }
  }),
  500: failure('Server fault; the message carries the request id, never internals'),
  503: failure('`ServiceUnavailable`: the server is shutting down, or a fault was injected (README, "Hardening")', {})
}

export function reportResponses (json: TSchema, csvExample?: string, withCsv = true) {
  const content: Record<string, { schema: TSchema }> = { 'application/json': { schema: json } }
  if (withCsv) {
    content['text/csv'] = {
      schema: Type.String({ description: 'CSV: a quoted header row, then one line per row, `\\n` line endings', examples: csvExample === undefined ? undefined : [csvExample] })
    }
  }
  return { 200: { description: 'The report', headers: RATE_LIMIT_HEADERS, content }, ...FAILURES }
}
