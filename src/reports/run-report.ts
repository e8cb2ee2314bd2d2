// What every report route does once it has validated its input: negotiate the format, answer from the
// cache of small reports when the data has not changed, or else borrow a read-only connection holding one
// snapshot of the data, find the course within the caller's organisation, and stream rows from one cursor.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { PooledReader } from '../db/sqlite.js'
import type { CsvColumn } from '../lib/csv.js'
import { chooseFormat, type ReportFormat } from '../lib/negotiate.js'
import { attachmentName, reportHeaders, startReport } from '../lib/send-report.js'
import { findCourse, type ReportCourse } from './course.js'

export interface ReportDefinition<Row> {
  /** Short name, used in the CSV attachment name and the cache key. */
  name: string
  formats: readonly ReportFormat[]
  /** What else than course and format the rows depend on (e.g. a date window); part of the cache key. */
  variant?: string
  /**
   * Rows of the course, in report order; lazily produced from the borrowed connection. `version` is the
   * data version the request started at, for caches of the report's own.
   */
  rows: (reader: PooledReader, course: ReportCourse, version: number) => Iterator<Row>
  columns: (course: ReportCourse, reader: PooledReader) => readonly CsvColumn[]
  jsonRow: (course: ReportCourse, reader: PooledReader) => (row: Row) => string
}

/** The parts of a validated report request that running it needs. */
export type ReportRequest = Pick<FastifyRequest, 'headers' | 'organization' | 'server'> & {
  params: { course_id: string }
  query: { output?: string }
}

export function runReport<Row> (
  request: ReportRequest,
  reply: FastifyReply,
  report: ReportDefinition<Row>
): FastifyReply {
  const { db, reportCache, config } = request.server
  const format = chooseFormat(request.query.output, request.headers.accept, report.formats)
  // The organisation is part of the key, so a hit can only be a course the caller may see.
  const cacheKey = JSON.stringify([request.organization.id, report.name, request.params.course_id, format, report.variant ?? ''])
  const version = db.version()
  const cached = reportCache.get(cacheKey, version)
  if (cached !== undefined) return reply.headers(cached.headers).send(cached.body)

  const reader = db.readers.acquireSnapshot()
  let handedOver = false
  try {
    const course = findCourse(reader, request.organization.id, request.params.course_id)
    const headers = reportHeaders(format, attachmentName(course.name, course.id, report.name))
    const started = startReport({
      format,
      columns: format === 'csv' ? report.columns(course, reader) : [],
      csv: { neutraliseFormulas: config.CSV_FORMULA_ESCAPING === 'on' },
      jsonRow: format === 'json' ? report.jsonRow(course, reader) : () => '',
      rows: report.rows(reader, course, version),
      done: () => db.readers.release(reader)
    })
    handedOver = true
    void reply.headers(headers)
    if ('stream' in started) return reply.send(started.stream)
    const body = Buffer.from(started.whole)
    reportCache.set(cacheKey, version, { headers, body })
    return reply.send(body)
  } finally {
    if (!handedOver) db.readers.release(reader)
  }
}
