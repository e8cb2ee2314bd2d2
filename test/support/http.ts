// Real-socket helpers for what `inject` cannot show: resets, closes, partial and paced bodies, bytes that
// never reach a route.
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'

/** Listens on an ephemeral loopback port; the app's teardown (buildTestApp) closes it. */
export async function listen (app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  return (app.server.address() as AddressInfo).port
}

export interface ClientResult {
  status?: number
  headers?: http.IncomingHttpHeaders
  body: Buffer
  /** Body pieces as they arrived. */
  chunks: Array<{ at: number, bytes: number }>
  /** True when the response ended normally. */
  complete: boolean
  error?: NodeJS.ErrnoException
  elapsedMs: number
}

/** A GET with Node's own client (no keep-alive): reports how the answer ended, not just what it said. */
export async function get (port: number, path: string, headers: Record<string, string> = {}): Promise<ClientResult> {
  const started = performance.now()
  return await new Promise((resolve) => {
    const result: ClientResult = { body: Buffer.alloc(0), chunks: [], complete: false, elapsedMs: 0 }
    const parts: Buffer[] = []
    let settled = false
    const settle = (error?: NodeJS.ErrnoException): void => {
      if (settled) return
      settled = true
      result.body = Buffer.concat(parts)
      result.error = error
      result.elapsedMs = performance.now() - started
      resolve(result)
    }
    const request = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (response) => {
      result.status = response.statusCode
      result.headers = response.headers
      response.on('data', (chunk: Buffer) => {
        parts.push(chunk)
        result.chunks.push({ at: performance.now() - started, bytes: chunk.length })
      })
      response.on('end', () => { result.complete = true; settle() })
      response.on('error', (error) => settle(error))
      response.on('aborted', () => settle(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })))
    })
    request.on('error', (error) => settle(error))
    request.setTimeout(20_000, () => request.destroy(Object.assign(new Error('client timeout'), { code: 'ETIMEDOUT' })))
  })
}

export interface RawResult {
  /** Everything the server wrote before the connection ended. */
  text: string
  bytes: number
  /** How the connection ended: `end` (FIN), or the socket error code (ECONNRESET for an RST). */
  ended: string
  elapsedMs: number
}

/**
 * Writes `pieces` on a raw TCP connection (with `gapMs` between them) and reads until the server closes.
 * Nothing is validated on the way out, so malformed requests reach the server's HTTP parser as they are.
 */
export async function raw (port: number, pieces: Array<string | Buffer>, gapMs = 0, timeoutMs = 20_000): Promise<RawResult> {
  const started = performance.now()
  return await new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    const received: Buffer[] = []
    let ended: string | undefined
    let timer: NodeJS.Timeout | undefined
    const guard = setTimeout(() => { ended = 'client-timeout'; socket.destroy() }, timeoutMs)
    socket.on('data', (chunk) => received.push(chunk))
    socket.on('end', () => { ended ??= 'end' })
    socket.on('error', (error: NodeJS.ErrnoException) => { ended ??= error.code ?? error.message })
    socket.on('close', () => {
      clearTimeout(guard)
      if (timer !== undefined) clearTimeout(timer)
      const all = Buffer.concat(received)
      resolve({ text: all.toString('latin1'), bytes: all.length, ended: ended ?? 'close', elapsedMs: performance.now() - started })
    })
    let index = 0
    const writeNext = (): void => {
      timer = undefined
      if (index >= pieces.length || socket.destroyed) return
      socket.write(pieces[index++])
      if (index < pieces.length) timer = setTimeout(writeNext, gapMs)
    }
    socket.once('connect', writeNext)
  })
}

/** Splits a raw HTTP response into status, lower-cased headers and body (no chunked decoding). */
export function parseRawResponse (text: string): { status: number, headers: Record<string, string>, body: string } {
  const split = text.indexOf('\r\n\r\n')
  const head = split === -1 ? text : text.slice(0, split)
  const [statusLine, ...lines] = head.split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: split === -1 ? '' : text.slice(split + 4) }
}
