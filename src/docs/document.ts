// Finishing touches on the generated OpenAPI 3.1 document, so it says everything the server does:
// - pattern properties survive (@fastify/swagger folds them into additionalProperties, an OpenAPI 3.0
//   work-around that would make the exercises report's exerciseN_* fields "any string");
// - a request body whose schema requires nothing is optional (the user-activity body may be absent);
// - the failures every operation can answer, whichever route declared what (400 malformed request, 429 rate
//   limited, 500, 503 while closing; 413 and 415 where there is a body);
// - the CSV download and Vary headers;
// - the failure envelope and the report rows as named components (FailureEnvelope, EnrollmentsReportRow …).
import { FailureEnvelopeSchema } from '../schemas/common.js'

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

const PATTERN_PLACEHOLDER = 'x-patternProperties'

/**
 * Route schema → schema handed to @fastify/swagger: a deep copy (the route's own schema object is used by
 * Fastify and must not change) with `patternProperties` renamed so the converter leaves it alone.
 */
export function protectPatternProperties<T> (schema: T): T {
  if (Array.isArray(schema)) return schema.map(protectPatternProperties) as T
  if (!isObject(schema)) return schema
  const copy: Json = {}
  for (const [key, value] of Object.entries(schema)) copy[key === 'patternProperties' ? PATTERN_PLACEHOLDER : key] = protectPatternProperties(value)
  return copy as T
}

function restorePatternProperties (node: unknown): void {
  if (Array.isArray(node)) { node.forEach(restorePatternProperties); return }
  if (!isObject(node)) return
  if (PATTERN_PLACEHOLDER in node) {
    node.patternProperties = node[PATTERN_PLACEHOLDER]
    delete node[PATTERN_PLACEHOLDER]
  }
  for (const value of Object.values(node)) restorePatternProperties(value)
}

const failure = (description: string): Json => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/FailureEnvelope' } } } })

/** Failures any operation may answer, beyond what its route declares. */
const EVERY_OPERATION: Record<string, Json> = {
  400: failure('`BadRequest`: the request line, a header or the percent-encoding of the URL is malformed'),
  // Rate limiting and fault injection are hooks of the whole API scope (src/plugins/rate-limit.ts, faults.ts).
  429: {
    description: '`TooManyRequests`: over RATE_LIMIT_MAX requests in the window, counted per organisation (per client IP ' +
      'without valid credentials). While rate limiting is on, every answer carries the x-ratelimit-* headers; a 429 also ' +
      'says when to retry. The body is the envelope, or the bare message as text/plain with RATE_LIMIT_BODY=text.',
    headers: {
      'x-ratelimit-limit': { description: 'Requests allowed per window (RATE_LIMIT_MAX)', schema: { type: 'string', pattern: '^[0-9]+$' } },
      'x-ratelimit-remaining': { description: 'Requests left in the current window: 0 here', schema: { type: 'string', const: '0' } },
      'x-ratelimit-reset': { description: 'End of the current window, epoch seconds', schema: { type: 'string', pattern: '^[0-9]+$' } },
      'retry-after': { description: 'Seconds until the window ends (at least 1)', schema: { type: 'string', pattern: '^[1-9][0-9]*$' } }
    },
    content: {
      'application/json': { schema: { $ref: '#/components/schemas/FailureEnvelope' } },
      'text/plain': { schema: { type: 'string', const: 'Too many requests, please try again later.' } }
    }
  },
  500: failure('`InternalServerError`: a server fault; the message carries the request id, never internals'),
  503: failure('`ServiceUnavailable`: the server is shutting down and takes no new requests (or, with FAULTS=on, a fault asked for it)')
}
const WITH_BODY: Record<string, Json> = {
  413: failure('`PayloadTooLarge`: the body is over 1 MiB'),
  415: failure('`UnsupportedMediaType`: the body is not `application/json`')
}

const CSV_HEADERS: Json = {
  'Content-Disposition': {
    description: 'CSV only: `attachment; filename="<course-slug>-<course_id>-<report>.csv"`',
    schema: { type: 'string', examples: ['attachment; filename="my-course-eb917a943d6d0365784e8779-exercises.csv"'] }
  }
}
const VARY_HEADER: Json = {
  Vary: { description: 'Always `Accept`: the representation depends on it', schema: { type: 'string', const: 'Accept' } }
}

/** Component names of the rows of each operation's 200 JSON `data` (an array's items, or the object). */
const DATA_COMPONENTS: Record<string, string> = {
  getEnrollmentsReport: 'EnrollmentsReportRow',
  getExercisesReport: 'ExercisesReportRow',
  postUserActivityReport: 'UserActivityReportRow',
  getOnDemandCourse: 'Course',
  listOnDemandCourses: 'Course'
}

/** Key-order-insensitive serialisation, to recognise the same schema after conversion. */
function canonical (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (!isObject(value)) return JSON.stringify(value)
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`
}

const FAILURE_ENVELOPE = JSON.parse(JSON.stringify(FailureEnvelopeSchema)) as Json
const FAILURE_CANONICAL = canonical(FAILURE_ENVELOPE)

export function finishDocument (document: Json): Json {
  restorePatternProperties(document)
  const components = (document.components ??= {}) as Json
  const schemas = (components.schemas ??= {}) as Json
  schemas.FailureEnvelope = FAILURE_ENVELOPE

  for (const pathItem of Object.values((document.paths ?? {}) as Record<string, Json>)) {
    for (const operation of Object.values(pathItem) as Json[]) {
      if (!isObject(operation) || !isObject(operation.responses)) continue
      const responses = operation.responses as Record<string, Json>

      const body = operation.requestBody as Json | undefined
      if (body !== undefined) {
        const schema = (body.content as Record<string, { schema?: Json }> | undefined)?.['application/json']?.schema
        if (schema !== undefined && (!Array.isArray(schema.required) || schema.required.length === 0)) body.required = false
      }

      for (const [status, response] of Object.entries({ ...EVERY_OPERATION, ...(body !== undefined ? WITH_BODY : {}) })) {
        responses[status] ??= structuredClone(response)
      }

      for (const [status, response] of Object.entries(responses)) {
        const content = response.content as Record<string, { schema?: Json }> | undefined
        if (Number(status) >= 400 && content?.['application/json']?.schema !== undefined &&
          canonical(content['application/json'].schema) === FAILURE_CANONICAL) {
          content['application/json'].schema = { $ref: '#/components/schemas/FailureEnvelope' }
        }
      }

      const ok = responses['200']
      if (ok !== undefined) {
        if (ok.description === 'Default Response') ok.description = 'Success'
        const content = (ok.content ?? {}) as Record<string, { schema?: Json }>
        if ((operation.tags as string[] | undefined)?.includes('reports') === true) {
          ok.headers = { ...VARY_HEADER, ...(content['text/csv'] !== undefined ? CSV_HEADERS : {}) }
        }
        const name = DATA_COMPONENTS[String(operation.operationId)]
        const data = (content['application/json']?.schema?.properties as Json | undefined)?.data as Json | undefined
        if (name !== undefined && data !== undefined) {
          if (data.type === 'array' && isObject(data.items)) {
            schemas[name] = data.items
            data.items = { $ref: `#/components/schemas/${name}` }
          } else {
            schemas[name] = { ...data }
            for (const key of Object.keys(data)) delete data[key]
            data.$ref = `#/components/schemas/${name}`
          }
        }
      }
    }
  }
  return document
}
