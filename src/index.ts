// The package's public API: build the server in-process (tests, tools), start a throwaway test server in
// one call, work with fixtures, or read its configuration.
export { buildApp, API_PREFIX, type BuildAppOptions } from './app.js'
export { startTestServer, type TestServer, type TestServerOptions } from './testing.js'
export { loadConfig, type Config } from './config.js'
export { Clock } from './clock.js'
export { ADMIN_PREFIX } from './admin/index.js'
export type { JournalEntry, JournalFilter } from './admin/journal.js'
export { FixtureSchema, fixtureJsonSchema, type Fixture } from './fixtures/schema.js'
export { validateFixture, FixtureError, type FixtureProblem } from './fixtures/validate.js'
export { loadFixture, loadFixtureFile, parseFixture, type FixtureLoadResult } from './fixtures/load.js'
