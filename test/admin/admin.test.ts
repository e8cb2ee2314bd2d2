import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { ConfigError } from '../../src/config.js'
import { bearer, buildTestApp } from '../helper.js'
import { FIXTURES } from '../fixtures/files.js'
import { DEFAULT_DEMO_API_KEY, DEFAULT_DEMO_ORG_ID } from '../../src/config.js'

const TOKEN = 'test-admin-token-0123456789'
const ADMIN = { authorization: `Bearer ${TOKEN}` }
const JSON_TYPE = { 'content-type': 'application/json' }

async function adminApp (t: Parameters<typeof buildTestApp>[0], config: Parameters<typeof buildTestApp>[1] = {}): Promise<FastifyInstance> {
  return await buildTestApp(t, { ADMIN_API: 'on', ADMIN_TOKEN: TOKEN, ...config })
}

function fixtureText (name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8')
}

async function putFixture (app: FastifyInstance, body: string | object, url = '/__admin/fixture', type = 'application/json') {
  return await app.inject({ method: 'PUT', url, headers: { ...ADMIN, 'content-type': type }, payload: typeof body === 'string' ? body : JSON.stringify(body) })
}

function org (id: string, courseId: string) {
  return {
    id,
    apiKeys: [`${id}-key-0001`],
    courses: [{ id: courseId, name: `Course of ${id}`, enrollments: [{ id: `${courseId}-e`, email: 'a@x', name: 'A', workspaceId: 'w', status: 'enrolled', enrolledAt: '2024-01-01T00:00:00Z' }] }]
  }
}

t.test('off by default: /__admin does not exist', async (t) => {
  const app = await buildTestApp(t)
  const res = await app.inject({ url: '/__admin/summary', headers: ADMIN })
  t.equal(res.statusCode, 404)
  t.same(res.json(), { result: 'failure', error: { type: 'NotFound', message: 'Route GET /__admin/summary not found' } })
})

t.test('enabling it without a proper token fails at boot', async (t) => {
  const file = `file:${path.join(t.testdir({}), 'x.db')}`
  await t.rejects(buildApp({ config: { DATABASE_URL: file, ADMIN_API: 'on' } }), new ConfigError('Invalid configuration: ADMIN_API=on requires ADMIN_TOKEN (at least 16 characters, no colon or whitespace)'))
  await t.rejects(buildApp({ config: { DATABASE_URL: file }, env: { ADMIN_API: 'on', ADMIN_TOKEN: 'short' } }), /ADMIN_TOKEN/)
  await t.rejects(buildApp({ config: { DATABASE_URL: file }, env: { ADMIN_API: 'on', ADMIN_TOKEN: 'org-id:api-key-that-is-long' } }), /ADMIN_TOKEN/)
})

t.test('the admin token, and nothing else, opens it', async (t) => {
  const app = await adminApp(t)
  t.equal((await putFixture(app, fixtureText('two-organizations.json'))).statusCode, 200)
  const cases: Array<[string, Record<string, string>, number]> = [
    ['no credentials', {}, 401],
    ['wrong token', { authorization: 'Bearer not-the-admin-token-000' }, 401],
    ['token with a different case', { authorization: `Bearer ${TOKEN.toUpperCase()}` }, 401],
    ['token prefix', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, 401],
    ['an organisation\'s valid API key', bearer('pied-piper', 'pied-piper-key-0001'), 401],
    ['Basic scheme', { authorization: `Basic ${TOKEN}` }, 401],
    ['Bearer token', { authorization: `Bearer ${TOKEN}` }, 200],
    ['bearer, lower case scheme', { authorization: `bearer ${TOKEN}` }, 200],
    ['x-admin-token', { 'x-admin-token': TOKEN }, 200]
  ]
  for (const [name, headers, status] of cases) {
    const res = await app.inject({ url: '/__admin/summary', headers })
    t.equal(res.statusCode, status, name)
    if (status === 401) {
      t.same(res.json(), { result: 'failure', error: { type: 'Unauthorized', message: 'The admin API requires the admin token (Authorization: Bearer <ADMIN_TOKEN> or x-admin-token)' } }, `${name}: envelope`)
    }
  }
  const publicWithToken = await app.inject({ url: '/api/v1/ondemand', headers: ADMIN })
  t.equal(publicWithToken.statusCode, 401, 'and the admin token opens no organisation')
})

t.test('PUT /__admin/fixture replaces all data (JSON or YAML); the summary counts it', async (t) => {
  const app = await adminApp(t)
  const loaded = await putFixture(app, fixtureText('two-organizations.json'))
  t.equal(loaded.statusCode, 200)
  t.match(loaded.json(), {
    result: 'success',
    data: { counts: { organizations: 2, courses: 2, exercises: 2, enrollments: 3, results: 1, sessions: 2 }, organizations: ['pied-piper', 'hooli'], durationMs: Number }
  })
  t.equal((await app.inject({ url: '/api/v1/ondemand/pp-course', headers: bearer('pied-piper', 'pied-piper-key-0001') })).statusCode, 200)

  const yaml = await putFixture(app, fixtureText('unfinished-learners.yaml'), '/__admin/fixture', 'application/yaml; charset=utf-8')
  t.equal(yaml.statusCode, 200)
  const summary = (await app.inject({ url: '/__admin/summary', headers: ADMIN })).json()
  t.same(summary.data.organizations, [{ id: 'acme', name: 'Acme Learning', apiKeys: 1, courses: 1, exercises: 3, enrollments: 8, results: 9, sessions: 7 }])
  t.same(summary.data.totals, { organizations: 1, courses: 1, exercises: 3, enrollments: 8, results: 9, sessions: 7 })
  t.same(summary.data.clock, { now: '2026-03-15T10:00:00.000Z', frozen: '2026-03-15T10:00:00.000Z' })
  t.equal((await app.inject({ url: '/api/v1/ondemand', headers: bearer('pied-piper', 'pied-piper-key-0001') })).statusCode, 401, 'the old data is gone')
})

t.test('an invalid fixture: 422 listing every problem with path and line, and the data stays', async (t) => {
  const app = await adminApp(t)
  await putFixture(app, fixtureText('two-organizations.json'))
  const broken = fixtureText('unfinished-learners.yaml')
    .replace('result: failure, finishedAt: 2025-03-03T14:30', 'result: failed, finishedAt: 2025-03-03T14:30')
    .replace('exerciseId: k8s-ex-3, result: success', 'exerciseId: k8s-ex-9, result: success')
  const res = await putFixture(app, broken, '/__admin/fixture', 'application/yaml')
  t.equal(res.statusCode, 422)
  t.same(res.json(), {
    result: 'failure',
    error: {
      type: 'InvalidFixture',
      message: 'The fixture is invalid (2 problems); nothing was loaded',
      errors: [
        { location: 'body', param: 'organizations[0].courses[0].enrollments[2].results[0].result', msg: 'must be one of "success", "failure"', line: 43, column: 49 },
        { location: 'body', param: 'organizations[0].courses[0].enrollments[6].results[1].exerciseId', msg: 'no exercise "k8s-ex-9" in course "course-k8s"', line: 87, column: 31 }
      ]
    }
  })
  const summary = (await app.inject({ url: '/__admin/summary', headers: ADMIN })).json()
  t.same(summary.data.organizations.map((o: any) => o.id), ['hooli', 'pied-piper'], 'the previous data is untouched')

  const syntax = await putFixture(app, '{"organizations": [')
  t.equal(syntax.statusCode, 422)
  t.match(syntax.json().error.errors, [{ param: '(root)', msg: /^not valid JSON/ }])
  const empty = await app.inject({ method: 'PUT', url: '/__admin/fixture', headers: { ...ADMIN, ...JSON_TYPE } })
  t.equal(empty.statusCode, 422)
  t.same(empty.json().error.errors, [{ location: 'body', param: '(root)', msg: 'the body is empty: send a fixture (see fixture.schema.json)' }])
  const xml = await putFixture(app, '<organizations/>', '/__admin/fixture', 'application/xml')
  t.equal(xml.statusCode, 415)
  t.equal(xml.json().result, 'failure')
})

t.test('a fixture over ADMIN_BODY_LIMIT_MB is refused with 413', async (t) => {
  const app = await adminApp(t, { ADMIN_BODY_LIMIT_MB: 1 })
  const res = await putFixture(app, JSON.stringify({ description: 'x'.repeat(1024 * 1024), organizations: [] }))
  t.equal(res.statusCode, 413)
  t.equal(res.json().error.type, 'PayloadTooLarge')
  t.equal((await putFixture(app, JSON.stringify({ description: 'x'.repeat(1000 * 1000), organizations: [] }))).statusCode, 200, 'just under the limit is fine')
})

t.test('POST /__admin/reset restores the demo seed, dated by the clock', async (t) => {
  const app = await adminApp(t, { SEED_COURSES: 2, SEED_ENROLLMENTS: 5 })
  await putFixture(app, fixtureText('empty-course.json'))
  const res = await app.inject({ method: 'POST', url: '/__admin/reset', headers: ADMIN })
  t.equal(res.statusCode, 200)
  t.match(res.json().data, { organizations: [DEFAULT_DEMO_ORG_ID, 'hooli-demo'], counts: { organizations: 2, courses: 3 } })
  const courses = await app.inject({ url: '/api/v1/ondemand', headers: bearer(DEFAULT_DEMO_ORG_ID, DEFAULT_DEMO_API_KEY) })
  t.equal(courses.json().data.length, 2)
  t.equal((await app.inject({ url: '/api/v1/ondemand', headers: bearer('acme', 'acme-key-0001') })).statusCode, 401)
  // Two resets on the same (frozen) day give the same data.
  const before = (await app.inject({ url: `/api/v1/ondemand-courses/${courses.json().data[0].id as string}/reports/enrollments?output=csv`, headers: bearer(DEFAULT_DEMO_ORG_ID, DEFAULT_DEMO_API_KEY) })).body
  await app.inject({ method: 'POST', url: '/__admin/reset', headers: ADMIN })
  const after = (await app.inject({ url: `/api/v1/ondemand-courses/${courses.json().data[0].id as string}/reports/enrollments?output=csv`, headers: bearer(DEFAULT_DEMO_ORG_ID, DEFAULT_DEMO_API_KEY) })).body
  t.equal(after, before)
})

t.test('per organisation: load and clear one without touching the others', async (t) => {
  const app = await adminApp(t)
  await putFixture(app, { organizations: [org('a', 'a-course'), org('b', 'b-course')] })
  const b = (await app.inject({ url: '/__admin/organizations/b', headers: ADMIN })).json()
  t.same(b, { result: 'success', data: { id: 'b', name: 'b', apiKeys: 1, courses: 1, exercises: 0, enrollments: 1, results: 0, sessions: 0 } })

  const replaced = await putFixture(app, { organizations: [{ ...org('a', 'a-new'), name: 'A again' }] }, '/__admin/organizations/a')
  t.equal(replaced.statusCode, 200)
  t.match(replaced.json().data, { organizations: ['a'], counts: { organizations: 1, courses: 1 } })
  t.same((await app.inject({ url: '/__admin/organizations/b', headers: ADMIN })).json(), b, 'b is untouched')
  t.equal((await app.inject({ url: '/api/v1/ondemand/a-new', headers: bearer('a', 'a-key-0001') })).statusCode, 200)
  t.equal((await app.inject({ url: '/api/v1/ondemand/a-course', headers: bearer('a', 'a-key-0001') })).statusCode, 404)

  const added = await putFixture(app, { organizations: [org('c', 'c-course')] }, '/__admin/organizations/c')
  t.equal(added.statusCode, 200, 'a new organisation')

  const wrong = await putFixture(app, { organizations: [org('x', 'x-course')] }, '/__admin/organizations/c')
  t.equal(wrong.statusCode, 422)
  t.match(wrong.json().error.errors, [{ param: 'organizations', msg: /exactly one organisation, with id "c"/ }])

  const conflict = await putFixture(app, { organizations: [org('c', 'b-course')] }, '/__admin/organizations/c')
  t.equal(conflict.statusCode, 422)
  t.same(conflict.json().error.errors.map((e: any) => `${e.param as string}: ${e.msg as string}`), [
    'organizations[0].courses[0].id: course id already used by organisation "b" (ids are unique across the server)',
    'organizations[0].courses[0].enrollments[0].id: enrollment id already used by organisation "b" (ids are unique across the server)'
  ])

  const cleared = await app.inject({ method: 'DELETE', url: '/__admin/organizations/a', headers: ADMIN })
  t.equal(cleared.statusCode, 200)
  t.same(cleared.json().data.removed, { id: 'a', name: 'A again', apiKeys: 1, courses: 1, exercises: 0, enrollments: 1, results: 0, sessions: 0 })
  t.equal((await app.inject({ url: '/api/v1/ondemand', headers: bearer('a', 'a-key-0001') })).statusCode, 401, 'its key is gone')
  const again = await app.inject({ method: 'DELETE', url: '/__admin/organizations/a', headers: ADMIN })
  t.equal(again.statusCode, 200, 'clearing is idempotent')
  t.equal(again.json().data.removed, null)
  t.equal((await app.inject({ url: '/__admin/organizations/a', headers: ADMIN })).statusCode, 404)
  const summary = (await app.inject({ url: '/__admin/summary', headers: ADMIN })).json()
  t.same(summary.data.organizations.map((o: any) => o.id), ['b', 'c'])
})

t.test('the clock: read, freeze, unfreeze', async (t) => {
  const app = await adminApp(t)
  t.same((await app.inject({ url: '/__admin/clock', headers: ADMIN })).json().data, { now: '2026-03-15T10:00:00.000Z', frozen: '2026-03-15T10:00:00.000Z' })
  const frozen = await app.inject({ method: 'PUT', url: '/__admin/clock', headers: { ...ADMIN, ...JSON_TYPE }, payload: { now: '2022-11-07T08:14:55.743Z' } })
  t.same(frozen.json(), { result: 'success', data: { now: '2022-11-07T08:14:55.743Z', frozen: '2022-11-07T08:14:55.743Z' } })
  t.equal(app.clock.now().toISOString(), '2022-11-07T08:14:55.743Z')
  const offset = await app.inject({ method: 'PUT', url: '/__admin/clock', headers: { ...ADMIN, ...JSON_TYPE }, payload: { now: '2024-01-01T02:00:00+02:00' } })
  t.equal(offset.json().data.frozen, '2024-01-01T00:00:00.000Z')
  const bad = await app.inject({ method: 'PUT', url: '/__admin/clock', headers: { ...ADMIN, ...JSON_TYPE }, payload: { now: 'tomorrow' } })
  t.equal(bad.statusCode, 422)
  t.equal(bad.json().error.errors[0].param, 'now')
  const running = await app.inject({ method: 'DELETE', url: '/__admin/clock', headers: ADMIN })
  t.equal(running.json().data.frozen, null)
  t.ok(Math.abs(Date.parse(running.json().data.now) - Date.now()) < 60_000, 'now is the wall clock again')
})
