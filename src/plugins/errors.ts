// Every failure leaves the server in the real API's envelope:
// {"result":"failure","error":{"type","message"[,"errors"]}}. 5xx never carry stack traces or SQL.
import http from 'node:http'
import type { Socket } from 'node:net'
import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ApiError, RequestValidationError, UnsupportedMediaType, type ValidationIssue } from '../errors.js'
import type { FailureEnvelope } from '../schemas/common.js'
import { FAILURE_SECURITY_HEADERS } from './security-headers.js'

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  408: 'RequestTimeout',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  414: 'URITooLong',
  415: 'UnsupportedMediaType',
  422: 'RequestValidationError',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
  500: 'InternalServerError',
  503: 'ServiceUnavailable'
}

export function failure (type: string, message: string, errors?: ValidationIssue[]): FailureEnvelope {
  return { result: 'failure', error: errors === undefined ? { type, message } : { type, message, errors } }
}

const LOCATION: Record<string, ValidationIssue['location']> = {
  querystring: 'query', body: 'body', params: 'params', headers: 'headers'
}

/** Ajv errors (Fastify's schema validation) → the real API's `errors` list, one entry per parameter. */
export function issuesFromValidation (error: FastifyError): ValidationIssue[] {
  const location = LOCATION[error.validationContext ?? 'body'] ?? 'body'
  const issues: ValidationIssue[] = []
  const seen = new Set<string>()
  for (const item of error.validation ?? []) {
    const params = item.params as Record<string, unknown>
    const fromPath = item.instancePath.split('/').filter(Boolean).join('.')
    const param = typeof params.missingProperty === 'string'
      ? [fromPath, params.missingProperty].filter(Boolean).join('.')
      : typeof params.additionalProperty === 'string'
        ? [fromPath, params.additionalProperty].filter(Boolean).join('.')
        : fromPath !== '' ? fromPath : location
    const key = `${location}:${param}`
    if (seen.has(key)) continue
    seen.add(key)
    issues.push({ location, param, msg: item.message ?? 'is invalid' })
  }
  return issues
}

/** Maps any thrown error to a status and an envelope. */
export function toFailure (error: FastifyError | ApiError): { status: number, body: FailureEnvelope } {
  if (error instanceof RequestValidationError) {
    return { status: 422, body: failure(error.type, error.message, error.errors) }
  }
  if (error instanceof ApiError) return { status: error.statusCode, body: failure(error.type, error.message) }
  if (error.validation !== undefined) {
    return { status: 422, body: failure('RequestValidationError', 'The request is not valid', issuesFromValidation(error)) }
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return {
      status: 422,
      body: failure('RequestValidationError', 'The request is not valid', [{ location: 'body', param: 'body', msg: 'must be valid JSON' }])
    }
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: failure('PayloadTooLarge', 'The request body is too large') }
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const unsupported = new UnsupportedMediaType()
    return { status: unsupported.statusCode, body: failure(unsupported.type, unsupported.message) }
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
  if (status >= 500) return { status, body: failure(TYPE_BY_STATUS[status] ?? 'InternalServerError', 'Internal server error') }
  // Framework 4xx errors (bad content type, body too large…): a stable type and the standard reason.
  return { status, body: failure(TYPE_BY_STATUS[status] ?? 'BadRequest', http.STATUS_CODES[status] ?? 'Bad Request') }
}

export default fp(async function errorsPlugin (app: FastifyInstance) {
  app.setErrorHandler(function (error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const { status, body } = toFailure(error)
    if (status >= 500) {
      // A catalogued 5xx is a deliberate answer (fault injection); anything else is a bug worth a stack.
      if (error instanceof ApiError) request.log.warn({ failure: body.error.type }, 'request answered with a server error on purpose')
      else request.log.error({ err: error, method: request.method, url: request.url }, 'request failed')
      if (body.error.type === 'InternalServerError') body.error.message = `Internal server error (request ${request.id})`
    } else {
      request.log.info({ failure: body.error.type, reason: error.message }, 'request rejected')
    }
    // A failure is always JSON, whatever the route would have sent.
    void reply.code(status).type('application/json; charset=utf-8').send(body)
  })

  // While the server drains (SIGTERM), a request that arrives on a kept-alive connection gets a 503 in the
  // envelope and `connection: close` (Fastify's own answer, `return503OnClosing`, is not in the envelope).
  let closing = false
  app.addHook('preClose', async () => { closing = true })
  app.addHook('onRequest', async (request, reply) => {
    // HTTP/1.1 requires Host (RFC 9112 §3.2); Node's own refusal (requireHostHeader) is not in the envelope.
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1') {
      return reply.code(400).type('application/json; charset=utf-8').send(failure('BadRequest', 'The Host header is required'))
    }
    if (!closing) return
    return reply.code(503).header('connection', 'close').header('retry-after', '5').type('application/json; charset=utf-8')
      .send(failure('ServiceUnavailable', 'The server is shutting down, please try again later.'))
  })

  app.setNotFoundHandler(function (request, reply) {
    void reply.code(404).type('application/json; charset=utf-8')
      .send(failure('NotFound', `Route ${request.method} ${request.url.split('?')[0]} not found`))
  })
}, { name: 'errors' })

/** Fastify's `frameworkErrors`: a bad percent-encoding or an over-long path parameter, before routing. */
export function frameworkErrors (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 404 : 400
  const body = status === 404 ? failure('NotFound', 'Not found') : failure('BadRequest', 'The request URL is malformed')
  // These replies skip every hook (no route was found), so the security headers are written here.
  void reply.code(status).headers(FAILURE_SECURITY_HEADERS).type('application/json; charset=utf-8').send(body)
}

/** Requests the HTTP parser rejects never reach Fastify's routing: answer them in the envelope too. */
export function clientErrorHandler (error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, type, message] = error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    ? [408, 'RequestTimeout', 'The request took too long to arrive']
    : error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'RequestHeaderFieldsTooLarge', 'The request headers are too large']
      : [400, 'BadRequest', 'The request is malformed']
  const body = JSON.stringify(failure(type, message))
  if (!socket.writable) { socket.destroy(); return }
  const headers = FAILURE_SECURITY_HEADERS
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('') +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`, () => socket.destroy())
}
