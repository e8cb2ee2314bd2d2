// Entry of the seeder's generator worker when running from the TypeScript sources: a worker thread does
// not inherit the tsx loader of the thread that started it, so it registers tsx first.
import { register } from 'tsx/esm/api'

register()
await import('./generate-worker.ts')
