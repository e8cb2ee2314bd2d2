// The request journal: the last N requests to the API (/api/v1), so a consumer's contract test can assert
// what its client actually called. What is kept is what a test asserts on (method, path, query, body of a
// POST, Accept, status, duration, organisation); never a credential: neither the Authorization header nor
// anything derived from the key is recorded.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

export interface JournalEntry {
  /** Increasing for the life of the server; `since` filters on it. */
  seq: number
  /** When the request arrived (wall clock, not the frozen clock: the order of calls matters). */
  at: string
  method: string
  /** The path without the query string, as the client sent it (percent-encoding kept). */
  path: string
  /** Query parameters as sent (a repeated parameter gives an array). */
  query: Record<string, string | string[]>
  /** The parsed JSON body, if any (bodies over 16 KiB are replaced by a note of their size). */
  body?: unknown
  accept: string | null
  status: number
  /** Response content type, without parameters. */
  contentType: string | null
  durationMs: number
  /** The authenticated organisation, or null when authentication failed or never ran. */
  organizationId: string | null
  requestId: string
}

export interface JournalFilter {
  /** Exact path, or a pattern where `*` matches within one segment and `**` across segments. */
  path?: string
  method?: string
  status?: number
  organizationId?: string
  /** Only entries with a greater `seq`. */
  since?: number
  /** The most recent `limit` matches (still in chronological order). */
  limit?: number
}

const MAX_BODY_CHARS = 16 * 1024

export class RequestJournal {
  private readonly ring: Array<JournalEntry | undefined>
  private next = 0
  private stored = 0
  private seq = 0

  constructor (readonly capacity: number) {
    this.ring = new Array(capacity)
  }

  get size (): number { return this.stored }
  get lastSeq (): number { return this.seq }

  record (entry: Omit<JournalEntry, 'seq'>): void {
    if (this.capacity === 0) return
    this.seq++
    this.ring[this.next] = { seq: this.seq, ...entry }
    this.next = (this.next + 1) % this.capacity
    if (this.stored < this.capacity) this.stored++
  }

  /** Entries in chronological order. */
  entries (filter: JournalFilter = {}): JournalEntry[] {
    const matchPath = filter.path === undefined ? undefined : pathMatcher(filter.path)
    const method = filter.method?.toUpperCase()
    const out: JournalEntry[] = []
    for (let i = 0; i < this.stored; i++) {
      const entry = this.ring[(this.next - this.stored + i + this.capacity) % this.capacity] as JournalEntry
      if (filter.since !== undefined && entry.seq <= filter.since) continue
      if (method !== undefined && entry.method !== method) continue
      if (filter.status !== undefined && entry.status !== filter.status) continue
      if (filter.organizationId !== undefined && entry.organizationId !== filter.organizationId) continue
      if (matchPath !== undefined && !matchPath(entry.path)) continue
      out.push(entry)
    }
    return filter.limit !== undefined && out.length > filter.limit ? out.slice(out.length - filter.limit) : out
  }

  /** Forgets every entry; `seq` keeps increasing. Returns how many were dropped. */
  clear (): number {
    const dropped = this.stored
    this.ring.fill(undefined)
    this.stored = 0
    this.next = 0
    return dropped
  }
}

/** `/api/v1/ondemand-courses/*\/reports/*` style patterns: `*` within a segment, `**` across segments. */
export function pathMatcher (pattern: string): (path: string) => boolean {
  if (!pattern.includes('*')) return (path) => path === pattern
  const source = pattern.split(/(\*\*|\*)/).map((part) =>
    part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('')
  const regex = new RegExp(`^${source}$`)
  return (path) => regex.test(path)
}

function queryOf (url: string): Record<string, string | string[]> {
  const at = url.indexOf('?')
  const query: Record<string, string | string[]> = {}
  if (at === -1) return query
  for (const [key, value] of new URLSearchParams(url.slice(at + 1))) {
    const previous = query[key]
    query[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]
  }
  return query
}

function bodyOf (body: unknown): unknown {
  if (body === undefined || body === null) return undefined
  const text = JSON.stringify(body)
  return text.length <= MAX_BODY_CHARS ? body : `[${text.length} characters omitted]`
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The request journal (capacity JOURNAL_SIZE; 0 records nothing). */
    journal: RequestJournal
  }
}

export interface JournalOptions {
  /** Requests under this prefix are recorded (the API), everything else is not (admin, docs, health). */
  apiPrefix: string
  /** Paths under the prefix that are not API calls (the OpenAPI document). */
  exclude?: string[]
}

export default fp<JournalOptions>(async function journalPlugin (app: FastifyInstance, options) {
  const journal = new RequestJournal(app.config.JOURNAL_SIZE)
  app.decorate('journal', journal)
  if (journal.capacity === 0) return
  const exclude = new Set(options.exclude ?? [])
  const prefix = options.apiPrefix.endsWith('/') ? options.apiPrefix : options.apiPrefix + '/'
  // The body as the client sent it: taken before any route's own preValidation may replace it (the
  // user-activity route swaps in the resolved window).
  const sentBodies = new WeakMap<FastifyRequest, unknown>()
  app.addHook('preValidation', async (request: FastifyRequest) => {
    sentBodies.set(request, request.body)
  })
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.raw.url ?? request.url
    const queryAt = url.indexOf('?')
    const path = queryAt === -1 ? url : url.slice(0, queryAt)
    if (!path.startsWith(prefix) || exclude.has(path)) return
    const contentType = reply.getHeader('content-type')
    journal.record({
      at: new Date(Date.now() - reply.elapsedTime).toISOString(),
      method: request.method,
      path,
      query: queryOf(url),
      ...(request.method !== 'GET' && request.method !== 'HEAD' ? { body: bodyOf(sentBodies.has(request) ? sentBodies.get(request) : request.body) } : {}),
      accept: request.headers.accept ?? null,
      status: reply.statusCode,
      contentType: typeof contentType === 'string' ? contentType.split(';')[0].trim() : null,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      organizationId: request.organization?.id ?? null,
      requestId: request.id
    })
  })
}, { name: 'journal' })
