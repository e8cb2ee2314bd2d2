// Report bodies in the negotiated format: the JSON success envelope or CSV, from one row iterator.
import { csvHeader, csvRowFormatter, type CsvColumn, type CsvOptions } from './csv.js'
import { MEDIA_TYPES, type ReportFormat } from './negotiate.js'
import { ReportStream, type ReportBody } from './report-stream.js'

export interface ReportResponse<Row> {
  format: ReportFormat
  columns: readonly CsvColumn[]
  csv?: CsvOptions
  /** Serialises one row to JSON (compiled from the row schema). */
  jsonRow: (row: Row) => string
  rows: Iterator<Row>
  /** Releases what the rows hold (the borrowed database connection); called exactly once. */
  done: () => void
}

const JSON_PREFIX = '{"result":"success","data":['
const JSON_SUFFIX = ']}'

export function reportBody<Row> (report: ReportResponse<Row>): ReportBody<Row> {
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

/** The response headers of a report; `filename` is the CSV attachment's name without extension. */
export function reportHeaders (format: ReportFormat, filename: string): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': `${MEDIA_TYPES[format]}; charset=utf-8`, vary: 'Accept' }
  if (format === 'csv') headers['content-disposition'] = `attachment; filename="${filename}.csv"`
  return headers
}

/**
 * Starts a report body. When the first chunk holds the whole report it comes back as `whole` (sent with a
 * Content-Length, and cacheable); otherwise `stream` carries on from where the first chunk stopped.
 */
export function startReport<Row> (report: ReportResponse<Row>): { whole: string } | { stream: ReportStream<Row> } {
  const stream = new ReportStream(reportBody(report))
  try {
    const whole = stream.completeIfSmall()
    return whole !== undefined ? { whole } : { stream }
  } catch (error) {
    stream.destroy()
    throw error
  }
}

/** `My course: Intro` + `6363…` + `enrollments` → `my-course-intro-6363…-enrollments` (ASCII, header-safe). */
export function attachmentName (courseName: string, courseId: string, report: string): string {
  const slug = courseName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60)
  const safeId = courseId.replace(/[^A-Za-z0-9_-]/g, '')
  return [slug, safeId, report].filter((part) => part !== '').join('-')
}
