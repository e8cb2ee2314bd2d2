// npm run load-test [-- --duration 30 --connections 50]: mixed traffic on the reports, JSON and CSV, small
// (cached) and larger (streamed) courses, against the server started as a child process on a throwaway
// database with rate limiting off. Loopback only, bounded in time. Prints req/s and p50/p99 per route;
// exits 1 if any request errored, timed out or got anything but a 200 (so, in particular, any 5xx).
import fs from 'node:fs'
import http from 'node:http'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { generateDemoData } from '../src/data/generate.js'
import { DEFAULT_DEMO_API_KEY, DEFAULT_DEMO_ORG_ID } from '../src/config.js'
import { LOAD_AUTH, loadRecordsFor } from './hardening/dataset.js'
import { log as logAs, prepareDatabase, startServer } from './hardening/server-process.js'

const { values: args } = parseArgs({
  options: { duration: { type: 'string', default: '30' }, connections: { type: 'string', default: '50' } }
})
const DURATION = Number(args.duration)
const CONNECTIONS = Number(args.connections)
const log = (message: string): void => logAs('load-test', message)

// ---- data: the demo organisation's small courses (answered whole, from the report cache) and a second
// organisation's course of 1000 learners (streamed in chunks) ----
const REFERENCE = new Date('2026-01-01T00:00:00.000Z')
const demo = [...generateDemoData({
  seed: 42, courses: 2, enrollments: 40, exercises: 8, sessions: 5, reference: REFERENCE, demoOrgId: DEFAULT_DEMO_ORG_ID, demoApiKey: DEFAULT_DEMO_API_KEY
})]
const smallCourse = demo.find((r) => r.kind === 'course' && r.organizationId === DEFAULT_DEMO_ORG_ID)
if (smallCourse === undefined) throw new Error('no demo course')
const MEDIUM = { id: 'load-course-1000', enrollments: 1000, exercises: 10 }
const { dir, file } = prepareDatabase('load', [...demo, ...loadRecordsFor([MEDIUM])])

const DEMO_AUTH = `Bearer ${DEFAULT_DEMO_ORG_ID}:${DEFAULT_DEMO_API_KEY}`

interface Route { name: string, requests: Array<{ method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string }> }

function reportRoutes (report: string, format: 'json' | 'csv'): Route[] {
  const path = (course: string): string => `/api/v1/ondemand-courses/${course}/reports/${report}?output=${format}`
  return [
    { name: `${report} ${format} · 40 learners`, requests: [{ method: 'GET', path: path(smallCourse!.id), headers: { authorization: DEMO_AUTH } }] },
    { name: `${report} ${format} · 1000 learners`, requests: [{ method: 'GET', path: path(MEDIUM.id), headers: { authorization: LOAD_AUTH } }] }
  ]
}

/** User activity is JSON only, a POST whose body is the window: here, wide enough to hold every session. */
function userActivityRoutes (): Route[] {
  const path = (course: string): string => `/api/v1/ondemand-courses/${course}/reports/user-activity`
  const body = JSON.stringify({ from: '2024-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' })
  const headers = (authorization: string): Record<string, string> => ({ authorization, 'content-type': 'application/json' })
  return [
    { name: 'user-activity json · 40 learners', requests: [{ method: 'POST', path: path(smallCourse!.id), headers: headers(DEMO_AUTH), body }] },
    { name: 'user-activity json · 1000 learners', requests: [{ method: 'POST', path: path(MEDIUM.id), headers: headers(LOAD_AUTH), body }] }
  ]
}

const ROUTES: Route[] = [
  ...reportRoutes('enrollments', 'json'),
  ...reportRoutes('enrollments', 'csv'),
  ...reportRoutes('exercises', 'json'),
  ...reportRoutes('exercises', 'csv'),
  ...userActivityRoutes()
]

async function fetchOnce (url: string, request: Route['requests'][number]): Promise<{ status: number, bytes: number }> {
  return await new Promise((resolve, reject) => {
    http.request(url, { method: request.method, headers: request.headers }, (res) => {
      let bytes = 0
      res.on('data', (chunk: Buffer) => { bytes += chunk.length })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }))
      res.on('error', reject)
    }).on('error', reject).end(request.body)
  })
}

async function main (): Promise<number> {
  const server = await startServer(file, { RATE_LIMIT_MAX: '0', LOG_LEVEL: 'warn' })
  log(`server ${server.url} (pid ${server.child.pid}); ${ROUTES.length} routes, ${CONNECTIONS} connections, ${DURATION} s`)
  try {
    // Each request of the mix answers 200 with a body before the load starts.
    for (const route of ROUTES) {
      for (const request of route.requests) {
        const res = await fetchOnce(server.url + request.path, request)
        if (res.status !== 200 || res.bytes < 100) throw new Error(`${route.name} ${request.path}: ${res.status}, ${res.bytes} bytes`)
      }
    }
    // The connections are shared out between the routes; all run at once, so the traffic is mixed.
    const results = await Promise.all(ROUTES.map(async (route, i) => {
      const connections = Math.floor(CONNECTIONS / ROUTES.length) + (i < CONNECTIONS % ROUTES.length ? 1 : 0)
      const result = await autocannon({ url: server.url, connections, duration: DURATION, requests: route.requests, timeout: 10 })
      return { route, connections, result }
    }))

    let failed = false
    const rows = results.map(({ route, connections, result }) => {
      const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]))
      const fivexx = Object.entries(statuses).filter(([code]) => Number(code) >= 500).reduce((n, [, c]) => n + c, 0)
      if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || fivexx > 0 || result.requests.total === 0) failed = true
      return {
        route: route.name,
        conns: connections,
        requests: result.requests.total,
        'req/s': Math.round(result.requests.average),
        'p50 ms': result.latency.p50,
        'p99 ms': result.latency.p99,
        'max ms': result.latency.max,
        'MB/s': Number((result.throughput.average / 1e6).toFixed(1)),
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        '5xx': fivexx
      }
    })
    console.table(rows)
    const total = rows.reduce((n, r) => n + r.requests, 0)
    console.log(`total: ${total} requests in ${DURATION} s = ${Math.round(total / DURATION)} req/s over ${CONNECTIONS} connections; ` +
      `errors ${rows.reduce((n, r) => n + r.errors + r.timeouts, 0)}, non-2xx ${rows.reduce((n, r) => n + r.non2xx, 0)}, 5xx ${rows.reduce((n, r) => n + r['5xx'], 0)}`)
    console.log(failed ? 'FAIL: some requests failed' : 'PASS: zero errors, zero 5xx')
    return failed ? 1 : 0
  } finally {
    server.child.kill('SIGTERM')
    const { code } = await server.exited
    if (code !== 0) log(`server exited with ${code}:\n${server.output().slice(-3000)}`)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().then((code) => { process.exitCode = code }, (error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
