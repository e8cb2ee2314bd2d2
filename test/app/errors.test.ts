import net from 'node:net'
import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'

t.test('an unknown route is a 404 in the envelope', async (t) => {
  const app = await buildTestApp(t)
  const res = await app.inject({ url: '/api/v1/nothing-here?x=1' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), { result: 'failure', error: { type: 'NotFound', message: 'Route GET /api/v1/nothing-here not found' } })
})

t.test('server faults are a 500 in the envelope without internals, carrying the request id', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  // Break the database under the app: the next report query fails inside SQLite.
  app.db.writer.exec('DROP TABLE exercise_results')
  const res = await app.inject({
    url: '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments',
    headers: bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
  })
  t.equal(res.statusCode, 500)
  const body = res.json()
  t.equal(body.result, 'failure')
  t.equal(body.error.type, 'InternalServerError')
  t.match(body.error.message, /^Internal server error \(request req-\w+\)$/)
  t.notMatch(res.body, /exercise_results|SELECT|sqlite|at /i, 'no SQL, no stack')
})

/** Sends raw bytes to a listening server and returns everything it answers before closing. */
async function rawRequest (port: number, bytes: string | Buffer): Promise<string> {
  return await new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (c) => chunks.push(c))
    socket.on('error', reject)
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.setTimeout(5000, () => { socket.destroy(); reject(new Error('timed out')) })
    socket.end(bytes)
  })
}

t.test('requests too malformed to reach a route still get a 4xx in the failure envelope', async (t) => {
  const app = await buildTestApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = (app.server.address() as net.AddressInfo).port
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['bad request line', 'GARBAGE\r\n\r\n', /^HTTP\/1\.1 400 /],
    ['bad header bytes', Buffer.concat([Buffer.from('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: '), Buffer.from([0x00, 0x01]), Buffer.from('\r\n\r\n')]), /^HTTP\/1\.1 400 /],
    ['header without colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n', /^HTTP\/1\.1 400 /],
    ['bad percent-encoding', 'GET /api/v1/ondemand-courses/%E0%A4%A/reports/enrollments HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', /^HTTP\/1\.1 400 /],
    ['over-long course id', `GET /api/v1/ondemand-courses/${'a'.repeat(300)}/reports/enrollments HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, /^HTTP\/1\.1 404 /]
  ]
  for (const [label, bytes, statusLine] of cases) {
    const answer = await rawRequest(port, bytes)
    t.match(answer, statusLine, label)
    const body = answer.slice(answer.indexOf('\r\n\r\n') + 4)
    const parsed = JSON.parse(body)
    t.equal(parsed.result, 'failure', label)
    t.type(parsed.error.type, 'string', label)
    t.type(parsed.error.message, 'string', label)
  }
})

t.test('validation failures list every invalid parameter', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  const res = await app.inject({
    url: '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments?output=pdf',
    headers: bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
  })
  t.equal(res.statusCode, 422)
  t.same(res.json().error.errors, [{ location: 'query', param: 'output', msg: 'must be equal to one of the allowed values' }])
})
