// JSON request bodies: an empty body means "no body" (the user-activity defaults), and a body that is not
// JSON is a 422 naming `body`, not Fastify's 400. Prototype-poisoning keys are rejected, never merged.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { RequestValidationError } from '../errors.js'

export default fp(async function jsonBodyPlugin (app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, function (request, body, done) {
    const text = (body as string)
    if (text.trim() === '') { done(null, undefined); return }
    parseJson(request, text, (error: Error | null, value?: unknown) => {
      if (error !== null) {
        done(new RequestValidationError([{ location: 'body', param: 'body', msg: 'must be valid JSON' }]), undefined)
        return
      }
      done(null, value)
    })
  })
}, { name: 'json-body' })
