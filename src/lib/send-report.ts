// Sends a report in the negotiated format: the JSON success envelope or CSV, from one row iterator.
import type { FastifyReply } from 'fastify'
import { csvHeader, csvRowFormatter, type CsvColumn, type CsvOptions } from './csv.js'
import { MEDIA_TYPES, type ReportFormat } from './negotiate.js'
import { ReportStream, type ReportBody } from './report-stream.js'

export interface ReportResponse<Row> {
  format: ReportFormat
  /** Attachment name of the CSV, without extension (ASCII; see `attachmentName`). */
  filename: string
  columns: readonly CsvColumn[]
  csv?: CsvOptions
  /** Serialises one row to JSON (compiled from the row schema). */
  jsonRow: (row: Row) => string
  rows: Iterator<Row>
  /** Releases what the rows hold (the borrowed database connection); called exactly once. */
  done: () => void
}

declare module 'fastify' {
  interface FastifyReply {
    /** Set by a plugin to change the body before it is streamed (fault injection cuts it after N rows). */
    reportBodyTransform: (<Row>(body: ReportBody<Row>) => ReportBody<Row>) | null
  }
}

const JSON_PREFIX = '{"result":"success","data":['
const JSON_SUFFIX = ']}'

export function reportBody<Row> (report: Omit<ReportResponse<Row>, 'filename'>): ReportBody<Row> {
  if (report.format === 'json') {
    return { prefix: JSON_PREFIX, suffix: JSON_SUFFIX, separator: ',', format: report.jsonRow, rows: report.rows, done: report.done }
  }
  return {
    prefix: csvHeader(report.columns),
    suffix: '',
    separator: '',
    format: csvRowFormatter(report.columns, report.csv) as (row: Row) => string,
    rows: report.rows,
    done: report.done
  }
}

export function sendReport<Row> (reply: FastifyReply, report: ReportResponse<Row>): FastifyReply {
  void reply.header('vary', 'Accept')
  void reply.type(`${MEDIA_TYPES[report.format]}; charset=utf-8`)
  if (report.format === 'csv') void reply.header('content-disposition', `attachment; filename="${report.filename}.csv"`)
  const body = reportBody(report)
  const stream = new ReportStream(reply.reportBodyTransform?.(body) ?? body)
  let whole: string | undefined
  try {
    whole = stream.completeIfSmall()
  } catch (error) {
    stream.destroy()
    throw error
  }
  return reply.send(whole ?? stream)
}

/** `My course: Intro` + `6363…` + `enrollments` → `my-course-intro-6363…-enrollments` (ASCII, header-safe). */
export function attachmentName (courseName: string, courseId: string, report: string): string {
  const slug = courseName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60)
  const safeId = courseId.replace(/[^A-Za-z0-9_-]/g, '')
  return [slug, safeId, report].filter((part) => part !== '').join('-')
}
