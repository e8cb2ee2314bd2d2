// Fault plans: what `x-strigo-fault` (or the global fault rate) asks for, and the streams that carry them
// out on a response body. The grammar (README, "Hardening"):
//
//   x-strigo-fault: directive (";" directive)*
//   directive  = "latency=" ms        wait before handling the request (0..60000)
//              | "status=" code       answer 500, 503, 429 or 401 with the real envelope (and headers)
//              | "reset=before"       reset the connection (TCP RST) before any byte of the response
//              | "reset=mid"          send the status, headers and the first rows, then close mid-body
//              | "rows=" n            with reset=mid: rows sent before the cut (default 1)
//              | "empty"              close the connection without any response
//              | "slow=" ms           dribble the body out evenly over this time (1..120000)
//
// Names are case-insensitive; `,` separates directives too (repeated headers are joined with commas).
// status, reset and empty exclude each other; latency and slow combine with anything that sends a body.
import { Readable } from 'node:stream'
import type { Socket } from 'node:net'
import type { ReportBody } from './report-stream.js'

export const FAULT_HEADER = 'x-strigo-fault'
export const FAULT_STATUSES = [500, 503, 429, 401] as const
export type FaultStatus = typeof FAULT_STATUSES[number]

export const MAX_LATENCY_MS = 60_000
export const MAX_SLOW_MS = 120_000
/** A slow body is buffered before it is dribbled; beyond this size the response is cut instead. */
export const MAX_SLOW_BYTES = 64 * 1024 * 1024

export interface FaultPlan {
  latencyMs?: number
  status?: FaultStatus
  reset?: 'before' | 'mid'
  /** With reset=mid: report rows sent before the cut. */
  rows?: number
  empty?: boolean
  slowMs?: number
}

export class FaultSpecError extends Error {
  override name = 'FaultSpecError'
}

function integer (name: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined || !/^\d{1,9}$/.test(value)) throw new FaultSpecError(`${name} needs a whole number (${name}=${min}..${max})`)
  const n = Number(value)
  if (n < min || n > max) throw new FaultSpecError(`${name} must be between ${min} and ${max}`)
  return n
}

/** Parses a fault specification; throws FaultSpecError with a message meant for the client. */
export function parseFaultSpec (spec: string): FaultPlan {
  const plan: FaultPlan = {}
  const seen = new Set<string>()
  for (const part of spec.split(/[;,]/)) {
    const directive = part.trim()
    if (directive === '') continue
    const eq = directive.indexOf('=')
    const name = (eq === -1 ? directive : directive.slice(0, eq)).trim().toLowerCase()
    const value = eq === -1 ? undefined : directive.slice(eq + 1).trim().toLowerCase()
    if (seen.has(name)) throw new FaultSpecError(`${name} is given twice`)
    seen.add(name)
    switch (name) {
      case 'latency': plan.latencyMs = integer(name, value, 0, MAX_LATENCY_MS); break
      case 'slow': plan.slowMs = integer(name, value, 1, MAX_SLOW_MS); break
      case 'rows': plan.rows = integer(name, value, 0, 1_000_000_000); break
      case 'status': {
        const code = Number(value)
        if (!(FAULT_STATUSES as readonly number[]).includes(code) || !/^\d+$/.test(value ?? '')) {
          throw new FaultSpecError(`status must be one of ${FAULT_STATUSES.join(', ')}`)
        }
        plan.status = code as FaultStatus
        break
      }
      case 'reset':
        if (value !== 'before' && value !== 'mid') throw new FaultSpecError('reset must be before or mid')
        plan.reset = value
        break
      case 'empty':
        if (value !== undefined) throw new FaultSpecError('empty takes no value')
        plan.empty = true
        break
      default:
        throw new FaultSpecError(`unknown directive "${name.slice(0, 40)}" (known: latency, status, reset, rows, empty, slow)`)
    }
  }
  const outcomes = [plan.status !== undefined, plan.reset !== undefined, plan.empty === true].filter(Boolean).length
  if (outcomes > 1) throw new FaultSpecError('status, reset and empty exclude each other')
  if (plan.rows !== undefined && plan.reset !== 'mid') throw new FaultSpecError('rows needs reset=mid')
  if (plan.slowMs !== undefined && (plan.reset === 'before' || plan.empty === true)) {
    throw new FaultSpecError('slow needs a response body (not with reset=before or empty)')
  }
  if (seen.size === 0) throw new FaultSpecError('no directive given')
  return plan
}

/** The canonical text of a plan (what the admin API echoes back). */
export function formatFaultPlan (plan: FaultPlan): string {
  const parts: string[] = []
  if (plan.latencyMs !== undefined) parts.push(`latency=${plan.latencyMs}`)
  if (plan.status !== undefined) parts.push(`status=${plan.status}`)
  if (plan.reset !== undefined) parts.push(`reset=${plan.reset}`)
  if (plan.rows !== undefined) parts.push(`rows=${plan.rows}`)
  if (plan.empty === true) parts.push('empty')
  if (plan.slowMs !== undefined) parts.push(`slow=${plan.slowMs}`)
  return parts.join('; ')
}

/** mulberry32: a tiny seeded generator, so a global fault rate with a seed hits the same requests every run. */
export function seededRandom (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A report body that stops after `rows` rows and never writes its closing text (`]}` for JSON). */
export function cutReportBody<Row> (body: ReportBody<Row>, rows: number): ReportBody<Row> {
  const inner = body.rows
  let given = 0
  const limited: Iterator<Row> = {
    next: () => given++ < rows ? inner.next() : { done: true, value: undefined },
    return: (value?: unknown) => inner.return?.(value) ?? { done: true, value: undefined }
  }
  return { ...body, rows: limited, suffix: '' }
}

export type Payload = string | Buffer | Readable | null | undefined

function isReadable (payload: Payload): payload is Readable {
  return payload !== null && typeof payload === 'object' && typeof (payload as Readable).pipe === 'function'
}

function toBuffer (payload: string | Buffer | null | undefined): Buffer {
  if (payload === null || payload === undefined) return Buffer.alloc(0)
  return typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload
}

/** The first half of a body that is not a report (no rows to count): enough to start parsing, never enough to finish. */
export function firstHalf (payload: string | Buffer | null | undefined): Buffer {
  const bytes = toBuffer(payload)
  return bytes.subarray(0, Math.floor(bytes.length / 2))
}

/** Reads a whole body into memory (a slow body is paced over its full size), up to MAX_SLOW_BYTES. */
async function collect (payload: Payload): Promise<Buffer> {
  if (!isReadable(payload)) return toBuffer(payload)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of payload) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk as Buffer
    size += bytes.length
    if (size > MAX_SLOW_BYTES) {
      payload.destroy()
      throw new Error(`slow fault: the body exceeds ${MAX_SLOW_BYTES} bytes`)
    }
    chunks.push(bytes)
  }
  return Buffer.concat(chunks)
}

/** How often a slow body sends its next piece. */
const SLOW_TICK_MS = 50

/**
 * A body sent out in evenly spaced pieces so that the last byte leaves about `totalMs` after the first
 * (split anywhere, mid-row or mid-character, as a slow network would).
 */
export function dribble (payload: Payload, totalMs: number): Readable {
  let timer: NodeJS.Timeout | undefined
  const source = isReadable(payload) ? payload : undefined
  const out = new Readable({
    read () {},
    destroy (error, callback) {
      if (timer !== undefined) clearTimeout(timer)
      source?.destroy()
      callback(error)
    }
  })
  collect(payload).then((bytes) => {
    if (out.destroyed) return
    const pieces = Math.max(1, Math.min(bytes.length, Math.ceil(totalMs / SLOW_TICK_MS)))
    const size = Math.ceil(bytes.length / pieces)
    const started = Date.now()
    let index = 0
    const step = (): void => {
      timer = undefined
      if (out.destroyed) return
      if (index < pieces) {
        const piece = bytes.subarray(index * size, (index + 1) * size)
        if (piece.length > 0) out.push(piece)
        index++
      }
      if (index >= pieces) {
        // The end comes `totalMs` after the start, whatever the number of pieces.
        timer = setTimeout(() => { timer = undefined; out.push(null) }, Math.max(0, started + totalMs - Date.now()))
        return
      }
      timer = setTimeout(step, Math.max(0, started + (index * totalMs) / pieces - Date.now()))
    }
    step()
  }, (error: Error) => out.destroy(error))
  return out
}

/**
 * Passes a body through, then closes the connection instead of ending the response: the client has the
 * status, the headers and part of a chunked body, and then the connection is gone (a premature close:
 * Node reports ECONNRESET "aborted", curl "transfer closed with outstanding read data remaining").
 */
export function closeConnectionAfter (payload: Payload, socket: Socket | null | undefined): Readable {
  const source = isReadable(payload) ? payload : Readable.from([toBuffer(payload)].filter((b) => b.length > 0))
  const out = new Readable({
    read () { source.resume() },
    destroy (error, callback) {
      source.destroy()
      callback(error)
    }
  })
  source.on('data', (chunk: Buffer | string) => { if (!out.push(chunk)) source.pause() })
  source.once('error', (error) => out.destroy(error))
  source.once('end', () => {
    // Close once everything pushed here has been handed to the socket; `end` flushes it, then sends FIN.
    const close = (): void => {
      if (out.destroyed) return
      if (out.readableLength > 0) { setImmediate(close); return }
      if (socket === null || socket === undefined || typeof socket.end !== 'function') {
        out.destroy(new Error('fault: connection closed mid-body'))
        return
      }
      socket.end()
    }
    setImmediate(close)
  })
  return out
}

export { isReadable }
