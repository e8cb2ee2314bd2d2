// The server as a child process on a throwaway database, for the hardening scripts (loopback only).
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import Database from 'better-sqlite3'
import { applyMigrations } from '../../src/db/migrate.js'
import { openWriter } from '../../src/db/sqlite.js'
import { loadRecords } from '../../src/data/load.js'
import type { DataRecord } from '../../src/data/dataset.js'

export const ROOT = path.resolve(import.meta.dirname, '../..')

export function log (script: string, message: string): void {
  process.stderr.write(`[${script} ${new Date().toISOString().slice(11, 23)}] ${message}\n`)
}

/** A fresh directory with a database holding `records` (migrated and loaded in one transaction). */
export function prepareDatabase (prefix: string, records: Iterable<DataRecord>): { dir: string, file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `strigo-${prefix}-`))
  const file = path.join(dir, 'reports.db')
  const writer = openWriter(file)
  applyMigrations(writer)
  loadRecords(writer, records, { replace: true })
  writer.pragma('wal_checkpoint(TRUNCATE)')
  writer.close()
  return { dir, file }
}

export async function freePort (): Promise<number> {
  const server = http.createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface ServerProcess {
  url: string
  port: number
  child: ChildProcess
  /** What the server wrote to stdout and stderr (JSON log lines). */
  output: () => string
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
}

export async function startServer (file: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${file}`, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (chunk) => { output += chunk })
  child.stderr?.on('data', (chunk) => { output += chunk })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  const url = `http://127.0.0.1:${port}`
  const until = Date.now() + 30_000
  while (true) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`)
    const healthy = await new Promise<boolean>((resolve) => {
      http.get(`${url}/healthz`, (res) => { res.resume(); resolve(res.statusCode === 200) }).on('error', () => resolve(false))
    })
    if (healthy) break
    if (Date.now() > until) { child.kill('SIGKILL'); throw new Error(`server did not become healthy:\n${output}`) }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return { url, port, child, output: () => output, exited }
}

/** `PRAGMA integrity_check` on a database file nobody else has open. */
export function integrityCheck (file: string): string {
  const db = new Database(file, { fileMustExist: true })
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ')
  } finally {
    db.close()
  }
}

export function percentile (sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
