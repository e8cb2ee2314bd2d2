// Fault injection through `inject`: everything that still produces an HTTP answer. Faults that break the
// connection itself are proven on a real socket in faults-socket.test.ts.
import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'

const REPORT = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'
const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
const fault = (spec: string): Record<string, string> => ({ ...auth, 'x-strigo-fault': spec })

t.test('FAULTS=off (the default): the header is ignored, even when it is nonsense', async (t) => {
  const app = await buildTestApp(t)
  t.equal(app.config.FAULTS, 'off')
  loadData(app, specEnrollmentsData())
  const normal = await app.inject({ url: REPORT, headers: auth })
  for (const spec of ['status=503', 'reset=before', 'empty', 'latency=5000', 'no such thing']) {
    const res = await app.inject({ url: REPORT, headers: fault(spec) })
    t.equal(res.statusCode, 200, spec)
    t.equal(res.body, normal.body, spec)
  }
  t.throws(() => app.faults.setGlobal({ rate: 1, fault: 'status=503' }), { name: 'FaultsDisabled' })
})

t.test('a malformed fault header is a 422 naming the header', async (t) => {
  const app = await buildTestApp(t, { FAULTS: 'on' })
  loadData(app, specEnrollmentsData())
  const cases: Array<[string, RegExp]> = [
    ['status=418', /status must be one of 500, 503, 429, 401/],
    ['latency=fast', /latency needs a whole number/],
    ['latency=600000', /between 0 and 60000/],
    ['reset=sometimes', /reset must be before or mid/],
    ['status=500; reset=mid', /exclude each other/],
    ['rows=3', /rows needs reset=mid/],
    ['empty; slow=100', /slow needs a response body/],
    ['teapot', /unknown directive "teapot"/],
    ['latency=1; latency=2', /given twice/],
    [' ; ', /no directive/]
  ]
  for (const [spec, msg] of cases) {
    const res = await app.inject({ url: REPORT, headers: fault(spec) })
    t.equal(res.statusCode, 422, spec)
    const body = res.json()
    t.equal(body.error.type, 'RequestValidationError', spec)
    t.equal(body.error.errors[0].location, 'headers')
    t.equal(body.error.errors[0].param, 'x-strigo-fault')
    t.match(body.error.errors[0].msg, msg, spec)
  }
})

t.test('latency delays a contract-correct answer', async (t) => {
  const app = await buildTestApp(t, { FAULTS: 'on' })
  loadData(app, specEnrollmentsData())
  const normal = await app.inject({ url: `${REPORT}?output=csv`, headers: auth })
  const started = performance.now()
  const slow = await app.inject({ url: `${REPORT}?output=csv`, headers: fault('latency=250') })
  const elapsed = performance.now() - started
  t.ok(elapsed >= 240, `took ${Math.round(elapsed)} ms`)
  t.equal(slow.statusCode, 200)
  t.equal(slow.body, normal.body)
  t.equal(slow.headers['content-disposition'], normal.headers['content-disposition'])
})

t.test('status faults answer the real envelope, whatever the request would have got', async (t) => {
  const app = await buildTestApp(t, { FAULTS: 'on' })
  loadData(app, specEnrollmentsData())
  const internal = await app.inject({ url: REPORT, headers: fault('status=500') })
  t.equal(internal.statusCode, 500)
  t.equal(internal.headers['content-type'], 'application/json; charset=utf-8')
  t.match(internal.json(), { result: 'failure', error: { type: 'InternalServerError', message: /^Internal server error \(request [\w-]+\)$/ } })
  t.same(Object.keys(internal.json().error), ['type', 'message'])

  const unavailable = await app.inject({ url: `${REPORT}?output=csv`, headers: fault('status=503') })
  t.equal(unavailable.statusCode, 503)
  t.equal(unavailable.headers['content-type'], 'application/json; charset=utf-8', 'a failure is JSON even for a CSV request')
  t.same(unavailable.json(), { result: 'failure', error: { type: 'ServiceUnavailable', message: 'Service unavailable, please try again later.' } })

  const unauthorized = await app.inject({ url: REPORT, headers: fault('status=401') })
  t.equal(unauthorized.statusCode, 401)
  const real401 = await app.inject({ url: REPORT })
  t.equal(unauthorized.body, real401.body, 'identical to a real 401')
})

t.test('status=429 looks exactly like the limiter’s answer, headers included', async (t) => {
  const app = await buildTestApp(t, { FAULTS: 'on', RATE_LIMIT_MAX: 50 })
  loadData(app, specEnrollmentsData())
  const forced = await app.inject({ url: REPORT, headers: fault('status=429') })
  t.equal(forced.statusCode, 429)
  t.same(forced.json(), { result: 'failure', error: { type: 'TooManyRequests', message: 'Too many requests, please try again later.' } })
  t.equal(forced.headers['x-ratelimit-limit'], '50')
  t.equal(forced.headers['x-ratelimit-remaining'], '0')
  t.equal(forced.headers['retry-after'], '60')
  t.ok(forced.headers['x-ratelimit-reset'])

  const off = await buildTestApp(t, { FAULTS: 'on', RATE_LIMIT_MAX: 0 })
  loadData(off, specEnrollmentsData())
  const forcedOff = await off.inject({ url: REPORT, headers: fault('status=429') })
  t.equal(forcedOff.statusCode, 429)
  t.equal(forcedOff.headers['x-ratelimit-limit'], '120', 'with limiting off, the real API’s default limit is shown')
  t.equal(forcedOff.headers['retry-after'], '60')
})

t.test('faults apply to every route of the API, and only there', async (t) => {
  const app = await buildTestApp(t, { FAULTS: 'on' })
  loadData(app, specEnrollmentsData())
  for (const url of ['/api/v1/health', '/api/v1/ondemand', '/api/v1/ondemand/6363d3d399533fd52834c620', REPORT]) {
    t.equal((await app.inject({ url, headers: fault('status=503') })).statusCode, 503, url)
  }
  t.equal((await app.inject({ url: '/healthz', headers: fault('status=503') })).statusCode, 200, 'liveness is never faulted')
})

t.test('a global fault rate: every request at rate 1, none at rate 0, a reproducible share with a seed', async (t) => {
  const app = await buildTestApp(t, { FAULTS: 'on' })
  loadData(app, specEnrollmentsData())
  t.equal(app.faults.getGlobal(), null)
  t.same(app.faults.setGlobal({ rate: 1, fault: 'STATUS=503 ;latency=0' }), { rate: 1, fault: 'latency=0; status=503', seen: 0, injected: 0 })
  for (let i = 0; i < 5; i++) t.equal((await app.inject({ url: REPORT, headers: auth })).statusCode, 503)
  t.match(app.faults.getGlobal(), { seen: 5, injected: 5 })

  t.equal((await app.inject({ url: REPORT, headers: fault('latency=0') })).statusCode, 200, 'a request’s own header wins over the global rate')

  app.faults.setGlobal({ rate: 0, fault: 'status=500' })
  for (let i = 0; i < 5; i++) t.equal((await app.inject({ url: REPORT, headers: auth })).statusCode, 200)

  const pattern = async (): Promise<number[]> => {
    app.faults.setGlobal({ rate: 0.3, fault: 'status=500', seed: 7 })
    const codes: number[] = []
    for (let i = 0; i < 100; i++) codes.push((await app.inject({ url: '/api/v1/health', headers: auth })).statusCode)
    return codes
  }
  const first = await pattern()
  const second = await pattern()
  t.same(first, second, 'the same seed faults the same requests')
  const faulted = first.filter((c) => c === 500).length
  t.ok(faulted > 15 && faulted < 45, `${faulted} of 100 at rate 0.3`)
  t.equal(app.faults.getGlobal()?.injected, faulted)

  app.faults.clearGlobal()
  t.equal(app.faults.getGlobal(), null)
  t.equal((await app.inject({ url: REPORT, headers: auth })).statusCode, 200)

  t.throws(() => app.faults.setGlobal({ rate: 1.5, fault: 'status=500' }), /rate must be between 0 and 1/)
  t.throws(() => app.faults.setGlobal({ rate: 0.5, fault: 'explode' }), /unknown directive/)
})
