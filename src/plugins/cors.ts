// CORS for browser dashboards that call the server from another origin: off unless CORS_ORIGINS lists
// origins (`*` for any). Preflights are answered before authentication and rate limiting (a browser never
// sends credentials on a preflight). Responses expose the headers a dashboard needs to read: the rate-limit
// headers, retry-after and the CSV attachment name.
import fp from 'fastify-plugin'
import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import { FAULT_HEADER } from '../lib/faults.js'

export const CORS_EXPOSED_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after', 'content-disposition']

/** `https://a.example, https://b.example` → the list; empty or blank → CORS off. */
export function parseOrigins (setting: string): string[] {
  return setting.split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter((origin) => origin !== '')
}

export default fp(async function corsPlugin (app: FastifyInstance) {
  const origins = parseOrigins(app.config.CORS_ORIGINS)
  if (origins.length === 0) return
  const allowedHeaders = ['Authorization', 'Content-Type', 'Accept']
  if (app.config.FAULTS === 'on') allowedHeaders.push(FAULT_HEADER)
  await app.register(cors, {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
    // A malformed preflight gets an ordinary 204 without CORS headers (the browser then refuses), rather
    // than @fastify/cors's plain-text 400 outside the envelope.
    strictPreflight: false
  })
}, { name: 'cors' })
