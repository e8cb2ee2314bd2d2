// Worker thread of the seeder: generates the demo records and hands them over in batches, one batch per
// request from the thread that writes them. Generation (faker) and SQLite inserts then run on two cores.
import { parentPort, workerData } from 'node:worker_threads'
import { generateDemoData, type SeedOptions } from './generate.js'
import type { DataRecord } from './dataset.js'

export interface GenerateWorkerData { options: Omit<SeedOptions, 'reference'> & { reference: string }, batchSize: number }
export type GenerateWorkerMessage = { records: DataRecord[] } | { done: true }

const { options, batchSize } = workerData as GenerateWorkerData
const records = generateDemoData({ ...options, reference: new Date(options.reference) })
const port = parentPort
if (port === null) throw new Error('generate-worker must run in a worker thread')

port.on('message', () => {
  const batch: DataRecord[] = []
  for (let next = records.next(); ; next = records.next()) {
    if (next.done === true) {
      if (batch.length > 0) port.postMessage({ records: batch } satisfies GenerateWorkerMessage)
      port.postMessage({ done: true } satisfies GenerateWorkerMessage)
      return
    }
    batch.push(next.value)
    if (batch.length >= batchSize) break
  }
  port.postMessage({ records: batch } satisfies GenerateWorkerMessage)
})
