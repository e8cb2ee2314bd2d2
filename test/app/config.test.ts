import path from 'node:path'
import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'
import { buildApp } from '../../src/app.js'

t.test('defaults', async (t) => {
  const config = loadConfig({})
  t.equal(config.HOST, '127.0.0.1')
  t.equal(config.PORT, 3000)
  t.equal(config.DATABASE_URL, 'file:./data/strigo-reports.db')
  t.equal(config.EXERCISE_KEY_STYLE, 'compact')
})

t.test('environment values are converted and validated', async (t) => {
  t.equal(loadConfig({ PORT: '8080' }).PORT, 8080)
  t.equal(loadConfig({ PORT: '' }).PORT, 3000, 'an empty variable means the default')
  t.throws(() => loadConfig({ PORT: 'eighty' }), ConfigError)
  t.throws(() => loadConfig({ PORT: '70000' }), ConfigError)
  t.throws(() => loadConfig({ DATABASE_URL: 'postgres://x' }), ConfigError)
  t.throws(() => loadConfig({ DEMO_ORG_ID: 'has:colon' }), /DEMO_ORG_ID/)
  t.throws(() => loadConfig({ FROZEN_NOW: 'yesterday' }), /FROZEN_NOW/)
  t.throws(() => loadConfig({ EXERCISE_KEY_STYLE: 'snake' }), ConfigError)
})

t.test('boot fails loudly on a bad setting', async (t) => {
  await t.rejects(buildApp({ config: { DATABASE_URL: `file:${path.join(t.testdir({}), 'x.db')}` }, env: { PORT: 'nope' } }), ConfigError)
})
