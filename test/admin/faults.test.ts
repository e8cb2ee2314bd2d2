import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'

const TOKEN = 'test-admin-token-0123456789'
const ADMIN = { authorization: `Bearer ${TOKEN}` }
const REPORT = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'
const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)

async function adminApp (t: Parameters<typeof buildTestApp>[0], faults: 'on' | 'off'): Promise<FastifyInstance> {
  const app = await buildTestApp(t, { ADMIN_API: 'on', ADMIN_TOKEN: TOKEN, FAULTS: faults })
  loadData(app, specEnrollmentsData())
  return app
}

const put = async (app: FastifyInstance, body: unknown, headers: Record<string, string> = ADMIN) =>
  await app.inject({ method: 'PUT', url: '/__admin/faults', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) })

t.test('the admin token guards it', async (t) => {
  const app = await adminApp(t, 'on')
  t.equal((await app.inject({ url: '/__admin/faults' })).statusCode, 401)
  t.equal((await put(app, { rate: 1, fault: 'status=503' }, auth)).statusCode, 401, 'an organisation key is not the admin token')
  t.equal((await app.inject({ url: REPORT, headers: auth })).statusCode, 200, 'nothing was set')
})

t.test('with FAULTS=off it can be read, not set', async (t) => {
  const app = await adminApp(t, 'off')
  t.same((await app.inject({ url: '/__admin/faults', headers: ADMIN })).json(), { result: 'success', data: { enabled: false, global: null } })
  const res = await put(app, { rate: 1, fault: 'status=503' })
  t.equal(res.statusCode, 409)
  t.same(res.json(), { result: 'failure', error: { type: 'FaultsDisabled', message: 'Fault injection is off: start the server with FAULTS=on' } })
})

t.test('set, observe, clear: a share of API requests gets the fault, the admin API never does', async (t) => {
  const app = await adminApp(t, 'on')
  const set = await put(app, { rate: 1, fault: 'STATUS=503;latency=0' })
  t.equal(set.statusCode, 200)
  t.same(set.json(), { result: 'success', data: { enabled: true, global: { rate: 1, fault: 'latency=0; status=503', seen: 0, injected: 0 } } })
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ url: REPORT, headers: auth })
    t.equal(res.statusCode, 503)
    t.equal(res.json().error.type, 'ServiceUnavailable')
  }
  t.equal((await app.inject({ url: '/__admin/summary', headers: ADMIN })).statusCode, 200, 'admin routes are outside the API scope')
  t.same((await app.inject({ url: '/__admin/faults', headers: ADMIN })).json().data.global, { rate: 1, fault: 'latency=0; status=503', seen: 3, injected: 3 })

  const cleared = await app.inject({ method: 'DELETE', url: '/__admin/faults', headers: ADMIN })
  t.same(cleared.json(), { result: 'success', data: { enabled: true, global: null } })
  t.equal((await app.inject({ url: REPORT, headers: auth })).statusCode, 200)
})

t.test('with a seed, the same requests are hit on every run', async (t) => {
  const app = await adminApp(t, 'on')
  const run = async (): Promise<number[]> => {
    t.equal((await put(app, { rate: 0.5, fault: 'status=500', seed: 1234 })).statusCode, 200)
    const codes: number[] = []
    for (let i = 0; i < 40; i++) codes.push((await app.inject({ url: '/api/v1/health', headers: auth })).statusCode)
    return codes
  }
  const first = await run()
  t.same(await run(), first)
  t.ok(first.includes(500) && first.includes(200), first.join(' '))
  t.equal((await app.inject({ url: '/__admin/faults', headers: ADMIN })).json().data.global.seed, 1234)
})

t.test('a bad fault or rate is a 422 naming it', async (t) => {
  const app = await adminApp(t, 'on')
  const badFault = await put(app, { rate: 0.5, fault: 'status=418' })
  t.equal(badFault.statusCode, 422)
  t.match(badFault.json().error.errors, [{ location: 'body', param: 'fault', msg: /status must be one of/ }])
  const badRate = await put(app, { rate: 2, fault: 'status=500' })
  t.equal(badRate.statusCode, 422)
  t.match(badRate.json().error.errors, [{ location: 'body', param: 'rate' }])
  const misspelt = await put(app, { rat: 0.5, fault: 'status=500' })
  t.equal(misspelt.statusCode, 422)
  t.match(misspelt.json().error.errors, [{ location: 'body', param: 'rate' }])
  t.equal((await app.inject({ url: '/__admin/faults', headers: ADMIN })).json().data.global, null, 'nothing was set')
})
