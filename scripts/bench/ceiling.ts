// The framework ceiling: a bare Fastify server that answers each captured route with the very bytes our
// server sent for it, from memory. argv: <captures.json> <port>
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

interface Capture { method: 'GET' | 'POST', url: string, contentType: string, body: string }
const [file, port] = process.argv.slice(2)
const captures = JSON.parse(readFileSync(file, 'utf8')) as Capture[]
const app = Fastify({ logger: false })
const byKey = new Map(captures.map((c) => [`${c.method} ${c.url}`, { type: c.contentType, body: Buffer.from(c.body, 'base64') }]))
app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body))
for (const method of ['GET', 'POST'] as const) {
  app.route({
    method,
    url: '/*',
    handler: async (request, reply) => {
      const hit = byKey.get(`${method} ${request.url}`)
      if (hit === undefined) return await reply.code(404).send()
      return await reply.type(hit.type).send(hit.body)
    }
  })
}
await app.listen({ host: '127.0.0.1', port: Number(port) })
console.log('ready')
