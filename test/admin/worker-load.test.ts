// A large fixture loaded over HTTP is parsed, validated and written in a worker thread: the server keeps
// answering meanwhile, from the previous data until the load commits, then from the new data.
import t from 'tap'
import { loadFixture } from '../../src/fixtures/load.js'
import type { Fixture } from '../../src/fixtures/schema.js'
import { bearer, buildTestApp } from '../helper.js'

const TOKEN = 'worker-admin-token-000001'

function bigFixture (enrollments: number): Fixture {
  const exercises = Array.from({ length: 5 }, (_, i) => ({ id: `after-x${i}`, title: `Exercise ${i}`, type: 'exercise' as const }))
  return {
    organizations: [{
      id: 'acme',
      apiKeys: ['acme-key-0001'],
      courses: [{
        id: 'after',
        name: 'After',
        exercises,
        enrollments: Array.from({ length: enrollments }, (_, n) => {
          const start = Date.UTC(2024, 0, 1) + n * 60_000
          const iso = (ms: number): string => new Date(ms).toISOString()
          return {
            id: `e${n}`,
            email: `learner${n}@example.com`,
            name: `Learner ${n}`,
            workspaceId: `ws${n}`,
            status: 'started' as const,
            enrolledAt: iso(start),
            startedAt: iso(start + 1000),
            results: exercises.slice(0, 3).map((x, i) => ({ exerciseId: x.id, result: 'success' as const, finishedAt: iso(start + 2000 + i) })),
            sessions: [{ start: iso(start + 1000), end: iso(start + 50_000) }, { start: iso(start + 51_000), end: iso(start + 59_000) }]
          }
        })
      }]
    }]
  }
}

t.test('the server answers during a large load, old data until the commit, new data after', async (t) => {
  const app = await buildTestApp(t, { ADMIN_API: 'on', ADMIN_TOKEN: TOKEN })
  loadFixture(app.db.writer, { organizations: [{ id: 'acme', apiKeys: ['acme-key-0001'], courses: [{ id: 'before', name: 'Before' }] }] })
  app.db.touch()
  const auth = bearer('acme', 'acme-key-0001')
  const enrollments = 30_000
  const body = JSON.stringify(bigFixture(enrollments))
  t.comment(`fixture: ${(body.length / 1024 / 1024).toFixed(1)} MiB, ${enrollments} enrollments`)

  let settled = false
  const load = app.inject({ method: 'PUT', url: '/__admin/fixture', headers: { 'x-admin-token': TOKEN, 'content-type': 'application/json' }, payload: body })
    .finally(() => { settled = true })

  const seenDuringLoad: string[] = []
  while (!settled) {
    // One poll every few milliseconds, as clients would (and so the worker's reply is not starved by a
    // loop of in-process injections that never yields to I/O).
    await new Promise((resolve) => setTimeout(resolve, 5))
    const res = await app.inject({ url: '/api/v1/ondemand', headers: auth })
    if (settled) break
    seenDuringLoad.push(res.statusCode === 200 ? (res.json().data as Array<{ id: string }>).map((c) => c.id).join(',') : `status ${res.statusCode}`)
  }
  const loaded = await load
  t.equal(loaded.statusCode, 200, loaded.body.slice(0, 300))
  t.equal(loaded.json().data.counts.enrollments, enrollments)
  t.comment(`${seenDuringLoad.length} requests answered while the load ran (${String(loaded.json().data.durationMs)} ms)`)

  t.ok(seenDuringLoad.length >= 5, 'requests kept being answered while the fixture was parsed, validated and written')
  t.ok(seenDuringLoad.every((ids) => ids === 'before' || ids === 'after'), 'each answer saw the old data or the new, never a mix')
  t.equal(seenDuringLoad[0], 'before', 'the old data is served while the load is in progress')
  const after = await app.inject({ url: '/api/v1/ondemand', headers: auth })
  t.same(after.json().data.map((c: { id: string }) => c.id), ['after'])
  const report = await app.inject({ url: '/api/v1/ondemand-courses/after/reports/enrollments', headers: auth })
  t.equal(report.json().data.length, enrollments)
  t.match(report.json().data[0], { exercises_finished: 3, exercises_count: 5 })
})
