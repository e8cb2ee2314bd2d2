import crypto from 'node:crypto'
import fs from 'node:fs'
import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'

function fingerprint (file: string): string {
  const hash = crypto.createHash('sha256')
  for (const suffix of ['', '-wal']) {
    if (fs.existsSync(file + suffix)) hash.update(fs.readFileSync(file + suffix))
  }
  return hash.digest('hex')
}

t.test('nothing is written by a read', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  app.db.writer.pragma('wal_checkpoint(TRUNCATE)')
  const before = fingerprint(app.db.file)
  const changes = app.db.writer.prepare('SELECT total_changes()').pluck()
  const changesBefore = changes.get()
  const headers = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
  const urls = [
    '/api/v1/health', '/api/v1/ondemand', '/api/v1/ondemand/6363d3d399533fd52834c620',
    '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments',
    '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments?output=csv',
    '/api/v1/ondemand-courses/nope/reports/enrollments', '/healthz'
  ]
  for (const url of urls) await app.inject({ url, headers })
  await app.inject({ url: urls[3] })
  t.equal(changes.get(), changesBefore)
  t.equal(fingerprint(app.db.file), before, 'database and WAL bytes unchanged')
})
