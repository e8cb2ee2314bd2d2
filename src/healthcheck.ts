// Container health check: exits 0 when this container's server answers GET /healthz with 200, else 1.
// Node rather than curl because the slim image has no curl; the Dockerfile's HEALTHCHECK and the compose
// file's healthcheck both run `node dist/healthcheck.js`.
import { ConfigError } from './config.js'
import { probe } from './lib/health-probe.js'

try {
  const result = await probe(process.env)
  if (!result.ok) console.error(`unhealthy: ${result.detail}`)
  process.exitCode = result.ok ? 0 : 1
} catch (error) {
  console.error(`unhealthy: ${error instanceof ConfigError ? error.message : String(error)}`)
  process.exitCode = 1
}
