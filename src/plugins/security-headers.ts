// Security headers on every response, whatever answered it (route, error handler, 404, fault): the API
// only ever returns data, so its policy forbids everything a browser could do with it; HTML (the /docs
// page) may load its own scripts, styles and images and call the API on the same origin, nothing else.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
export const HTML_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

/** The headers of every response, also written by the raw answers to malformed requests (plugins/errors.ts). */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin'
}

export default fp(async function securityHeadersPlugin (app: FastifyInstance) {
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) void reply.header(name, value)
    const type = String(reply.getHeader('content-type') ?? '')
    // A route that brings its own policy (e.g. a static page) keeps it.
    if (!reply.hasHeader('content-security-policy')) void reply.header('content-security-policy', type.startsWith('text/html') ? HTML_CSP : API_CSP)
    // Reports hold personal data: no shared or private cache keeps them unless a route says otherwise.
    if (!reply.hasHeader('cache-control') && !/javascript|text\/css|image\/|font\//.test(type)) {
      void reply.header('cache-control', 'no-store')
    }
    return payload
  })
}, { name: 'security-headers' })
