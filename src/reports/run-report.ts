// What every report route does once it has validated its input: negotiate the format, borrow a read-only
// connection, find the course within the caller's organisation, and stream rows built from one cursor.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { PooledReader } from '../db/sqlite.js'
import type { CsvColumn } from '../lib/csv.js'
import { chooseFormat, type ReportFormat } from '../lib/negotiate.js'
import { attachmentName, sendReport } from '../lib/send-report.js'
import { findCourse, type ReportCourse } from './course.js'

export interface ReportDefinition<Row> {
  /** Short name, used in the CSV attachment name. */
  name: string
  formats: readonly ReportFormat[]
  /** Rows of the course, in report order; lazily produced from the borrowed connection. */
  rows: (reader: PooledReader, course: ReportCourse) => Iterator<Row>
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
  const format = chooseFormat(request.query.output, request.headers.accept, report.formats)
  const reader = request.server.db.readers.acquire()
  let handedOver = false
  try {
    const course = findCourse(reader, request.organization.id, request.params.course_id)
    const response = {
      format,
      filename: attachmentName(course.name, course.id, report.name),
      columns: format === 'csv' ? report.columns(course, reader) : [],
      csv: { neutraliseFormulas: request.server.config.CSV_FORMULA_ESCAPING === 'on' },
      jsonRow: format === 'json' ? report.jsonRow(course, reader) : () => '',
      rows: report.rows(reader, course),
      done: () => request.server.db.readers.release(reader)
    }
    handedOver = true
    return sendReport(reply, response)
  } finally {
    if (!handedOver) request.server.db.readers.release(reader)
  }
}
