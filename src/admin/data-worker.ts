// Worker thread for the admin API's data changes: parsing, validating and writing a large fixture (or the
// demo seed) takes seconds of CPU, and on the main thread it would stall every request. Here it runs on
// its own writer connection in one transaction; readers on the main thread keep serving the previous
// snapshot (WAL) until the commit, and the main thread's data version moves with it.
import { parentPort, workerData } from 'node:worker_threads'
import { openWriter, type Sqlite } from '../db/sqlite.js'
import { loadRecords } from '../data/load.js'
import { clearOrganization, loadFixture, parseFixture } from '../fixtures/load.js'
import { FixtureError } from '../fixtures/validate.js'
import type { DataJob, DataJobReply } from './data-jobs.js'

const { file } = workerData as { file: string }
// Opened on first use, so a database that cannot be opened fails each job with the reason, not the worker.
let connection: Sqlite | undefined
const database = (): Sqlite => (connection ??= openWriter(file))

async function run (job: DataJob): Promise<DataJobReply['outcome']> {
  switch (job.kind) {
    case 'fixture': {
      const text = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength).toString('utf8')
      const input = text.trim() === '' ? emptyBody() : parseFixture(text, job.format)
      const result = loadFixture(database(), input, { organizationId: job.organizationId, source: { text, format: job.format } })
      return { ok: true, result }
    }
    case 'demo': {
      const { generateDemoData, SECOND_ORG } = await import('../data/generate.js')
      const counts = loadRecords(database(), generateDemoData(job.options), { replace: true })
      return { ok: true, result: { counts, organizations: [job.options.demoOrgId, SECOND_ORG.id] } }
    }
    case 'clear':
      return { ok: true, result: { removed: clearOrganization(database(), job.organizationId) ?? null } }
  }
}

function errorMessage (error: unknown): string {
  const { message, code } = (error ?? {}) as { message?: string, code?: string }
  return [code, message].filter((part) => typeof part === 'string' && part !== '').join(': ') || String(error)
}

function emptyBody (): never {
  throw new FixtureError([{ path: '(root)', reason: 'the body is empty: send a fixture (see fixture.schema.json)' }])
}

parentPort?.on('message', (message: { id: number, job: DataJob } | 'close') => {
  if (message === 'close') {
    connection?.close()
    parentPort?.close()
    return
  }
  run(message.job).then(
    (outcome) => parentPort?.postMessage({ id: message.id, outcome } satisfies DataJobReply),
    (error: unknown) => {
      const outcome: DataJobReply['outcome'] = error instanceof FixtureError
        ? { ok: false, problems: error.problems }
        : { ok: false, error: { message: errorMessage(error), code: (error as { code?: string } | undefined)?.code } }
      parentPort?.postMessage({ id: message.id, outcome } satisfies DataJobReply)
    }
  )
})
