// npm run sigkill-during-load: SIGKILL the server in the middle of a fixture load (admin API, one
// transaction in a worker thread), restart it on the same database, and check that the previous data is
// intact: `PRAGMA integrity_check` ok, every report shows the old data whole, the ballast course of the
// interrupted load does not exist, and a later load still works. The kill lands at several points of the
// load (parsing, writing, committing): a first, uninterrupted load of the same fixture measures how long
// it takes, then each round kills at a share of that time, and one round kills as soon as the write-ahead
// log starts to grow (the commit being written). Loopback only, bounded. Exit code 0 when every round holds.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { integrityCheck, log as logAs, startServer, type ServerProcess } from './hardening/server-process.js'
import { GEN_ORG, GEN_REPORTS, generationFixture, generationOf } from '../test/support/generations.js'

const { values: args } = parseArgs({ options: { ballast: { type: 'string', default: '40000' } } })
const BALLAST = Number(args.ballast)
const TOKEN = 'sigkill-admin-token-0123456789'
const ENV = { ADMIN_API: 'on', ADMIN_TOKEN: TOKEN, RATE_LIMIT_MAX: '0', LOG_LEVEL: 'warn' }
const SHARES = [0.1, 0.3, 0.5, 0.7, 0.85]
const log = (message: string): void => logAs('sigkill', message)
const hardStop = setTimeout(() => { console.error('FAIL: the script exceeded 5 minutes'); process.exit(2) }, 5 * 60_000)
const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

interface Answer { status: number, body: string }

async function call (server: ServerProcess, method: string, url: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return await new Promise((resolve, reject) => {
    const req = http.request(server.url + url, { method, headers }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (chunk: Buffer) => parts.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

const admin = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
const putFixture = async (server: ServerProcess, fixture: string): Promise<Answer> => await call(server, 'PUT', '/__admin/fixture', admin, fixture)

/** Every report of the course, and which generation each shows (or what is wrong with it). */
async function generations (server: ServerProcess): Promise<string[]> {
  const auth = { authorization: `Bearer ${GEN_ORG.id}:${GEN_ORG.apiKey}`, 'content-type': 'application/json' }
  const seen: string[] = []
  for (const report of GEN_REPORTS) {
    const res = await call(server, report.method, report.url, auth, 'body' in report ? report.body : undefined)
    seen.push(res.status === 200 ? generationOf(res.body) : `${report.name}: ${res.status}`)
  }
  const ballast = await call(server, 'GET', '/api/v1/ondemand/ballast', auth)
  seen.push(ballast.status === 404 ? 'no ballast' : ballast.status === 200 ? 'ballast' : `ballast: ${ballast.status}`)
  return seen
}

const walBytes = (file: string): number => fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0

async function main (): Promise<boolean> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strigo-sigkill-'))
  const file = path.join(dir, 'reports.db')
  const bigFixture = generationFixture('new', BALLAST)
  const oldFixture = generationFixture('old')
  log(`fixture of ${BALLAST + 3} learners, ${(bigFixture.length / 1e6).toFixed(1)} MB of JSON; database ${file}`)
  let passed = true
  try {
    // Calibration: the whole load, uninterrupted.
    let server = await startServer(file, ENV)
    if ((await putFixture(server, oldFixture)).status !== 200) throw new Error('could not load the old fixture')
    let started = performance.now()
    const full = await putFixture(server, bigFixture)
    const loadMs = performance.now() - started
    if (full.status !== 200) throw new Error(`the full load failed: ${full.status} ${full.body.slice(0, 300)}`)
    const afterFull = await generations(server)
    log(`an uninterrupted load takes ${Math.round(loadMs)} ms and gives: ${afterFull.join(', ')}`)
    if (!afterFull.slice(0, GEN_REPORTS.length).every((g) => g === 'new') || afterFull.at(-1) !== 'ballast') throw new Error('the full load did not give the new data')
    if ((await putFixture(server, oldFixture)).status !== 200) throw new Error('could not reload the old fixture')
    const before = await generations(server)

    const rounds: Array<{ label: string, delay?: number }> = [...SHARES.map((share) => ({ label: `${Math.round(share * 100)} % of the load time`, delay: share * loadMs })), { label: 'as the WAL grows (commit)' }]
    for (const round of rounds) {
      const walAtStart = walBytes(file)
      started = performance.now()
      let answered: Answer | Error | undefined
      putFixture(server, bigFixture).then((a) => { answered = a }, (e: Error) => { answered = e })
      if (round.delay !== undefined) {
        await sleep(round.delay)
      } else {
        const until = performance.now() + loadMs * 3
        while (walBytes(file) <= walAtStart + 64 * 1024 && answered === undefined && performance.now() < until) await sleep(2)
      }
      const killedAt = performance.now() - started
      const walAtKill = walBytes(file)
      const answeredBeforeKill = answered !== undefined && !(answered instanceof Error)
      server.child.kill('SIGKILL')
      const exit = await server.exited
      await sleep(50)
      const integrity = integrityCheck(file)
      server = await startServer(file, ENV)
      const after = await generations(server)
      const old = after.every((g, i) => g === before[i])
      const whole = old || (after.slice(0, GEN_REPORTS.length).every((g) => g === 'new') && after.at(-1) === 'ballast')
      // Killed before the load answered: the old data must be there. (A kill that lands after the commit but
      // before the answer may leave the new data, whole: only in the WAL round, where the kill aims at the commit.)
      const ok = exit.signal === 'SIGKILL' && integrity === 'ok' && !answeredBeforeKill && (old || (round.delay === undefined && whole))
      passed &&= ok
      console.log(`${ok ? 'PASS' : 'FAIL'}  SIGKILL at ${Math.round(killedAt)} ms (${round.label}; WAL ${(walAtKill / 1e6).toFixed(1)} MB): ` +
        `integrity_check ${integrity}; after restart ${old ? 'the previous data, intact' : `${after.join(', ')}`}`)
      if (!old && whole) {
        // The commit made it: put the old data back for the next round.
        await putFixture(server, oldFixture)
      }
    }

    // The database still takes loads after all that.
    const final = await putFixture(server, bigFixture)
    const finalGenerations = await generations(server)
    const finalOk = final.status === 200 && finalGenerations.slice(0, GEN_REPORTS.length).every((g) => g === 'new')
    passed &&= finalOk
    console.log(`${finalOk ? 'PASS' : 'FAIL'}  a load after the kills completes: ${final.status}, ${finalGenerations.join(', ')}`)
    server.child.kill('SIGTERM')
    const { code } = await server.exited
    const finalIntegrity = integrityCheck(file)
    passed &&= code === 0 && finalIntegrity === 'ok'
    console.log(`${code === 0 && finalIntegrity === 'ok' ? 'PASS' : 'FAIL'}  clean stop: exit ${code}, integrity_check ${finalIntegrity}`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return passed
}

main().then((passed) => {
  console.log(passed ? 'PASS: the previous data survived every SIGKILL' : 'FAIL')
  clearTimeout(hardStop)
  process.exitCode = passed ? 0 : 1
}, (error: unknown) => {
  console.error(error)
  clearTimeout(hardStop)
  process.exitCode = 1
})
