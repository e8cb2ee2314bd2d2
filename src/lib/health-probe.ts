// The container health probe's logic (entry point: src/healthcheck.ts). The probe follows HOST/PORT from
// the same environment as the server, so changing the port in compose cannot leave a stale health check.
import { loadConfig } from '../config.js'

/** The address a client inside the container uses to reach a server listening on `host`. */
export function probeHost (host: string): string {
  if (host === '0.0.0.0' || host === '' || host === '::' || host === '[::]') return '127.0.0.1'
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

export interface ProbeResult { ok: boolean, detail: string }

/** GET /healthz on the configured address: healthy only on 200 within the timeout. */
export async function probe (env: Record<string, string | undefined>, timeoutMs = 2_000): Promise<ProbeResult> {
  const config = loadConfig(env)
  const url = `http://${probeHost(config.HOST)}:${config.PORT}/healthz`
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    const body = await res.text()
    return { ok: res.status === 200, detail: `${url} -> ${res.status} ${body.slice(0, 200)}` }
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
    return { ok: false, detail: `${url} -> ${error instanceof Error ? error.message : String(error)}${cause}` }
  }
}
