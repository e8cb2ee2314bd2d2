// Security headers on every response, whatever answered it (route, error handler, 404, fault): the API
// only ever returns data, so its policy forbids everything a browser could do with it; HTML (the /docs
// page) may load its own scripts, styles and images and call the API on the same origin, nothing else.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply } from 'fastify'

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

/** The headers of a JSON answer written outside the hooks (framework errors, raw parser rejections). */
export const FAILURE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  ...BASE_SECURITY_HEADERS,
  'content-security-policy': API_CSP,
  'cache-control': 'no-store'
}

/** Adds the security headers to a reply, keeping a policy or caching rule the route chose itself. */
export function applySecurityHeaders (reply: FastifyReply): void {
  for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) void reply.header(name, value)
  const type = String(reply.getHeader('content-type') ?? '')
  if (!reply.hasHeader('content-security-policy')) void reply.header('content-security-policy', type.startsWith('text/html') ? HTML_CSP : API_CSP)
  // Reports hold personal data: no shared or private cache keeps them unless a route says otherwise.
  if (!reply.hasHeader('cache-control') && !/javascript|text\/css|image\/|font\//.test(type)) {
    void reply.header('cache-control', 'no-store')
  }
}

export default fp(async function securityHeadersPlugin (app: FastifyInstance) {
  app.addHook('onSend', async (_request, reply, payload) => {
    applySecurityHeaders(reply)
    return payload
  })
}, { name: 'security-headers' })
