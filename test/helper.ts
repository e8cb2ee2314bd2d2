// Test harness: every test gets its own throwaway SQLite file (migrated by the app at build time), a
// silent logger and a frozen clock; the app is closed when the test ends.
import path from 'node:path'
import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import type { Config } from '../src/config.js'
import { loadRecords } from '../src/data/load.js'
import type { DataRecord } from '../src/data/dataset.js'
import { validatorFor } from './contract/openapi-validator.js'

export const TEST_NOW = '2026-03-15T10:00:00.000Z'

export async function buildTestApp (t: Test, config: Partial<Config> = {}): Promise<FastifyInstance> {
  const dir = t.testdir({})
  const app = await buildApp({
    // Rate limiting is off unless a test asks for it (test/app/rate-limit.test.ts): with a frozen clock the
    // window never ends, so a test making many requests would otherwise start failing at request 121.
    config: { DATABASE_URL: `file:${path.join(dir, 'test.db')}`, FROZEN_NOW: TEST_NOW, RATE_LIMIT_MAX: 0, ...config }
  })
  t.teardown(() => app.close())
  checkResponsesAgainstOpenApi(t, app)
  return app
}

/**
 * Every response this app gives to `app.inject({...})` is checked against its OpenAPI document by an
 * independent validator (test/contract/openapi-validator.ts); a mismatch fails the test that made the
 * request. Undocumented paths (admin, docs, unknown routes) are not checked.
 */
export function checkResponsesAgainstOpenApi (t: Pick<Test, 'fail'>, app: FastifyInstance): void {
  const inject = app.inject.bind(app)
  app.inject = function (options?: unknown, callback?: unknown) {
    if (options === undefined || callback !== undefined) return (inject as any)(options, callback)
    return (inject as any)(options).then((response: any) => {
      const request = typeof options === 'string' ? { url: options } : options as { method?: string, url?: string, path?: string }
      const url = String(request.url ?? request.path ?? '/')
      const problems = validatorFor(app.swagger() as Record<string, any>).validate({
        method: request.method ?? 'GET', url, statusCode: response.statusCode, headers: response.headers, body: response.body
      })
      if (problems.length > 0) t.fail(`the response does not match the OpenAPI document:\n${problems.join('\n')}`, { body: response.body.slice(0, 2000) })
      return response
    })
  } as typeof app.inject
}

/** Replaces the app's data with these records, as a fixture load would. */
export function loadData (app: FastifyInstance, records: Iterable<DataRecord>): void {
  loadRecords(app.db.writer, records, { replace: true })
  app.db.touch()
}

export function bearer (orgId: string, apiKey: string): { authorization: string } {
  return { authorization: `Bearer ${orgId}:${apiKey}` }
}
