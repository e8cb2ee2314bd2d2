// Turns an iterator of report rows into a response body, a chunk at a time. better-sqlite3 is synchronous,
// so a large report produced in one go would block every other request; instead each chunk is produced in
// its own macrotask (setImmediate) and only while the socket asks for more (stream backpressure). Memory
// stays flat whatever the course size, and JSON is streamed exactly like CSV.
import { Readable } from 'node:stream'

/** Roughly how much text one turn of the event loop produces before it yields. */
const CHUNK_CHARS = 64 * 1024
/** A report up to this size is produced in one go (a few milliseconds), sent with a length and cached. */
export const WHOLE_REPORT_CHARS = 256 * 1024

export interface ReportBody<Row = unknown> {
  /** Text written before the first row (the JSON envelope's opening, or the CSV header line). */
  prefix: string
  /** Text written after the last row. */
  suffix: string
  /** Text between two rows (`,` for JSON; empty for CSV, whose lines end with `\n`). */
  separator: string
  rows: Iterator<Row>
  format: (row: Row) => string
  /** Called exactly once when the body is finished, failed or abandoned by the client. */
  done?: () => void
}

export class ReportStream<Row = unknown> extends Readable {
  private prefixSent = false
  private wroteRow = false
  private finished = false
  private scheduled = false
  /** A first chunk produced by `completeIfSmall` that did not hold the whole report. */
  private pending: string | undefined

  constructor (private readonly body: ReportBody<Row>) {
    super({ highWaterMark: CHUNK_CHARS })
  }

  /**
   * Produces up to `limit` characters synchronously. When that is the whole report, returns it (the caller
   * sends it with a Content-Length, with no stream machinery); otherwise keeps it as the stream's first
   * chunk and the rest is streamed.
   */
  completeIfSmall (limit = WHOLE_REPORT_CHARS): string | undefined {
    let text = ''
    while (true) {
      const produced = this.chunk()
      text += produced.text
      if (produced.last) return text
      if (text.length >= limit) break
    }
    this.pending = text
    return undefined
  }

  override _read (): void {
    if (this.scheduled || this.finished) return
    if (this.pending !== undefined) {
      const text = this.pending
      this.pending = undefined
      if (!this.push(text)) return
    }
    this.scheduled = true
    setImmediate(() => this.pump())
  }

  private pump (): void {
    this.scheduled = false
    if (this.destroyed || this.finished) return
    let produced: { text: string, last: boolean }
    try {
      produced = this.chunk()
    } catch (error) {
      this.destroy(error as Error)
      return
    }
    if (produced.last) {
      this.push(produced.text)
      this.push(null)
    } else if (this.push(produced.text)) {
      this._read()
    }
  }

  /** The next piece of the body: rows until CHUNK_CHARS, or to the end of the report (`last`). */
  private chunk (): { text: string, last: boolean } {
    let text = ''
    if (!this.prefixSent) { text = this.body.prefix; this.prefixSent = true }
    try {
      while (text.length < CHUNK_CHARS) {
        const next = this.body.rows.next()
        if (next.done === true) {
          this.finish()
          return { text: text + this.body.suffix, last: true }
        }
        if (this.wroteRow) text += this.body.separator
        text += this.body.format(next.value)
        this.wroteRow = true
      }
    } catch (error) {
      this.finish()
      throw error
    }
    return { text, last: false }
  }

  private finish (): void {
    if (this.finished) return
    this.finished = true
    try { this.body.rows.return?.() } finally { this.body.done?.() }
  }

  override _destroy (error: Error | null, callback: (error?: Error | null) => void): void {
    this.finish()
    callback(error)
  }
}
