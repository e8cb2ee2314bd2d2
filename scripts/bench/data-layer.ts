// The data-layer limit: raw better-sqlite3 `.iterate()` over the exercises join of one course (enrollments ×
// results), flattened to one row per enrollment and written with @fast-csv/format into a sink that discards,
// honouring backpressure; or, with `json`, the same rows as one array and JSON.stringify. Prints figures as
// JSON. Run as its own process so its peak RSS is its own.
import { Writable } from 'node:stream'
import { once } from 'node:events'
import Database from 'better-sqlite3'
import { format } from '@fast-csv/format'
import { readFileSync } from 'node:fs'

const [file, courseId, mode] = process.argv.slice(2)
const db = new Database(file, { readonly: true })
const started = process.hrtime.bigint()
const exercises = db.prepare('SELECT id, position, title, type FROM exercises WHERE course_id = ? ORDER BY position').all(courseId) as Array<{ id: string, position: number, title: string, type: string }>
const course = db.prepare('SELECT id, name FROM courses WHERE id = ?').get(courseId) as { id: string, name: string }
const position = new Map(exercises.map((x) => [x.id, x.position]))
const rows = db.prepare(`SELECT e.id, e.email, e.name, e.workspace_id, r.exercise_id, r.result, r.finished_at
  FROM enrollments e LEFT JOIN exercise_results r ON r.enrollment_id = e.id
  WHERE e.course_id = ? ORDER BY e.enrolled_at, e.id`).raw()

let bytes = 0
let firstByte: bigint | undefined
const sink = new Writable({
  write (chunk: Buffer, _enc, callback) {
    firstByte ??= process.hrtime.bigint()
    bytes += chunk.length
    callback()
  }
})

function flatten (id: string, email: string, name: string, workspace: string, results: Array<[string, string, string]>): Record<string, unknown> {
  const row: Record<string, unknown> = {
    course_id: course.id, course_name: course.name, enrollment_id: id, email, name, workspace_id: workspace,
    exercises_finished: results.length, exercises_count: exercises.length, all_exercises_completed: exercises.length > 0 && results.length === exercises.length
  }
  const byPosition = new Map(results.map((r) => [position.get(r[0]), r]))
  for (const x of exercises) {
    const r = byPosition.get(x.position)
    row[`exercise${x.position}_title`] = x.title
    row[`exercise${x.position}_type`] = x.type
    row[`exercise${x.position}_result`] = r?.[1] ?? null
    row[`exercise${x.position}_finished_at`] = r?.[2] ?? null
  }
  return row
}

async function * flattened (): AsyncGenerator<Record<string, unknown>> {
  let current: [string, string, string, string] | undefined
  let results: Array<[string, string, string]> = []
  for (const r of rows.iterate(courseId) as IterableIterator<[string, string, string, string, string | null, string, string]>) {
    if (current === undefined || current[0] !== r[0]) {
      if (current !== undefined) yield flatten(...current, results)
      current = [r[0], r[1], r[2], r[3]]
      results = []
    }
    if (r[4] !== null) results.push([r[4], r[5], r[6]])
  }
  if (current !== undefined) yield flatten(...current, results)
}

let count = 0
if (mode === 'json') {
  const all: Array<Record<string, unknown>> = []
  for await (const row of flattened()) { all.push(row); count++ }
  const text = JSON.stringify({ result: 'success', data: all })
  sink.write(text)
} else {
  const csv = format({ headers: true, quoteHeaders: true })
  csv.pipe(sink)
  for await (const row of flattened()) {
    count++
    if (!csv.write(row)) await once(csv, 'drain')
  }
  csv.end()
  await once(sink, 'finish')
}
const ms = Number(process.hrtime.bigint() - started) / 1e6
const status = readFileSync('/proc/self/status', 'utf8')
const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
console.log(JSON.stringify({ rows: count, bytes, ms, firstByteMs: firstByte === undefined ? null : Number(firstByte - started) / 1e6, peakRssMiB: peakKb / 1024 }))
