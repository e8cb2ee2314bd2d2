// Logger settings of the server process. Secrets never reach a log line: the Authorization header (it
// carries the API key) and the admin token are censored wherever a request's headers are logged.
import type { FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'

export const REDACTED = '[redacted]'

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-admin-token"]',
  'request.headers.authorization',
  'request.headers["x-admin-token"]',
  'headers.authorization',
  'headers["x-admin-token"]'
]

export function loggerOptions (level: Config['LOG_LEVEL'], stream?: NodeJS.WritableStream): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    ...(stream !== undefined ? { stream } : {})
  }
}
