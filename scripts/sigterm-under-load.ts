// npm run sigterm-under-load: starts src/server.ts as a child process on a throwaway database, puts load
// on it (keep-alive loops on reports, plus requests slowed down on purpose so they are surely in flight),
// sends SIGTERM mid-flight and checks: every request the server was answering at the signal (its response
// had begun) completes whole; new connections are refused; requests arriving on kept-alive connections get
// the 503 envelope; the process exits 0; the WAL has been folded back; `PRAGMA integrity_check` is ok and
// the data is intact. Loopback only, bounded (well under a minute). Exit code 0 when every check holds.
//
// "In flight" is judged by the response having begun before the signal, not by when the client sent the
// request: on a busy machine a request can sit in the kernel's accept queue, and the server never had it.
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import Database from 'better-sqlite3'
import { LOAD_AUTH, loadRecordsFor } from './hardening/dataset.js'
import { integrityCheck, log as logAs, prepareDatabase, startServer } from './hardening/server-process.js'

const log = (message: string): void => logAs('sigterm', message)
const COURSE = { id: 'sigterm-course', enrollments: 2000, exercises: 8 }
const LOOPS = 16
const SLOW_REQUESTS = 8
const SLOW_MS = 3000
const hardStop = setTimeout(() => { console.error('FAIL: the script exceeded 90 s'); process.exit(2) }, 90_000)

interface Outcome {
  kind: 'loop' | 'slow'
  path: string
  sentAt: number
  /** When the response headers arrived. */
  headersAt?: number
  endedAt?: number
  status?: number
  bytes: number
  complete: boolean
  error?: string
  /** The body of a non-200 answer. */
  body?: string
}

const { dir, file } = prepareDatabase('sigterm', loadRecordsFor([COURSE], 'Sigterm'))
const PATHS = [
  `/api/v1/ondemand-courses/${COURSE.id}/reports/enrollments?output=csv`,
  `/api/v1/ondemand-courses/${COURSE.id}/reports/enrollments?output=json`,
  `/api/v1/ondemand-courses/${COURSE.id}/reports/exercises?output=csv`
]
const t0 = performance.now()
const now = (): number => performance.now() - t0
const outcomes: Outcome[] = []

async function request (agent: http.Agent | false, port: number, path: string, headers: Record<string, string>, kind: Outcome['kind']): Promise<Outcome> {
  const outcome: Outcome = { kind, path, sentAt: now(), bytes: 0, complete: false }
  outcomes.push(outcome)
  return await new Promise((resolve) => {
    const parts: Buffer[] = []
    const fail = (error: NodeJS.ErrnoException): void => { outcome.error = error.code ?? error.message; outcome.endedAt = now(); resolve(outcome) }
    const req = http.get({ host: '127.0.0.1', port, path, headers: { authorization: LOAD_AUTH, ...headers }, agent }, (res) => {
      outcome.status = res.statusCode
      outcome.headersAt = now()
      res.on('data', (chunk: Buffer) => { outcome.bytes += chunk.length; if (res.statusCode !== 200) parts.push(chunk) })
      res.on('end', () => { outcome.complete = true; outcome.endedAt = now(); outcome.body = Buffer.concat(parts).toString('utf8'); resolve(outcome) })
      res.on('error', fail)
    })
    req.on('error', fail)
    req.setTimeout(30_000, () => req.destroy(new Error('client timeout')))
  })
}

async function tryConnect (port: number): Promise<string> {
  return await new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve('connected') })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })
}

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

async function main (): Promise<boolean> {
  const server = await startServer(file, { RATE_LIMIT_MAX: '0', FAULTS: 'on', LOG_LEVEL: 'info' })
  const port = server.port
  log(`server pid ${server.child.pid} on ${server.url}; ${COURSE.enrollments} learners, ${LOOPS} keep-alive loops, ${SLOW_REQUESTS} requests slowed to ${SLOW_MS} ms`)

  // The whole size of each report, to tell a complete body from a cut one.
  const expectedBytes = new Map<string, number>()
  for (const path of PATHS) {
    const reference = await request(false, port, path, {}, 'loop')
    if (reference.status !== 200 || !reference.complete) throw new Error(`reference ${path}: ${reference.status}`)
    expectedBytes.set(path, reference.bytes)
  }
  outcomes.length = 0

  let signalledAt = Number.POSITIVE_INFINITY
  const agent = new http.Agent({ keepAlive: true, maxSockets: LOOPS })
  const loops = Array.from({ length: LOOPS }, async (_, i) => {
    // Each loop keeps one connection busy until the server stops answering on it.
    for (let n = 0; ; n++) {
      const outcome = await request(agent, port, PATHS[(i + n) % PATHS.length], {}, 'loop')
      if (outcome.sentAt > signalledAt && (outcome.error !== undefined || outcome.status !== 200)) return
      if (now() > signalledAt + 10_000) return
    }
  })
  const slow = Array.from({ length: SLOW_REQUESTS }, async (_, i) => {
    await request(false, port, PATHS[i % PATHS.length], { 'x-strigo-fault': `slow=${SLOW_MS}` }, 'slow')
  })

  // The signal comes once every slowed response has begun (the server surely has them), loops running.
  const slowBegun = (): number => outcomes.filter((o) => o.kind === 'slow' && o.headersAt !== undefined).length
  const until = now() + 20_000
  while (slowBegun() < SLOW_REQUESTS && now() < until) await sleep(10)
  await sleep(300)
  signalledAt = now()
  server.child.kill('SIGTERM')
  log(`SIGTERM at ${Math.round(signalledAt)} ms: ${slowBegun()}/${SLOW_REQUESTS} slowed responses begun, ` +
    `${outcomes.filter((o) => o.endedAt !== undefined).length} requests answered so far`)

  const signalledWallClock = Date.now()
  // New connections while the in-flight requests are still being served. A busy server handles the signal
  // a little late, so the first attempts may still get in; once one is refused, all must be.
  const connects: string[] = []
  for (let i = 0; i < 12; i++) {
    await sleep(100)
    connects.push(await tryConnect(port))
  }
  const { code, signal } = await server.exited
  const exitedAt = now()
  await Promise.all([...loops, ...slow])
  agent.destroy()

  // ---- verdicts ----
  const whole = (o: Outcome): boolean => o.status === 200 && o.complete && o.bytes === expectedBytes.get(o.path)
  const checks: Array<[string, boolean, string]> = []
  const inFlight = outcomes.filter((o) => o.headersAt !== undefined && o.headersAt < signalledAt)
  const unfinished = inFlight.filter((o) => o.endedAt === undefined || o.endedAt > signalledAt)
  checks.push(['every response begun before SIGTERM completed, 200 with the whole body', inFlight.every(whole),
    `${inFlight.filter(whole).length}/${inFlight.length}, of which ${unfinished.length} were still being sent at the signal ` +
    `(${unfinished.filter((o) => o.kind === 'slow').length} slowed ones)`])
  const slowOnes = outcomes.filter((o) => o.kind === 'slow')
  checks.push(['the slowed requests were mid-body at the signal and still finished', slowOnes.length === SLOW_REQUESTS &&
    slowOnes.every((o) => whole(o) && (o.endedAt ?? 0) > signalledAt),
    slowOnes.map((o) => `${o.status ?? o.error}${whole(o) ? '' : ' (cut)'} ended ${Math.round((o.endedAt ?? 0) - signalledAt)} ms after`).join(', ')])
  const firstRefused = connects.indexOf('ECONNREFUSED')
  const closingLine = server.output().split('\n').find((l) => l.includes('closing: finishing in-flight requests'))
  const handledAfter = closingLine !== undefined ? (JSON.parse(closingLine) as { time: number }).time - signalledWallClock : Number.NaN
  checks.push(['new connections are refused once the server handles the signal', firstRefused !== -1 &&
    connects.slice(firstRefused).every((c) => c === 'ECONNREFUSED') && connects.length - firstRefused >= 5,
    `signal handled ${handledAfter} ms after it was sent; attempts every 100 ms: ${connects.map((c) => c === 'ECONNREFUSED' ? 'refused' : c).join(', ')}`])
  const rest = outcomes.filter((o) => !inFlight.includes(o))
  const envelope503 = rest.filter((o) => o.status === 503 && o.complete && /"type":"ServiceUnavailable"/.test(o.body ?? ''))
  const late200 = rest.filter(whole)
  const closed = rest.filter((o) => o.error !== undefined && o.status === undefined)
  const other = rest.length - envelope503.length - late200.length - closed.length
  checks.push(['requests the server did not have yet: a whole 200, the 503 envelope or a closed connection, nothing else', other === 0,
    `${late200.length} whole 200s, ${envelope503.length} 503 envelopes, ${closed.length} closed (${[...new Set(closed.map((o) => o.error))].join('/') || '-'}), ${other} other`])
  checks.push(['the process exits 0 of its own accord', code === 0 && signal === null, `code ${code}, signal ${signal}, ${Math.round(exitedAt - signalledAt)} ms after SIGTERM`])
  checks.push(['it logged the graceful close', /closing: finishing in-flight requests/.test(server.output()), ''])
  const wal = `${file}-wal`
  const walBytes = fs.existsSync(wal) ? fs.statSync(wal).size : 0
  checks.push(['the database was closed cleanly (WAL folded back)', walBytes === 0, `WAL ${walBytes} bytes`])
  const integrity = integrityCheck(file)
  checks.push(['PRAGMA integrity_check', integrity === 'ok', integrity])
  const db = new Database(file, { readonly: true })
  const learners = db.prepare('SELECT count(*) FROM enrollments').pluck().get() as number
  db.close()
  checks.push(['the data is intact', learners === COURSE.enrollments, `${learners} enrollments`])

  console.log(`load: ${outcomes.length} requests, ${inFlight.length} with a response begun before the signal`)
  for (const [name, ok, detail] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail !== '' ? `: ${detail}` : ''}`)
  const passed = checks.every(([, ok]) => ok)
  if (!passed) console.log(server.output().split('\n').filter((l) => !/"incoming request"|"request completed"/.test(l)).slice(-30).join('\n'))
  return passed
}

main().then((passed) => {
  fs.rmSync(dir, { recursive: true, force: true })
  clearTimeout(hardStop)
  process.exitCode = passed ? 0 : 1
}, (error: unknown) => {
  console.error(error)
  process.exitCode = 1
  clearTimeout(hardStop)
})
