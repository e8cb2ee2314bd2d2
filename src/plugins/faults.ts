// Fault injection for contract tests (what WireMock and Mockoon offer, scoped to the API): per request
// through the `x-strigo-fault` header, or for a share of all API requests through a global rate
// (`app.faults.setGlobal`, the admin API). Only with FAULTS=on; otherwise the header is ignored and no
// global rate can be set. Faults wrap contract-correct responses: a delayed, cut or dribbled report is the
// real report, and a forced status is the real envelope with its real headers. Grammar: lib/faults.ts.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { InternalServerError, RequestValidationError, ServiceUnavailable, Unauthorized } from '../errors.js'
import {
  FAULT_HEADER, FaultSpecError, closeConnectionAfter, cutReportBody, dribble, firstHalf, formatFaultPlan, isReadable,
  parseFaultSpec, seededRandom, type FaultPlan, type Payload
} from '../lib/faults.js'
import type { ReportBody } from '../lib/report-stream.js'

export interface GlobalFaultSettings {
  /** Share of API requests that get the fault, 0..1. */
  rate: number
  /** The fault, in the header's grammar. */
  fault: string
  /** Makes the choice of requests reproducible; without it, Math.random decides. */
  seed?: number
}

export interface GlobalFaultState extends GlobalFaultSettings {
  /** API requests seen and faults injected since the rate was set. */
  seen: number
  injected: number
}

export class FaultsDisabled extends Error {
  constructor () {
    super('Fault injection is off (set FAULTS=on)')
    this.name = 'FaultsDisabled'
  }
}

export interface Faults {
  enabled: boolean
  /** Sets the global fault rate; throws FaultSpecError for a bad fault or rate, FaultsDisabled when off. */
  setGlobal: (settings: GlobalFaultSettings) => GlobalFaultState
  getGlobal: () => GlobalFaultState | null
  clearGlobal: () => void
  /** onRequest hook for the API scope (after the rate limiter, before authentication). */
  onRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>
  /** onSend hook for the API scope: cuts or dribbles the body. */
  onSend: (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>
}

declare module 'fastify' {
  interface FastifyInstance { faults: Faults }
  interface FastifyRequest { faultPlan: FaultPlan | null }
}

interface ActiveGlobal { settings: GlobalFaultSettings, plan: FaultPlan, random: () => number, seen: number, injected: number }

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/** Requests whose report body was cut after its rows (the rest of the body is sent whole, then the cut). */
const cutByRows = new WeakSet<FastifyRequest>()

export default fp(async function faultsPlugin (app: FastifyInstance) {
  const enabled = app.config.FAULTS === 'on'
  let active: ActiveGlobal | null = null

  function setGlobal (settings: GlobalFaultSettings): GlobalFaultState {
    if (!enabled) throw new FaultsDisabled()
    if (typeof settings.rate !== 'number' || !(settings.rate >= 0 && settings.rate <= 1)) throw new FaultSpecError('rate must be between 0 and 1')
    if (settings.seed !== undefined && !Number.isInteger(settings.seed)) throw new FaultSpecError('seed must be an integer')
    const plan = parseFaultSpec(settings.fault)
    const normalised = { rate: settings.rate, fault: formatFaultPlan(plan), ...(settings.seed !== undefined ? { seed: settings.seed } : {}) }
    active = { settings: normalised, plan, random: settings.seed !== undefined ? seededRandom(settings.seed) : Math.random, seen: 0, injected: 0 }
    app.log.info({ fault: normalised }, 'global fault rate set')
    return getGlobal() as GlobalFaultState
  }

  function getGlobal (): GlobalFaultState | null {
    return active === null ? null : { ...active.settings, seen: active.seen, injected: active.injected }
  }

  function planFor (request: FastifyRequest): FaultPlan | null {
    const header = request.headers[FAULT_HEADER]
    if (header !== undefined) {
      try {
        return parseFaultSpec(Array.isArray(header) ? header.join(';') : header)
      } catch (error) {
        if (!(error instanceof FaultSpecError)) throw error
        throw new RequestValidationError([{ location: 'headers', param: FAULT_HEADER, msg: error.message }])
      }
    }
    if (active === null) return null
    active.seen++
    if (active.random() >= active.settings.rate) return null
    active.injected++
    return active.plan
  }

  async function onRequest (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!enabled) return undefined
    const plan = planFor(request)
    if (plan === null) return undefined
    request.faultPlan = plan
    request.log.info({ fault: formatFaultPlan(plan) }, 'injecting a fault')
    if (plan.latencyMs !== undefined && plan.latencyMs > 0) await sleep(plan.latencyMs)

    if (plan.reset === 'before' || plan.empty === true) {
      // No response at all: RST for a reset, a plain close (FIN) for an empty reply.
      reply.hijack()
      const socket = request.raw.socket
      if (plan.reset === 'before' && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
      else socket.destroy()
      return reply
    }
    switch (plan.status) {
      case 401: throw new Unauthorized()
      case 500: throw new InternalServerError()
      case 503: throw new ServiceUnavailable()
      case 429: return app.rateLimit.reject(reply, app.rateLimit.limiter.peek(app.rateLimit.keyOf(request)))
    }
    if (plan.reset === 'mid') {
      const rows = plan.rows ?? 1
      reply.reportBodyTransform = <Row>(body: ReportBody<Row>) => {
        cutByRows.add(request)
        return cutReportBody(body, rows)
      }
    }
    return undefined
  }

  async function onSend (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const plan = request.faultPlan
    if (plan === null || (plan.reset !== 'mid' && plan.slowMs === undefined)) return payload
    let body = payload as Payload
    if (plan.reset === 'mid' && !cutByRows.has(request) && !isReadable(body)) body = firstHalf(body)
    if (plan.slowMs !== undefined) body = dribble(body, plan.slowMs)
    if (plan.reset === 'mid') body = closeConnectionAfter(body, request.raw.socket)
    // The body is now a stream of another length: chunked, never a stale content-length.
    void reply.removeHeader('content-length')
    return body
  }

  app.decorateRequest('faultPlan', null)
  app.decorateReply('reportBodyTransform', null)
  app.decorate('faults', { enabled, setGlobal, getGlobal, clearGlobal: () => { active = null }, onRequest, onSend })
}, { name: 'faults', dependencies: ['rate-limit', 'errors'] })
