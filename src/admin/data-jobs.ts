// The main thread's side of the data worker: one worker, started on first use, with its own writer
// connection; jobs run one at a time in arrival order (two loads never race for the write lock), and
// closing waits for the job in flight so a load is never cut off half-way.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { SeedOptions } from '../data/generate.js'
import type { FixtureFormat, FixtureLoadResult, OrganizationSummary } from '../fixtures/load.js'
import type { FixtureProblem } from '../fixtures/validate.js'

export type DataJob =
  | { kind: 'fixture', body: Uint8Array, format: FixtureFormat, organizationId?: string }
  | { kind: 'demo', options: SeedOptions }
  | { kind: 'clear', organizationId: string }

export type DataJobResult = FixtureLoadResult | { removed: OrganizationSummary | null }

export interface DataJobReply {
  id: number
  outcome:
  | { ok: true, result: DataJobResult }
  | { ok: false, problems: FixtureProblem[] }
  | { ok: false, error: { message: string, code?: string } }
}

/** The job ran but the data was invalid: nothing was written. */
export class JobRejected extends Error {
  override name = 'JobRejected'
  constructor (readonly problems: FixtureProblem[]) { super('The fixture is invalid') }
}

/** The job failed for another reason (a database error, the worker died): nothing was written. */
export class JobFailed extends Error {
  override name = 'JobFailed'
  constructor (message: string, readonly code?: string) { super(message) }
}

// From TypeScript sources the worker needs a JavaScript entry that registers tsx first; compiled, it is
// the worker module itself.
const WORKER_URL = path.extname(fileURLToPath(import.meta.url)) === '.ts'
  ? new URL('./data-worker-entry.mjs', import.meta.url)
  : new URL('./data-worker.js', import.meta.url)

export class DataJobs {
  private worker: Worker | undefined
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (r: DataJobResult) => void, reject: (e: Error) => void }>()
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor (private readonly file: string) {}

  /** Runs a job after the ones before it; resolves with its result, rejects with JobRejected or JobFailed. */
  run (job: DataJob): Promise<DataJobResult> {
    if (this.closed) return Promise.reject(new JobFailed('The server is closing'))
    const result = this.queue.then(() => this.dispatch(job))
    this.queue = result.catch(() => undefined)
    return result
  }

  private dispatch (job: DataJob): Promise<DataJobResult> {
    const worker = this.ensureWorker()
    const id = this.nextId++
    worker.ref()
    return new Promise<DataJobResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      // The fixture text moves to the worker without a copy.
      const transfer = job.kind === 'fixture' ? [job.body.buffer as ArrayBuffer] : []
      worker.postMessage({ id, job }, transfer)
    })
  }

  /** Starts the worker ahead of the first job (a server that listens pays its start-up before any test asks). */
  warm (): void {
    if (!this.closed) this.ensureWorker()
  }

  private ensureWorker (): Worker {
    // threadId is -1 once a worker has stopped, possibly before its 'exit' event has been delivered.
    if (this.worker !== undefined && this.worker.threadId !== -1) return this.worker
    const worker = new Worker(WORKER_URL, { workerData: { file: this.file } })
    worker.on('message', (reply: DataJobReply) => {
      const waiting = this.pending.get(reply.id)
      if (waiting === undefined) return
      this.pending.delete(reply.id)
      // An idle worker does not keep the process alive.
      if (this.pending.size === 0) worker.unref()
      const outcome = reply.outcome
      if (outcome.ok) waiting.resolve(outcome.result)
      else if ('problems' in outcome) waiting.reject(new JobRejected(outcome.problems))
      else waiting.reject(new JobFailed(outcome.error.message, outcome.error.code))
    })
    const fail = (reason: string): void => {
      if (this.worker === worker) this.worker = undefined
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id)
        waiting.reject(new JobFailed(`The data worker stopped: ${reason}`))
      }
    }
    worker.unref()
    // What a worker throws arrives structured-cloned: an error of a native module may be a bare { code }.
    worker.on('error', (error: unknown) => {
      const { message, code } = (error ?? {}) as { message?: string, code?: string }
      fail(message ?? code ?? String(error))
    })
    worker.on('exit', (code) => fail(`exit code ${code}`))
    this.worker = worker
    return worker
  }

  /** Waits for the queued jobs, then stops the worker (which closes its connection). */
  async close (): Promise<void> {
    this.closed = true
    await this.queue
    const worker = this.worker
    this.worker = undefined
    if (worker === undefined) return
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
    worker.postMessage('close')
    // A worker that does not stop by itself within 5 s is terminated (its transaction, if any, rolls back).
    const timer = setTimeout(() => { void worker.terminate() }, 5_000)
    await exited
    clearTimeout(timer)
  }
}

