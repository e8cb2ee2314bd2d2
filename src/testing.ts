// One call for a consumer's test suite: a real server, in-process, on an ephemeral loopback port, with its
// own throwaway database loaded from a fixture (or the demo data), closed and cleaned up by `close()`.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { buildApp } from './app.js'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import { seedDemoData } from './data/demo.js'
import { loadFixture, loadFixtureFile, type FixtureLoadResult } from './fixtures/load.js'
import type { Fixture } from './fixtures/schema.js'

export interface TestServerOptions {
  /** A fixture object, or the path of a fixture file (JSON, or YAML by extension). Without it: the demo data. */
  fixture?: Fixture | string
  /** Settings over the defaults; DATABASE_URL is always the server's own temporary file. */
  config?: Partial<Omit<Config, 'DATABASE_URL'>>
  /** Mount the admin API: `true` with a generated token, or the token to use. */
  admin?: boolean | string
  clock?: Clock
  logger?: FastifyServerOptions['logger']
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string
  app: FastifyInstance
  /** The admin token, when the admin API is mounted. */
  adminToken?: string
  /** What the fixture (or the demo seed) wrote. */
  loaded: FixtureLoadResult
  /** The temporary SQLite file. */
  databaseFile: string
  /** Stops the server (in-flight requests finish) and deletes the temporary database. Safe to call twice. */
  close: () => Promise<void>
}

export async function startTestServer (options: TestServerOptions = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strigo-reports-'))
  const databaseFile = path.join(dir, 'test.db')
  const adminToken = options.admin === true ? crypto.randomBytes(24).toString('base64url') : typeof options.admin === 'string' ? options.admin : undefined
  let app: FastifyInstance | undefined
  let closed: Promise<void> | undefined
  const close = async (): Promise<void> => {
    closed ??= (async () => {
      try { await app?.close() } finally { fs.rmSync(dir, { recursive: true, force: true }) }
    })()
    return await closed
  }
  try {
    app = await buildApp({
      config: {
        ...options.config,
        ...(adminToken !== undefined ? { ADMIN_API: 'on' as const, ADMIN_TOKEN: adminToken } : {}),
        DATABASE_URL: `file:${databaseFile}`
      },
      clock: options.clock,
      logger: options.logger
    })
    let loaded: FixtureLoadResult
    if (typeof options.fixture === 'string') loaded = loadFixtureFile(app.db.writer, options.fixture)
    else if (options.fixture !== undefined) loaded = loadFixture(app.db.writer, options.fixture)
    else {
      const counts = await seedDemoData(app)
      const { SECOND_ORG } = await import('./data/generate.js') // already loaded by the seed
      loaded = { counts, organizations: [app.config.DEMO_ORG_ID, SECOND_ORG.id] }
    }
    app.db.touch()
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    if (address === null || typeof address === 'string') throw new Error('The test server has no TCP address')
    return { url: `http://127.0.0.1:${address.port}`, app, adminToken, loaded, databaseFile, close }
  } catch (error) {
    await close()
    throw error
  }
}
