import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import autocannon from 'autocannon'
import { applyMigrations } from '/work/main/src/db/migrate.ts'
import { openWriter } from '/work/main/src/db/sqlite.ts'
import { loadRecords } from '/work/main/src/data/load.ts'
import { BENCH_ORG, benchRecords, courseId } from '/work/main/scripts/bench/dataset.ts'
const file = '/tmp/prof.db'
for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true })
const db = openWriter(file); applyMigrations(db); loadRecords(db, benchRecords([{ id: courseId(1), enrollments: 50, exercises: 10, sessions: 5 }])); db.close()
fs.rmSync('/tmp/sprof', { recursive: true, force: true })
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/sprof', '--import', 'tsx', 'src/server.ts'], { cwd: '/work/main', env: { ...process.env, DATABASE_URL: 'file:' + file, PORT: '3777', LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0' }, stdio: 'inherit' })
await new Promise((r) => setTimeout(r, 3000))
const which = process.argv[2]
let n = 0
const base = `http://127.0.0.1:3777/api/v1/ondemand-courses/${courseId(1)}/reports/`
const r = await autocannon(which === 'ua'
  ? { url: base + 'user-activity', method: 'POST', connections: 20, duration: 5, headers: { authorization: `Bearer ${BENCH_ORG.id}:${BENCH_ORG.apiKey}`, 'content-type': 'application/json' }, requests: [{ setupRequest: (req: any) => ({ ...req, body: JSON.stringify({ from: new Date(Date.UTC(2025, 0, 1) + (n++) * 1000).toISOString(), to: '2027-01-01T00:00:00.000Z' }) }) }] }
  : { url: base + 'exercises?output=json', connections: 20, duration: 5, headers: { authorization: `Bearer ${BENCH_ORG.id}:${BENCH_ORG.apiKey}` } })
console.log(which, r.requests.average, 'req/s', 'p99', r.latency.p99, 'non2xx', r.non2xx)
child.kill('SIGTERM'); await once(child, 'exit')
