// /__admin/faults: the global fault rate over HTTP (README, "Hardening"). Registered inside the admin scope,
// so the admin token guards it; with FAULTS=off it can be read but not set (409).
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError, RequestValidationError } from '../errors.js'
import { FaultSpecError } from '../lib/faults.js'
import { SuccessEnvelope } from '../schemas/common.js'
import { AdminFailureSchema } from './schemas.js'

export class FaultsDisabledError extends ApiError {
  constructor () { super(409, 'FaultsDisabled', 'Fault injection is off: start the server with FAULTS=on') }
}

const GlobalFaultSchema = Type.Object({
  rate: Type.Number({ minimum: 0, maximum: 1, description: 'Share of API requests that get the fault' }),
  fault: Type.String({ description: 'The fault, in the grammar of the x-strigo-fault header (normalised)' }),
  seed: Type.Optional(Type.Integer({ description: 'Present when the choice of requests is reproducible' })),
  seen: Type.Integer({ minimum: 0, description: 'API requests seen since the rate was set' }),
  injected: Type.Integer({ minimum: 0, description: 'Faults injected since the rate was set' })
})

const FaultsStateSchema = SuccessEnvelope(Type.Object({
  enabled: Type.Boolean({ description: 'FAULTS=on' }),
  global: Type.Union([GlobalFaultSchema, Type.Null()])
}))

const SetGlobalFaultBodySchema = Type.Object({
  rate: Type.Number({ minimum: 0, maximum: 1 }),
  fault: Type.String({ minLength: 1, maxLength: 500, examples: ['status=503', 'latency=200; reset=mid; rows=10'] }),
  seed: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 4294967295 }))
}, { additionalProperties: false })

const failures = { 401: AdminFailureSchema, 409: AdminFailureSchema, 422: AdminFailureSchema }

const faultsAdmin: FastifyPluginAsyncTypebox = async (app) => {
  const state = () => ({ result: 'success' as const, data: { enabled: app.faults.enabled, global: app.faults.getGlobal() } })

  app.get('/faults', {
    schema: { hide: true, summary: 'Whether faults are on, and the global fault rate', response: { 200: FaultsStateSchema, ...failures } }
  }, async () => state())

  app.put('/faults', {
    schema: {
      hide: true,
      summary: 'Set the global fault rate: a share of all API requests get the fault',
      body: SetGlobalFaultBodySchema,
      response: { 200: FaultsStateSchema, ...failures }
    }
  }, async (request) => {
    if (!app.faults.enabled) throw new FaultsDisabledError()
    try {
      app.faults.setGlobal(request.body)
    } catch (error) {
      if (!(error instanceof FaultSpecError)) throw error
      throw new RequestValidationError([{ location: 'body', param: 'fault', msg: error.message }])
    }
    return state()
  })

  app.delete('/faults', {
    schema: { hide: true, summary: 'End the global fault rate', response: { 200: FaultsStateSchema, ...failures } }
  }, async () => {
    app.faults.clearGlobal()
    return state()
  })
}

export default faultsAdmin
