// Run by native-lifecycle.test.ts in its own process: start, serve and close the app repeatedly, so the
// native statements it prepares become garbage and V8 collects them while the process goes on.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildApp } from '../src/app.js'
import { DEFAULT_DEMO_API_KEY, DEFAULT_DEMO_ORG_ID } from '../src/config.js'
import { seedDemoData } from '../src/data/demo.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'native-lifecycle-'))
const cycles = Number(process.argv[2] ?? 10)
try {
  for (let i = 0; i < cycles; i++) {
    const app = await buildApp({ config: { DATABASE_URL: `file:${path.join(dir, `cycle-${i}.db`)}`, FROZEN_NOW: '2026-03-15T10:00:00.000Z' } })
    await seedDemoData(app)
    const headers = { authorization: `Bearer ${DEFAULT_DEMO_ORG_ID}:${DEFAULT_DEMO_API_KEY}` }
    const courses = await app.inject({ url: '/api/v1/ondemand', headers })
    const id = (courses.json() as { data: Array<{ id: string }> }).data[0].id
    for (const output of ['json', 'csv', 'json', 'csv']) {
      const res = await app.inject({ url: `/api/v1/ondemand-courses/${id}/reports/enrollments?output=${output}`, headers })
      if (res.statusCode !== 200) throw new Error(`report ${output}: ${res.statusCode}`)
    }
    await app.close()
  }
  console.log(`${cycles} cycles`)
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
