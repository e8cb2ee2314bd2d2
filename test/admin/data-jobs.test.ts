// The data worker's lifecycle: jobs in order, a broken worker reported (not hung), closing waits for the
// job in flight.
import path from 'node:path'
import t from 'tap'
import { DataJobs, JobFailed, JobRejected } from '../../src/admin/data-jobs.js'
import { openWriter } from '../../src/db/sqlite.js'
import { dataSummary } from '../../src/fixtures/load.js'
import { buildTestApp } from '../helper.js'

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value))
const org = (id: string) => ({ id, apiKeys: [`${id}-key`], courses: [{ id: `${id}-course`, name: 'C' }] })

t.test('jobs run one after the other, in the order they were asked for', async (t) => {
  const app = await buildTestApp(t) // migrates the database file
  const jobs = new DataJobs(app.db.file)
  t.teardown(() => jobs.close())
  const results = await Promise.all([
    jobs.run({ kind: 'fixture', format: 'json', body: encode({ organizations: [org('a')] }) }),
    jobs.run({ kind: 'fixture', format: 'json', body: encode({ organizations: [org('b')] }), organizationId: 'b' }),
    jobs.run({ kind: 'fixture', format: 'json', body: encode({ organizations: [{ id: 'bad', apiKeys: [] }] }) }).catch((error: unknown) => error),
    jobs.run({ kind: 'clear', organizationId: 'a' })
  ])
  t.match(results[0], { organizations: ['a'] })
  t.match(results[1], { organizations: ['b'] })
  t.type(results[2], JobRejected, 'an invalid fixture is rejected with its problems')
  t.match((results[2] as JobRejected).problems, [{ path: 'organizations[0].apiKeys' }])
  t.match(results[3], { removed: { id: 'a' } })
  t.same(dataSummary(app.db.writer).map((o) => o.id), ['b'])
})

t.test('a database that cannot be opened fails each job with the reason; a dead worker is replaced', async (t) => {
  const jobs = new DataJobs(path.join(t.testdir({ 'a-directory': {} }), 'a-directory'))
  t.teardown(() => jobs.close())
  for (let i = 0; i < 2; i++) {
    const error = await jobs.run({ kind: 'clear', organizationId: 'x' }).catch((e: unknown) => e)
    t.ok(error instanceof JobFailed, 'JobFailed')
    t.match(error, { code: 'SQLITE_CANTOPEN', message: /^SQLITE_CANTOPEN: unable to open database file/ })
  }
  // A worker that dies (here: terminated from outside) fails its job and is started afresh for the next.
  const app = await buildTestApp(t)
  const healthy = new DataJobs(app.db.file)
  t.teardown(() => healthy.close())
  healthy.warm()
  await (healthy as unknown as { worker: { terminate: () => Promise<number> } }).worker.terminate()
  t.match(await healthy.run({ kind: 'clear', organizationId: 'x' }), { removed: null }, 'a new worker ran the job')
})

t.test('closing the server lets a load in progress finish and commit', async (t) => {
  const token = 'close-admin-token-0000001'
  const app = await buildTestApp(t, { ADMIN_API: 'on', ADMIN_TOKEN: token })
  const enrollments = Array.from({ length: 3000 }, (_, n) => ({
    id: `e${n}`, email: 'a@x', name: 'A', workspaceId: 'w', status: 'enrolled', enrolledAt: '2024-01-01T00:00:00Z'
  }))
  const load = app.inject({
    method: 'PUT',
    url: '/__admin/fixture',
    headers: { 'x-admin-token': token, 'content-type': 'application/json' },
    payload: JSON.stringify({ organizations: [{ id: 'late', apiKeys: ['k'], courses: [{ id: 'c', name: 'C', enrollments }] }] })
  })
  await new Promise((resolve) => setTimeout(resolve, 50)) // the request is in, the job queued or running
  await app.close()
  const res = await load
  t.equal(res.statusCode, 200)
  const db = openWriter(app.db.file)
  t.teardown(() => db.close())
  t.same(dataSummary(db).map((o) => [o.id, o.enrollments]), [['late', 3000]], 'committed before the server closed')
})
