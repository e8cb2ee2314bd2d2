// npm run bench [-- --quick]: measures the server against its limits in ONE run (loopback only, bounded),
// so the machine's noise cancels in the ratios. Prints a table, writes bench-results/latest.json and
// bench-results/chart.svg. See README, "Performance".
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { applyMigrations } from '../src/db/migrate.js'
import { openWriter } from '../src/db/sqlite.js'
import { generateInWorker } from '../src/data/generate-parallel.js'
import { loadRecordBatches, loadRecords } from '../src/data/load.js'
import { DataWriter, rowTotal } from '../src/data/writer.js'
import type { DataRecord } from '../src/data/dataset.js'
import { BENCH_ORG, benchRecords, courseId, type BenchCourse } from './bench/dataset.js'
import { renderChart } from './bench/chart.js'

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false } } })
const QUICK = args.quick
const ROOT = path.resolve(import.meta.dirname, '..')
const OUT = path.join(ROOT, 'bench-results')
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'strigo-bench-'))
const SIZES = QUICK ? [2_000, 5_000, 10_000] : [10_000, 50_000, 100_000]
const SEED_ENROLLMENTS = QUICK ? 50_000 : 1_000_000
const RAW_ENROLLMENTS = QUICK ? 20_000 : 100_000
const LOAD_SECONDS = QUICK ? 3 : 8
const AUTH = `Bearer ${BENCH_ORG.id}:${BENCH_ORG.apiKey}`
const SMALL: BenchCourse = { id: courseId(1), enrollments: 50, exercises: 10, sessions: 5 }
const LARGE: BenchCourse[] = SIZES.map((n, i) => ({ id: courseId(100 + i), enrollments: n, exercises: 10, sessions: 5 }))
const WINDOW = { from: '2025-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' }
const deadline = Date.now() + 10 * 60_000

function log (message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
  if (Date.now() > deadline) throw new Error('bench exceeded its 10-minute budget')
}

// ---------- processes ----------

function peakRssMiB (pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

/** Resets the kernel's peak-RSS mark of a process to its current RSS (Linux `clear_refs` 5). */
function resetPeak (pid: number): void {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5')
}

async function freePort (): Promise<number> {
  const server = http.createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as { port: number }).port
  server.close()
  return port
}

interface Server { url: string, child: ChildProcess, stop: () => Promise<number | null> }

async function waitForHealth (url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    const ok = await new Promise<boolean>((resolve) => {
      http.get(`${url}/healthz`, (res) => { res.resume(); resolve(res.statusCode === 200) }).on('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('server did not become healthy')
}

async function startServer (dbFile: string, command: string[] = [process.execPath, '--import', 'tsx', 'src/server.ts']): Promise<Server> {
  const port = await freePort()
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${dbFile}`, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0' },
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const url = `http://127.0.0.1:${port}`
  await waitForHealth(url, child)
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const [code] = await once(child, 'exit') as [number | null]
      return code
    }
  }
}

async function runNode (script: string, argv: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (c) => { out += c })
  const [code] = await once(child, 'exit') as [number | null]
  if (code !== 0) throw new Error(`${script} exited with ${code}`)
  return out
}

// ---------- HTTP measurements ----------

interface Download { status: number, bytes: number, rows: number, ms: number, firstByteMs: number }

/** Downloads a report to nowhere, counting rows by a marker that occurs once per row. */
async function download (url: string, options: { method?: string, body?: string, accept?: string, rowMarker: string }): Promise<Download> {
  const started = performance.now()
  return await new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: options.method ?? 'GET',
      headers: { authorization: AUTH, accept: options.accept ?? '*/*', ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) }
    }, (res) => {
      let firstByteMs = -1
      let bytes = 0
      let rows = 0
      let tail = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - started
        bytes += Buffer.byteLength(chunk)
        const text = tail + chunk
        let at = text.indexOf(options.rowMarker)
        while (at !== -1) { rows++; at = text.indexOf(options.rowMarker, at + options.rowMarker.length) }
        tail = text.slice(Math.max(0, text.length - options.rowMarker.length + 1))
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, rows, ms: performance.now() - started, firstByteMs }))
      res.on('error', reject)
    })
    request.on('error', reject)
    request.end(options.body)
  })
}

interface Load { reqPerSec: number, p50: number, p99: number, errors: number, non2xx: number }

async function load (options: autocannon.Options): Promise<Load> {
  const result = await autocannon({ connections: 50, duration: LOAD_SECONDS, ...options })
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx
  }
}

// ---------- data sets ----------

function freshDatabase (name: string): string {
  const file = path.join(TMP, name)
  const db = openWriter(file)
  applyMigrations(db)
  db.close()
  return file
}

function loadInto (file: string, records: Iterable<DataRecord>): void {
  const db = openWriter(file)
  try {
    loadRecords(db, records, { replace: true })
    db.pragma('wal_checkpoint(TRUNCATE)')
  } finally { db.close() }
}

// ---------- the run ----------

const figures: Record<string, unknown> = { startedAt: new Date().toISOString(), quick: QUICK, node: process.version, cpus: os.cpus().length }

async function benchSeeding (): Promise<void> {
  log(`seeding: raw insert limit (${RAW_ENROLLMENTS} complete enrollments, values prepared in advance)`)
  const rawFile = freshDatabase('raw.db')
  const prepared = [...benchRecords([{ id: courseId(9), enrollments: RAW_ENROLLMENTS, exercises: 10, sessions: 5 }])]
  let db = openWriter(rawFile)
  const writer = new DataWriter(db)
  let started = performance.now()
  db.transaction(() => { for (const record of prepared) writer.write(record) })()
  const rawSeconds = (performance.now() - started) / 1000
  const rawRows = rowTotal(writer.counts)
  db.close()
  prepared.length = 0

  log(`seeding: the seeder as \`npm run seed\` runs it, ${SEED_ENROLLMENTS} enrollments x 10 exercises x 5 sessions (faker in a worker thread, one transaction)`)
  const seedFile = freshDatabase('seed.db')
  db = openWriter(seedFile)
  started = performance.now()
  const counts = await loadRecordBatches(db, generateInWorker({
    seed: 1, courses: 1, enrollments: SEED_ENROLLMENTS, exercises: 10, sessions: 5,
    reference: new Date('2026-06-01T00:00:00Z'), demoOrgId: 'bench-seed', demoApiKey: 'bench-seed-key'
  }), { progressEvery: 100_000, onProgress: (c) => log(`  ${c.enrollments} enrollments`) })
  const seedSeconds = (performance.now() - started) / 1000
  db.close()
  fs.rmSync(seedFile, { force: true }); fs.rmSync(seedFile + '-wal', { force: true })
  figures.seeding = {
    rawRowsPerSec: rawRows / rawSeconds,
    rawRows,
    seederRowsPerSec: rowTotal(counts) / seedSeconds,
    seederRows: rowTotal(counts),
    seederSeconds: seedSeconds,
    ratio: (rowTotal(counts) / seedSeconds) / (rawRows / rawSeconds)
  }
}

interface LargeFigure { report: string, size: number, rowsPerSec: number, firstByteMs: number, peakRssMiB: number, rows: number, ms: number }

async function benchLarge (dbFile: string): Promise<void> {
  const limit: Array<{ size: number, mode: string, rowsPerSec: number, peakRssMiB: number, ms: number, firstByteMs: number | null }> = []
  for (const course of LARGE) {
    for (const mode of course === LARGE[LARGE.length - 1] ? ['csv', 'json'] : ['csv']) {
      log(`data-layer limit: ${mode}, ${course.enrollments} enrollments`)
      const out = JSON.parse(await runNode('scripts/bench/data-layer.ts', [dbFile, course.id, mode]))
      if (out.rows !== course.enrollments) throw new Error(`data-layer limit produced ${out.rows} rows`)
      limit.push({ size: course.enrollments, mode, rowsPerSec: out.rows / (out.ms / 1000), peakRssMiB: out.peakRssMiB, ms: out.ms, firstByteMs: out.firstByteMs })
    }
  }
  figures.dataLayerLimit = limit

  const server = await startServer(dbFile)
  const pid = server.child.pid as number
  const reports: Array<{ report: string, path: string, method?: string, body?: string, marker: string }> = [
    { report: 'enrollments CSV', path: 'reports/enrollments?output=csv', marker: '\n' },
    { report: 'enrollments JSON', path: 'reports/enrollments?output=json', marker: '"enrollment_id"' },
    { report: 'exercises CSV', path: 'reports/exercises?output=csv', marker: '\n' },
    { report: 'exercises JSON', path: 'reports/exercises?output=json', marker: '"enrollment_id"' },
    { report: 'user-activity JSON', path: 'reports/user-activity', method: 'POST', body: JSON.stringify(WINDOW), marker: '"enrollmentId"' }
  ]
  const large: LargeFigure[] = []
  try {
    for (const course of LARGE) {
      for (const r of reports) {
        resetPeak(pid)
        const d = await download(`${server.url}/api/v1/ondemand-courses/${course.id}/${r.path}`, { method: r.method, body: r.body, rowMarker: r.marker })
        const rows = r.marker === '\n' ? d.rows - 1 : d.rows
        if (d.status !== 200 || rows !== course.enrollments) throw new Error(`${r.report} at ${course.enrollments}: status ${d.status}, ${rows} rows`)
        large.push({ report: r.report, size: course.enrollments, rowsPerSec: rows / (d.ms / 1000), firstByteMs: d.firstByteMs, peakRssMiB: peakRssMiB(pid), rows, ms: d.ms })
        log(`  ${r.report} ${course.enrollments}: ${Math.round(rows / (d.ms / 1000))} rows/s, first byte ${d.firstByteMs.toFixed(1)} ms, peak ${peakRssMiB(pid).toFixed(0)} MiB`)
      }
    }

    log('fairness: two large CSV downloads while small reports run at 10 connections')
    const biggest = LARGE[LARGE.length - 1]
    const downloads = [0, 1].map(async () => await download(`${server.url}/api/v1/ondemand-courses/${biggest.id}/reports/exercises?output=csv`, { rowMarker: '\n' }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const during = await load({
      url: `${server.url}/api/v1/ondemand-courses/${SMALL.id}/reports/enrollments?output=json`,
      headers: { authorization: AUTH },
      connections: 10,
      duration: QUICK ? 2 : 4
    })
    const finished = await Promise.all(downloads)
    figures.fairness = { ...during, downloadsStillRunningAtEnd: finished.every((d) => d.ms > (QUICK ? 2000 : 4000)), downloadMs: finished.map((d) => d.ms) }
  } finally {
    figures.serverExitCode = await server.stop()
  }
  figures.large = large
}

async function benchSmall (dbFile: string): Promise<void> {
  const server = await startServer(dbFile)
  const base = `${server.url}/api/v1/ondemand-courses/${SMALL.id}`
  const routes: Array<{ name: string, method: 'GET' | 'POST', url: string }> = [
    { name: 'enrollments JSON', method: 'GET', url: `${base}/reports/enrollments?output=json` },
    { name: 'enrollments CSV', method: 'GET', url: `${base}/reports/enrollments?output=csv` },
    { name: 'exercises JSON', method: 'GET', url: `${base}/reports/exercises?output=json` },
    { name: 'exercises CSV', method: 'GET', url: `${base}/reports/exercises?output=csv` },
    { name: 'user-activity JSON (a new window each request)', method: 'POST', url: `${base}/reports/user-activity` }
  ]
  const captures: Array<{ method: string, url: string, contentType: string, body: string }> = []
  for (const route of routes) {
    const body = route.method === 'POST' ? JSON.stringify(WINDOW) : undefined
    const res = await fetch(route.url, { method: route.method, headers: { authorization: AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body })
    if (res.status !== 200) throw new Error(`${route.name}: ${res.status}`)
    captures.push({ method: route.method, url: new URL(route.url).pathname + new URL(route.url).search, contentType: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()).toString('base64') })
  }
  const capturesFile = path.join(TMP, 'captures.json')
  fs.writeFileSync(capturesFile, JSON.stringify(captures))
  const ceilingPort = await freePort()
  const ceiling = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/ceiling.ts', capturesFile, String(ceilingPort)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  await once(ceiling.stdout, 'data')
  const small = []
  try {
    let windowSerial = 0
    for (const route of routes) {
      const path = new URL(route.url).pathname + new URL(route.url).search
      const isPost = route.method === 'POST'
      const common = { method: route.method, headers: { authorization: AUTH, 'content-type': 'application/json' } }
      log(`small: ${route.name}: ceiling`)
      const limit = await load({ ...common, url: `http://127.0.0.1:${ceilingPort}${path}`, body: isPost ? JSON.stringify(WINDOW) : undefined })
      log(`small: ${route.name}: ours`)
      const ours = await load({
        ...common,
        url: route.url,
        // A different window for every POST, so no response can be reused.
        requests: isPost
          ? [{ setupRequest: (req: any) => ({ ...req, body: JSON.stringify({ from: new Date(Date.UTC(2025, 0, 1) + (windowSerial++ % 500_000) * 1000).toISOString(), to: WINDOW.to }) }) }]
          : undefined
      })
      small.push({ route: route.name, ceiling: limit, ours, ratio: ours.reqPerSec / limit.reqPerSec })
    }
  } finally {
    ceiling.kill('SIGTERM')
    await server.stop()
  }
  figures.small = small
}

async function benchStartup (dbFile: string): Promise<void> {
  // An untimed first start: compiles dist/ if the sources changed since the last build.
  await (await startServer(dbFile, ['npm', 'start', '--silent'])).stop()
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    const server = await startServer(dbFile, ['npm', 'start', '--silent'])
    times.push(performance.now() - started)
    await server.stop()
  }
  times.sort((a, b) => a - b)
  figures.startup = { npmStartMs: times, medianMs: times[1] }
}

async function main (): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true })
  log(`temp dir ${TMP}${QUICK ? ' (quick run: smaller sizes, shorter loads)' : ''}`)

  log(`preparing the report data set: a small course (50 x 10 x 5) and courses of ${SIZES.join(', ')} enrollments x 10 exercises x 5 sessions`)
  const reportsDb = freshDatabase('reports.db')
  loadInto(reportsDb, benchRecords([SMALL, ...LARGE]))

  await benchSmall(reportsDb)
  await benchLarge(reportsDb)
  await benchStartup(reportsDb)
  await benchSeeding()

  figures.finishedAt = new Date().toISOString()
  fs.writeFileSync(path.join(OUT, QUICK ? 'quick.json' : 'latest.json'), JSON.stringify(figures, null, 2) + '\n')
  fs.writeFileSync(path.join(OUT, QUICK ? 'quick-chart.svg' : 'chart.svg'), renderChart(figures))
  console.log(table(figures))
  fs.rmSync(TMP, { recursive: true, force: true })
}

function table (f: Record<string, any>): string {
  const lines: string[] = []
  const pct = (x: number): string => `${(x * 100).toFixed(0)} %`
  const n = (x: number): string => Math.round(x).toLocaleString('en-US')
  lines.push('| small reports, 50 connections | ceiling req/s | ours req/s | ratio | target | p99 ms | errors |', '| --- | --: | --: | --: | --: | --: | --: |')
  for (const s of f.small) {
    const target = s.route.startsWith('user-activity') ? 0.15 : 0.5
    lines.push(`| ${s.route} | ${n(s.ceiling.reqPerSec)} | ${n(s.ours.reqPerSec)} | ${pct(s.ratio)} | ≥ ${pct(target)} | ${s.ours.p99} | ${s.ours.errors + s.ours.non2xx} |`)
  }
  const limitCsv = (size: number): any => f.dataLayerLimit.find((l: any) => l.size === size && l.mode === 'csv')
  lines.push('', '| large reports | enrollments | rows/s | vs data-layer limit | first byte ms | peak RSS MiB | limit CSV peak MiB |', '| --- | --: | --: | --: | --: | --: | --: |')
  for (const l of f.large) {
    const limit = limitCsv(l.size)
    lines.push(`| ${l.report} | ${n(l.size)} | ${n(l.rowsPerSec)} | ${pct(l.rowsPerSec / limit.rowsPerSec)} | ${l.firstByteMs.toFixed(1)} | ${l.peakRssMiB.toFixed(0)} | ${limit.peakRssMiB.toFixed(0)} |`)
  }
  for (const l of f.dataLayerLimit) lines.push(`| data-layer limit (${l.mode}) | ${n(l.size)} | ${n(l.rowsPerSec)} | | ${l.firstByteMs?.toFixed(1) ?? ''} | ${l.peakRssMiB.toFixed(0)} | |`)
  lines.push('', `fairness: small-report p99 ${f.fairness.p99} ms (p50 ${f.fairness.p50} ms, ${n(f.fairness.reqPerSec)} req/s, errors ${f.fairness.errors + f.fairness.non2xx}) during two large CSV downloads (${f.fairness.downloadMs.map((x: number) => (x / 1000).toFixed(1) + ' s').join(', ')}); target < 50 ms`)
  lines.push(`seeding: ${n(f.seeding.seederRowsPerSec)} rows/s (${n(f.seeding.seederRows)} rows in ${f.seeding.seederSeconds.toFixed(1)} s) vs raw insert ${n(f.seeding.rawRowsPerSec)} rows/s: ${pct(f.seeding.ratio)}; target ≥ 50 %`)
  lines.push(`start-up (npm start, existing database): median ${n(f.startup.medianMs)} ms of ${f.startup.npmStartMs.map(n).join(', ')}; target < 1,500 ms`)
  return lines.join('\n')
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
