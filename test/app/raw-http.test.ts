// Bytes that never reach a route, on a real socket: whatever Node's HTTP parser or Fastify's router
// rejects is answered in the failure envelope with the security headers, and slow clients are cut off.
// (Requests the router answers carry `Connection: close`, so the test need not wait for keep-alive.)
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { listen, parseRawResponse, raw } from '../support/http.js'

const CRLF = '\r\n'
const bytes = (...parts: Array<string | number[]>): Buffer => Buffer.concat(parts.map((p) => typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))

const MALFORMED: Array<[string, string | Buffer, number, string]> = [
  ['a request line that is not HTTP', `GARBAGE${CRLF}${CRLF}`, 400, 'BadRequest'],
  ['an unknown HTTP version', `GET /api/v1/health HTTP/9.9${CRLF}Host: x${CRLF}${CRLF}`, 400, 'BadRequest'],
  ['a space in a header name', `GET /api/v1/health HTTP/1.1${CRLF}Host: x${CRLF}Bad Header: y${CRLF}${CRLF}`, 400, 'BadRequest'],
  ['a control byte in a header value', `GET /api/v1/health HTTP/1.1${CRLF}Host: x${CRLF}X-A: a\u0001b${CRLF}${CRLF}`, 400, 'BadRequest'],
  ['raw non-UTF-8 bytes in the path', bytes('GET /api/v1/ondemand/', [0xff, 0xfe], ` HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}`), 400, 'BadRequest'],
  ['a bad percent-encoding in a path parameter', `GET /api/v1/ondemand/%E0%A4%A HTTP/1.1${CRLF}Host: x${CRLF}Connection: close${CRLF}${CRLF}`, 400, 'BadRequest'],
  ['an invalid percent sequence in a report path', `GET /api/v1/ondemand-courses/%zz/reports/enrollments HTTP/1.1${CRLF}Host: x${CRLF}Connection: close${CRLF}${CRLF}`, 400, 'BadRequest'],
  ['a path parameter longer than 256 characters', `GET /api/v1/ondemand/${'a'.repeat(300)} HTTP/1.1${CRLF}Host: x${CRLF}Connection: close${CRLF}${CRLF}`, 404, 'NotFound'],
  ['both Content-Length and Transfer-Encoding (smuggling)', `POST /api/v1/health HTTP/1.1${CRLF}Host: x${CRLF}Content-Length: 5${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}0${CRLF}${CRLF}`, 400, 'BadRequest'],
  ['a Content-Length that is not a number', `POST /api/v1/health HTTP/1.1${CRLF}Host: x${CRLF}Content-Length: abc${CRLF}${CRLF}`, 400, 'BadRequest'],
  ['HTTP/1.1 without Host', `GET /api/v1/health HTTP/1.1${CRLF}Connection: close${CRLF}${CRLF}`, 400, 'BadRequest'],
  ['a 20 kB URL', `GET /api/v1/${'a'.repeat(20_000)} HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}`, 431, 'RequestHeaderFieldsTooLarge'],
  ['a 20 kB header', `GET /api/v1/health HTTP/1.1${CRLF}Host: x${CRLF}X-Big: ${'b'.repeat(20_000)}${CRLF}${CRLF}`, 431, 'RequestHeaderFieldsTooLarge']
]

t.test('malformed requests get a 4xx in the envelope, with the security headers, and the connection is closed', async (t) => {
  const app = await buildTestApp(t)
  const port = await listen(app)
  for (const [name, request, status, type] of MALFORMED) {
    const seen = await raw(port, [request])
    const res = parseRawResponse(seen.text)
    t.equal(res.status, status, name)
    t.match(res.headers['content-type'], /^application\/json/, name)
    t.equal(res.headers['x-content-type-options'], 'nosniff', name)
    t.equal(res.headers['cache-control'], 'no-store', name)
    const envelope = JSON.parse(res.body)
    t.equal(envelope.result, 'failure', name)
    t.equal(envelope.error.type, type, name)
    t.type(envelope.error.message, 'string', name)
    t.equal(seen.ended, 'end', `${name}: closed by the server`)
  }
  const healthy = parseRawResponse((await raw(port, [`GET /healthz HTTP/1.1${CRLF}Host: x${CRLF}Connection: close${CRLF}${CRLF}`])).text)
  t.equal(healthy.status, 200, 'still serving')
})

t.test('slow clients cannot pin a connection', async (t) => {
  const app = await buildTestApp(t, { HEADERS_TIMEOUT_MS: 400, REQUEST_TIMEOUT_MS: 900, KEEP_ALIVE_TIMEOUT_MS: 200 })
  const port = await listen(app)

  t.test('headers sent a line at a time, too slowly: 408 at the headers deadline', async (t) => {
    const lines = ['GET /api/v1/health HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n', 'X-C: 3\r\n', 'X-D: 4\r\n', 'X-E: 5\r\n', '\r\n']
    const seen = await raw(port, lines, 150)
    const res = parseRawResponse(seen.text)
    t.equal(res.status, 408)
    t.equal(JSON.parse(res.body).error.type, 'RequestTimeout')
    t.ok(seen.elapsedMs >= 350 && seen.elapsedMs < 1500, `cut after ${Math.round(seen.elapsedMs)} ms`)
  })

  t.test('headers that never finish and a silent client: cut too', async (t) => {
    const seen = await raw(port, ['GET /api/v1/health HTTP/1.1\r\nHost: x\r\n'])
    t.equal(parseRawResponse(seen.text).status, 408)
    t.ok(seen.elapsedMs < 1500, `cut after ${Math.round(seen.elapsedMs)} ms`)
  })

  t.test('a body dribbled a byte at a time: 408 at the request deadline', async (t) => {
    const head = 'POST /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n'
    const seen = await raw(port, [head, ...'{"from":"2024-01-01"'.split('')], 100)
    const res = parseRawResponse(seen.text)
    t.equal(res.status, 408)
    t.ok(seen.elapsedMs >= 850 && seen.elapsedMs < 2500, `cut after ${Math.round(seen.elapsedMs)} ms`)
  })

  t.test('an idle keep-alive connection is closed', async (t) => {
    const seen = await raw(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'])
    t.equal(parseRawResponse(seen.text).status, 200)
    t.equal(seen.ended, 'end')
    // Node adds up to a second of grace to keepAliveTimeout before it closes.
    t.ok(seen.elapsedMs >= 150 && seen.elapsedMs < 2500, `closed after ${Math.round(seen.elapsedMs)} ms`)
  })
})

t.test('the timeouts are settings with production defaults, and headers cannot outlast the request', async (t) => {
  const app = await buildTestApp(t)
  t.equal(app.config.HEADERS_TIMEOUT_MS, 10_000)
  t.equal(app.config.REQUEST_TIMEOUT_MS, 30_000)
  t.equal(app.config.KEEP_ALIVE_TIMEOUT_MS, 5_000)
  t.equal(app.config.CONNECTION_TIMEOUT_MS, 60_000)
  t.equal(app.server.headersTimeout, 10_000)
  t.equal(app.server.requestTimeout, 30_000)
  t.equal(app.server.keepAliveTimeout, 5_000)
  t.equal(app.server.timeout, 60_000)
  await t.rejects(buildTestApp(t, { HEADERS_TIMEOUT_MS: 5000, REQUEST_TIMEOUT_MS: 1000 }), /HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS/)
})
