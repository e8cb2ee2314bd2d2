// Authentication by scope: routes registered inside a scope that calls `requireOrganization` get
// `request.organization`; every failure is the same 401, whichever part was wrong.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Unauthorized } from '../errors.js'
import { digestMatches, hashApiKey, parseBearer } from '../lib/api-keys.js'

export interface Organization { id: string }

declare module 'fastify' {
  interface FastifyRequest { organization: Organization }
  interface FastifyInstance {
    /** onRequest hook: authenticates `Authorization: Bearer ORG_ID:API_KEY` or answers 401. */
    requireOrganization: (request: FastifyRequest) => Promise<void>
    /**
     * The organisation the request's credentials belong to, or undefined. Computed once per request, so
     * a hook that runs before `requireOrganization` (the rate limiter keys on it) costs nothing extra.
     */
    identifyOrganization: (request: FastifyRequest) => Organization | undefined
  }
}

// Compared against when the organisation is unknown, so that case costs the same as a wrong key.
const DECOY_DIGEST = hashApiKey('decoy-key-for-unknown-organisations')
const CACHE_LIMIT = 1000

export default fp(async function authPlugin (app: FastifyInstance) {
  const keysOf = app.db.writer.prepare('SELECT key_hash FROM api_keys WHERE organization_id = ?').pluck()
  // Header → organisation, valid for one data version: the hot path skips the lookup and the hash.
  let cache = new Map<string, Organization>()
  let cacheVersion = -1

  function authenticate (header: string | undefined): Organization | undefined {
    const version = app.db.version()
    if (version !== cacheVersion) { cache = new Map(); cacheVersion = version }
    if (header !== undefined) {
      const hit = cache.get(header)
      if (hit !== undefined) return hit
    }
    const credentials = parseBearer(header)
    if (credentials === undefined) return undefined
    const digest = hashApiKey(credentials.apiKey)
    const stored = keysOf.all(credentials.orgId) as string[]
    let matched = false
    for (const candidate of stored.length > 0 ? stored : [DECOY_DIGEST]) {
      // No early exit: every stored key is compared.
      if (digestMatches(digest, candidate)) matched = stored.length > 0
    }
    if (!matched) return undefined
    const organization = { id: credentials.orgId }
    if (header !== undefined && cache.size < CACHE_LIMIT) cache.set(header, organization)
    return organization
  }

  const identified = new WeakMap<FastifyRequest, Organization | null>()
  function identifyOrganization (request: FastifyRequest): Organization | undefined {
    let organization = identified.get(request)
    if (organization === undefined) {
      organization = authenticate(request.headers.authorization) ?? null
      identified.set(request, organization)
    }
    return organization ?? undefined
  }

  app.decorateRequest('organization', null as unknown as Organization)
  app.decorate('identifyOrganization', identifyOrganization)
  app.decorate('requireOrganization', async function (request: FastifyRequest) {
    const organization = identifyOrganization(request)
    if (organization === undefined) throw new Unauthorized()
    request.organization = organization
  })
}, { name: 'auth', dependencies: ['db'] })
