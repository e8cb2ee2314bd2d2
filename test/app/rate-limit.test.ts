import t from 'tap'
import { bearer, buildTestApp, loadData, TEST_NOW } from '../helper.js'
import { OTHER_ORG, SPEC_ORG, organization, specEnrollmentsData } from '../factories.js'
import { FixedWindowLimiter } from '../../src/plugins/rate-limit.js'

const REPORT = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'
const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
// TEST_NOW is 10:00:00.000 UTC, so a 60 s window aligned on the clock ends at 10:01:00.
const WINDOW_END = Date.parse(TEST_NOW) / 1000 + 60

t.test('every API answer carries the limit, what remains and the window end in epoch seconds', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: 5, RATE_LIMIT_WINDOW_SECONDS: 60 })
  loadData(app, specEnrollmentsData())
  const answers = [
    await app.inject({ url: REPORT, headers: auth }),
    await app.inject({ url: `${REPORT}?output=csv`, headers: auth }),
    await app.inject({ url: '/api/v1/ondemand-courses/nope/reports/enrollments', headers: auth }),
    await app.inject({ url: `${REPORT}?output=xml`, headers: auth }),
    await app.inject({ url: '/api/v1/health', headers: auth })
  ]
  t.same(answers.map((r) => r.statusCode), [200, 200, 404, 422, 200])
  answers.forEach((res, i) => {
    t.equal(res.headers['x-ratelimit-limit'], '5')
    t.equal(res.headers['x-ratelimit-remaining'], String(4 - i))
    t.equal(res.headers['x-ratelimit-reset'], String(WINDOW_END))
    t.notOk(res.headers['retry-after'], 'retry-after only on a 429')
  })
})

t.test('past the limit: 429, retry-after, the message in the envelope; the window end lets requests through again', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: 2 })
  // The window follows the app's clock (frozen at TEST_NOW): moving it is what ends a window.
  loadData(app, specEnrollmentsData())
  await app.inject({ url: '/api/v1/health', headers: auth })
  await app.inject({ url: '/api/v1/health', headers: auth })
  app.clock.freeze(new Date(Date.parse(TEST_NOW) + 17_500))
  const limited = await app.inject({ url: REPORT, headers: auth })
  t.equal(limited.statusCode, 429)
  t.equal(limited.headers['content-type'], 'application/json; charset=utf-8')
  t.same(limited.json(), { result: 'failure', error: { type: 'TooManyRequests', message: 'Too many requests, please try again later.' } })
  t.equal(limited.headers['retry-after'], '43', '60 s window, 17.5 s in: 42.5 s rounded up')
  t.equal(limited.headers['x-ratelimit-remaining'], '0')
  t.equal(limited.headers['x-ratelimit-limit'], '2')
  t.equal(limited.headers['x-ratelimit-reset'], String(WINDOW_END))

  app.clock.freeze(new Date((WINDOW_END) * 1000))
  const next = await app.inject({ url: REPORT, headers: auth })
  t.equal(next.statusCode, 200, 'a new window')
  t.equal(next.headers['x-ratelimit-remaining'], '1')
  t.equal(next.headers['x-ratelimit-reset'], String(WINDOW_END + 60))
})

t.test('the limit is per organisation: one organisation at its limit does not hold another back', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: 1 })
  loadData(app, [...specEnrollmentsData(), organization(OTHER_ORG)])
  t.equal((await app.inject({ url: '/api/v1/health', headers: auth })).statusCode, 200)
  t.equal((await app.inject({ url: '/api/v1/health', headers: auth })).statusCode, 429)
  const other = await app.inject({ url: '/api/v1/health', headers: bearer(OTHER_ORG.id, OTHER_ORG.apiKey) })
  t.equal(other.statusCode, 200)
  t.equal(other.headers['x-ratelimit-remaining'], '0')
})

t.test('unauthenticated requests count against the client IP: guessing keys gets 429, the organisation is untouched', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: 3 })
  loadData(app, specEnrollmentsData())
  const guesses = []
  for (let i = 0; i < 4; i++) {
    guesses.push(await app.inject({ url: REPORT, headers: bearer(SPEC_ORG.id, `wrong-key-${i}`), remoteAddress: '203.0.113.9' }))
  }
  t.same(guesses.map((r) => r.statusCode), [401, 401, 401, 429])
  t.same(guesses.map((r) => r.headers['x-ratelimit-remaining']), ['2', '1', '0', '0'])
  t.equal(guesses[0].json().error.type, 'Unauthorized', 'a 401 is still the 401 envelope, with the headers')
  const fromOtherIp = await app.inject({ url: REPORT, remoteAddress: '198.51.100.7' })
  t.equal(fromOtherIp.statusCode, 401, 'another IP has its own count')
  const owner = await app.inject({ url: REPORT, headers: auth, remoteAddress: '203.0.113.9' })
  t.equal(owner.statusCode, 200, 'the organisation counts separately from the IP its caller shares')
  t.equal(owner.headers['x-ratelimit-remaining'], '2')
})

t.test('RATE_LIMIT_BODY=text answers the bare message as text/plain, like express-rate-limit by default', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: 1, RATE_LIMIT_BODY: 'text' })
  loadData(app, specEnrollmentsData())
  await app.inject({ url: '/api/v1/health', headers: auth })
  const limited = await app.inject({ url: '/api/v1/health', headers: auth })
  t.equal(limited.statusCode, 429)
  t.equal(limited.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(limited.body, 'Too many requests, please try again later.')
  t.equal(limited.headers['retry-after'], '60')
})

t.test('RATE_LIMIT_MAX=0 turns limiting off: no headers, no 429', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: 0 })
  loadData(app, specEnrollmentsData())
  for (let i = 0; i < 200; i++) {
    const res = await app.inject({ url: '/api/v1/health', headers: auth })
    if (res.statusCode !== 200 || res.headers['x-ratelimit-limit'] !== undefined) t.fail(`request ${i}: ${res.statusCode}`)
  }
  t.pass('200 requests, all 200 without rate-limit headers')
})

t.test('the default is 120 requests a minute', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: undefined })
  t.equal(app.config.RATE_LIMIT_MAX, 120)
  t.equal(app.config.RATE_LIMIT_WINDOW_SECONDS, 60)
  loadData(app, specEnrollmentsData())
  const codes = []
  for (let i = 0; i < 121; i++) codes.push((await app.inject({ url: '/api/v1/health', headers: auth })).statusCode)
  t.equal(codes.filter((c) => c === 200).length, 120)
  t.equal(codes[120], 429)
})

t.test('routes outside the API are not limited (liveness probe)', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: 1 })
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ url: '/healthz' })
    t.equal(res.statusCode, 200)
    t.notOk(res.headers['x-ratelimit-limit'])
  }
})

t.test('FixedWindowLimiter: windows are aligned on the clock and all keys reset together', async (t) => {
  let now = 125_000
  const limiter = new FixedWindowLimiter(2, 60_000, () => now)
  t.match(limiter.hit('a'), { remaining: 1, reset: 180, retryAfter: 55, limited: false })
  t.match(limiter.hit('a'), { remaining: 0, limited: false })
  t.match(limiter.hit('a'), { remaining: 0, limited: true })
  t.match(limiter.peek('a'), { remaining: 0, limited: true }, 'peek does not count')
  t.match(limiter.hit('b'), { remaining: 1, limited: false })
  now = 179_999
  t.match(limiter.hit('a'), { limited: true, retryAfter: 1 }, 'never a retry-after of 0')
  now = 180_000
  t.match(limiter.hit('a'), { remaining: 1, reset: 240, limited: false })
})
