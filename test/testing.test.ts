// startTestServer(): a real server on a loopback port, a throwaway database, a fixture, one call.
import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { startTestServer, FixtureError } from '../src/index.js'
import { validatorFor } from './contract/openapi-validator.js'

const SPEC = { authorization: 'Bearer spec-org:spec-api-key-0001' }

t.test('a fixture file: served over HTTP, responses as documented, cleaned up on close', async (t) => {
  const server = await startTestServer({ fixture: 'fixtures/spec/exercises.json' })
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.same(server.loaded.organizations, ['spec-org'])
  t.ok(fs.existsSync(server.databaseFile))
  const validator = validatorFor(server.app.swagger() as Record<string, any>)
  for (const output of ['json', 'csv']) {
    const url = `/api/v1/ondemand-courses/eb917a943d6d0365784e8779/reports/exercises?output=${output}`
    const res = await fetch(server.url + url, { headers: SPEC })
    t.equal(res.status, 200)
    const body = await res.text()
    t.match(body, /Erlich Bachman/)
    t.same(validator.validate({ method: 'GET', url, statusCode: res.status, headers: Object.fromEntries(res.headers), body }), [], `${output} as documented`)
  }
  await server.close()
  t.notOk(fs.existsSync(path.dirname(server.databaseFile)), 'the temporary directory is gone')
  await server.close()
  await t.rejects(fetch(server.url + '/healthz'), 'the port is closed')
})

t.test('a fixture object, settings, and the admin API with a generated token', async (t) => {
  const server = await startTestServer({
    fixture: { organizations: [{ id: 'acme', apiKeys: ['acme-key-0001'], courses: [{ id: 'c1', name: 'C' }] }] },
    config: { FROZEN_NOW: '2024-05-01T00:00:00.000Z', JOURNAL_SIZE: 10 },
    admin: true
  })
  t.teardown(server.close)
  t.type(server.adminToken, 'string')
  t.equal(server.app.clock.now().toISOString(), '2024-05-01T00:00:00.000Z')
  const courses = await fetch(`${server.url}/api/v1/ondemand`, { headers: { authorization: 'Bearer acme:acme-key-0001' } })
  t.same(((await courses.json()) as { data: Array<{ id: string }> }).data.map((c) => c.id), ['c1'])
  const journal = await fetch(`${server.url}/__admin/journal`, { headers: { authorization: `Bearer ${server.adminToken as string}` } })
  t.match(await journal.json(), { result: 'success', data: [{ path: '/api/v1/ondemand', status: 200, organizationId: 'acme' }] })
})

t.test('no fixture: the demo data; an invalid fixture: a FixtureError, nothing left behind', async (t) => {
  const demo = await startTestServer()
  t.teardown(demo.close)
  t.same(demo.loaded.organizations, ['pied-piper-demo', 'hooli-demo'])
  t.ok(demo.loaded.counts.enrollments > 0)
  await t.rejects(startTestServer({ fixture: { organizations: [{ id: 'x', apiKeys: [] }] } }), FixtureError)
})
