// The container health check (src/healthcheck.ts, the image's HEALTHCHECK): a real process against a
// real listening server, healthy only on 200 from /healthz.
import { execFile } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { probeHost } from '../../src/lib/health-probe.js'
import { buildTestApp } from '../helper.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

async function healthcheck (env: Record<string, string>): Promise<{ code: number, stderr: string }> {
  try {
    await run(process.execPath, ['--import', 'tsx', 'src/healthcheck.ts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 })
    return { code: 0, stderr: '' }
  } catch (error) {
    const e = error as { code?: number, stderr?: string }
    return { code: e.code ?? -1, stderr: e.stderr ?? '' }
  }
}

t.test('probes the loopback address when the server listens on every interface', async (t) => {
  t.equal(probeHost('0.0.0.0'), '127.0.0.1')
  t.equal(probeHost('::'), '127.0.0.1')
  t.equal(probeHost('127.0.0.1'), '127.0.0.1')
  t.equal(probeHost('::1'), '[::1]')
})

t.test('exits 0 while the server answers /healthz, 1 once it is gone', async (t) => {
  const app = await buildTestApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = String((app.server.address() as AddressInfo).port)
  const up = await healthcheck({ HOST: '0.0.0.0', PORT: port })
  t.equal(up.code, 0, up.stderr)
  await app.close()
  const down = await healthcheck({ HOST: '0.0.0.0', PORT: port })
  t.equal(down.code, 1)
  t.match(down.stderr, /unhealthy: http:\/\/127\.0\.0\.1:\d+\/healthz/)
})

t.test('exits 1 when /healthz answers anything but 200', async (t) => {
  const server = http.createServer((_req, res) => { res.writeHead(503).end('{"status":"closing"}') })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const res = await healthcheck({ PORT: String((server.address() as AddressInfo).port) })
  t.equal(res.code, 1)
  t.match(res.stderr, /503/)
})
