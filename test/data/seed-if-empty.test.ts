// What a server starting on an empty database loads: the demo data, or the SEED_FIXTURE file instead.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { seedIfEmpty } from '../../src/data/demo.js'
import { dataSummary } from '../../src/fixtures/load.js'

const FIXTURE = path.resolve('fixtures/two-organizations.json')

t.test('an empty database gets the demo data, once', async (t) => {
  const app = await buildTestApp(t)
  const first = await seedIfEmpty(app)
  t.equal(first?.source, 'demo data')
  t.same(dataSummary(app.db.writer).map((o) => o.id).sort(), ['hooli-demo', 'pied-piper-demo'])
  t.equal(await seedIfEmpty(app), undefined, 'a database that holds data is left alone')
})

t.test('SEED_FIXTURE loads that fixture instead', async (t) => {
  const app = await buildTestApp(t, { SEED_FIXTURE: FIXTURE })
  const seeded = await seedIfEmpty(app)
  t.equal(seeded?.source, `fixture ${FIXTURE}`)
  t.same(dataSummary(app.db.writer).map((o) => o.id).sort(), ['hooli', 'pied-piper'])
})

t.test('an invalid SEED_FIXTURE fails with its problems and writes nothing', async (t) => {
  // Not in t.testdir(): buildTestApp makes that folder anew for its database.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-fixture-'))
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }))
  fs.writeFileSync(path.join(dir, 'bad.json'), '{"organizations": [{"id": 1}]}')
  const app = await buildTestApp(t, { SEED_FIXTURE: path.join(dir, 'bad.json') })
  await t.rejects(seedIfEmpty(app), { name: 'FixtureError' })
  t.same(dataSummary(app.db.writer), [])
})
