// The demo records, generated in a worker thread while the caller writes them: an async stream of
// batches with at most two batches in flight, so memory stays bounded whatever the size.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { DataRecord } from './dataset.js'
import type { SeedOptions } from './generate.js'
import type { GenerateWorkerData, GenerateWorkerMessage } from './generate-worker.js'

const WORKER_URL = path.extname(fileURLToPath(import.meta.url)) === '.ts'
  ? new URL('./generate-worker-entry.mjs', import.meta.url)
  : new URL('./generate-worker.js', import.meta.url)

export async function * generateInWorker (options: SeedOptions, batchSize = 4000): AsyncGenerator<DataRecord[]> {
  const workerData: GenerateWorkerData = { options: { ...options, reference: options.reference.toISOString() }, batchSize }
  const worker = new Worker(WORKER_URL, { workerData })
  const queue: GenerateWorkerMessage[] = []
  let wake: (() => void) | undefined
  let failure: Error | undefined
  worker.on('message', (message: GenerateWorkerMessage) => { queue.push(message); wake?.() })
  worker.on('error', (error) => { failure = error; wake?.() })
  worker.on('exit', (code) => { if (code !== 0) failure ??= new Error(`generator worker exited with ${code}`); wake?.() })
  try {
    // Two requests in flight: the worker prepares the next batch while this thread writes the current one.
    worker.postMessage('more')
    worker.postMessage('more')
    while (true) {
      while (queue.length === 0 && failure === undefined) await new Promise<void>((resolve) => { wake = resolve })
      if (failure !== undefined) throw failure
      const message = queue.shift() as GenerateWorkerMessage
      if ('done' in message) return
      worker.postMessage('more')
      yield message.records
    }
  } finally {
    await worker.terminate()
  }
}
