// Server configuration: one TypeBox schema is both the validator of the environment and the type of
// `config` everywhere, so the contract is written once.
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

export const DEFAULT_DEMO_ORG_ID = 'pied-piper-demo'
export const DEFAULT_DEMO_API_KEY = 'sk_demo_pied_piper_2f9c1e7a4b'

const Toggle = Type.Union([Type.Literal('on'), Type.Literal('off')])

export const ConfigSchema = Type.Object({
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  DATABASE_URL: Type.String({ default: 'file:./data/strigo-reports.db', pattern: '^file:.+' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' }
  ),
  DEMO_ORG_ID: Type.String({ default: DEFAULT_DEMO_ORG_ID, minLength: 1, pattern: '^[^:\\s]+$' }),
  DEMO_API_KEY: Type.String({ default: DEFAULT_DEMO_API_KEY, minLength: 8, pattern: '^\\S+$' }),
  /** Options of the demo data seeded when the server starts on an empty database. */
  SEED: Type.Integer({ default: 42 }),
  SEED_COURSES: Type.Integer({ minimum: 1, default: 3 }),
  SEED_ENROLLMENTS: Type.Integer({ minimum: 0, default: 40 }),
  /** A fixture file (JSON or YAML) loaded instead of the demo data when the server starts on an empty database. */
  SEED_FIXTURE: Type.Optional(Type.String({ minLength: 1 })),
  /** Freeze "now" (ISO-8601): the user-activity default window and the seed reference become reproducible. */
  FROZEN_NOW: Type.Optional(Type.String({ minLength: 1 })),
  /** `compact` gives exercise1_title (the spec); `underscored` gives exercise_1_title (the live docs since 2024). */
  EXERCISE_KEY_STYLE: Type.Union([Type.Literal('compact'), Type.Literal('underscored')], { default: 'compact' }),
  /** `on` prefixes CSV cells starting with = + - @ with a single quote, so spreadsheets do not run them. */
  CSV_FORMULA_ESCAPING: Type.Union([Toggle], { default: 'off' }),

  // Hardening (README: "Hardening").
  /** Requests per window per organisation (per client IP before authentication); `0` turns rate limiting off. */
  RATE_LIMIT_MAX: Type.Integer({ minimum: 0, default: 120 }),
  /** Length of the fixed rate-limit window, aligned on the app clock. */
  RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 }),
  /** `envelope`: the 429 body is the failure envelope; `text`: the bare message as text/plain (express-rate-limit's default). */
  RATE_LIMIT_BODY: Type.Union([Type.Literal('envelope'), Type.Literal('text')], { default: 'envelope' }),
  /** Origins allowed to call the API from a browser, comma-separated (`*` for any); empty turns CORS off. */
  CORS_ORIGINS: Type.String({ default: '' }),
  /** `on` honours the `x-strigo-fault` request header and the global fault rate; `off` injects no fault at all. */
  FAULTS: Type.Union([Toggle], { default: 'off' }),
  /** Largest accepted request body; larger ones get 413. */
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1024 * 1024 }),
  /** Slow clients cannot pin connections: the headers must arrive within this time (else 408)… */
  HEADERS_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10_000 }),
  /** …the whole request within this one… */
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 30_000 }),
  /** …an idle keep-alive connection is closed after this… */
  KEEP_ALIVE_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 5_000 }),
  /** …and a socket with no traffic at all after this. */
  CONNECTION_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 60_000 }),
  /** `on` mounts the admin API under /__admin (fixtures, reset, journal, clock); it then requires ADMIN_TOKEN. */
  ADMIN_API: Type.Union([Toggle], { default: 'off' }),
  /** The admin API's own secret; no colon, so no organisation credential (ORG_ID:API_KEY) can ever equal it. */
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16, pattern: '^[^:\\s]+$' })),
  /** Largest fixture body the admin API accepts, in MiB. */
  ADMIN_BODY_LIMIT_MB: Type.Integer({ minimum: 1, maximum: 4096, default: 256 }),
  /** Entries the request journal keeps (the last N API requests); 0 turns it off. */
  JOURNAL_SIZE: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 1000 })
})

export type Config = Static<typeof ConfigSchema>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Reads configuration from an environment-like object; unknown keys are ignored, bad values throw. */
export function loadConfig (env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const picked: Record<string, unknown> = {}
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key]
    if (value !== undefined && value !== '') picked[key] = value
  }
  Object.assign(picked, overrides)
  const candidate = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, picked))
  const errors = [...Value.Errors(ConfigSchema, candidate)]
  if (errors.length > 0) {
    const detail = errors.map((e) => `${e.path.slice(1) || '(root)'}: ${e.message}`).join('; ')
    throw new ConfigError(`Invalid configuration: ${detail}`)
  }
  if (candidate && typeof candidate === 'object' && 'FROZEN_NOW' in candidate) {
    const frozen = (candidate as Config).FROZEN_NOW
    if (frozen !== undefined && Number.isNaN(Date.parse(frozen))) throw new ConfigError(`Invalid configuration: FROZEN_NOW: not a date`)
  }
  const config = candidate as Config
  if (config.HEADERS_TIMEOUT_MS > config.REQUEST_TIMEOUT_MS) {
    throw new ConfigError('Invalid configuration: HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS')
  }
  if (config.ADMIN_API === 'on' && config.ADMIN_TOKEN === undefined) {
    throw new ConfigError('Invalid configuration: ADMIN_API=on requires ADMIN_TOKEN (at least 16 characters, no colon or whitespace)')
  }
  return config
}
