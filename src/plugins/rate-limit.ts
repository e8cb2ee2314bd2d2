// Rate limiting as the real API does it (express-rate-limit in front of the routes): a fixed window of
// RATE_LIMIT_WINDOW_SECONDS, RATE_LIMIT_MAX requests per organisation in it. Requests whose credentials do
// not identify an organisation count against the client IP instead, so guessing keys is limited too.
// Every API response carries x-ratelimit-limit / -remaining / -reset (epoch seconds), errors included;
// past the limit: 429, `retry-after` (seconds) and the message `Too many requests, please try again later.`
//
// Windows are aligned on the app clock (`app.clock`), not the wall clock: with a frozen clock (tests,
// FROZEN_NOW) a window only ends when the clock is moved, which makes every header value reproducible.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { TooManyRequests } from '../errors.js'
import { failure } from './errors.js'

export interface RateLimitDecision {
  limit: number
  remaining: number
  /** End of the current window, epoch seconds. */
  reset: number
  /** Seconds until the window ends (at least 1). */
  retryAfter: number
  limited: boolean
}

/**
 * Counts requests per key in fixed windows aligned on multiples of the window length. All keys share one
 * window, so the whole table is dropped when it ends: memory is bounded by the clients of one window.
 */
export class FixedWindowLimiter {
  private windowStart = Number.NaN
  private readonly counts = new Map<string, number>()

  constructor (readonly max: number, readonly windowMs: number, private readonly now: () => number) {}

  /** Where the window stands for `key`, without counting a request. */
  peek (key: string): RateLimitDecision {
    return this.decide(this.roll(), this.counts.get(key) ?? 0)
  }

  /** Counts one request of `key` and says whether it is over the limit. */
  hit (key: string): RateLimitDecision {
    const now = this.roll()
    const count = (this.counts.get(key) ?? 0) + 1
    this.counts.set(key, count)
    return this.decide(now, count)
  }

  /** Forgets every count (a new window starts at the next request). */
  reset (): void {
    this.counts.clear()
    this.windowStart = Number.NaN
  }

  private roll (): number {
    const now = this.now()
    const start = Math.floor(now / this.windowMs) * this.windowMs
    if (start !== this.windowStart) {
      this.windowStart = start
      this.counts.clear()
    }
    return now
  }

  private decide (now: number, count: number): RateLimitDecision {
    const end = this.windowStart + this.windowMs
    return {
      limit: this.max,
      remaining: Math.max(0, this.max - count),
      reset: Math.ceil(end / 1000),
      retryAfter: Math.max(1, Math.ceil((end - now) / 1000)),
      limited: count > this.max
    }
  }
}

export interface RateLimit {
  /** False when RATE_LIMIT_MAX is 0. */
  enabled: boolean
  limiter: FixedWindowLimiter
  /** onRequest hook for the API scope: counts the request, sets the headers, answers 429 past the limit. */
  onRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>
  /** Answers 429 exactly as the limiter does (used by fault injection too). */
  reject: (reply: FastifyReply, decision: RateLimitDecision) => FastifyReply
  /** The key a request counts against: its organisation, else its client IP. */
  keyOf: (request: FastifyRequest) => string
}

declare module 'fastify' {
  interface FastifyInstance { rateLimit: RateLimit }
}

/** When limiting is off, a forced 429 (fault injection) still looks like the real API's default. */
const FALLBACK_MAX = 120

export function setRateLimitHeaders (reply: FastifyReply, decision: RateLimitDecision): void {
  void reply.header('x-ratelimit-limit', String(decision.limit))
  void reply.header('x-ratelimit-remaining', String(decision.remaining))
  void reply.header('x-ratelimit-reset', String(decision.reset))
}

export default fp(async function rateLimitPlugin (app: FastifyInstance) {
  const { RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_SECONDS, RATE_LIMIT_BODY } = app.config
  const enabled = RATE_LIMIT_MAX > 0
  const limiter = new FixedWindowLimiter(enabled ? RATE_LIMIT_MAX : FALLBACK_MAX, RATE_LIMIT_WINDOW_SECONDS * 1000,
    () => app.clock.now().getTime())

  function keyOf (request: FastifyRequest): string {
    const organization = app.identifyOrganization(request)
    return organization !== undefined ? `org:${organization.id}` : `ip:${request.ip}`
  }

  function reject (reply: FastifyReply, decision: RateLimitDecision): FastifyReply {
    setRateLimitHeaders(reply, { ...decision, remaining: 0 })
    void reply.code(429).header('retry-after', String(decision.retryAfter))
    if (RATE_LIMIT_BODY === 'text') return reply.type('text/plain; charset=utf-8').send(TooManyRequests.MESSAGE)
    return reply.type('application/json; charset=utf-8').send(failure('TooManyRequests', TooManyRequests.MESSAGE))
  }

  async function onRequest (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!enabled) return undefined
    const decision = limiter.hit(keyOf(request))
    if (decision.limited) {
      request.log.info({ key: keyOf(request).split(':')[0], retryAfter: decision.retryAfter }, 'rate limited')
      return reject(reply, decision)
    }
    setRateLimitHeaders(reply, decision)
    return undefined
  }

  app.decorate('rateLimit', { enabled, limiter, onRequest, reject, keyOf })
}, { name: 'rate-limit', dependencies: ['auth', 'errors'] })
