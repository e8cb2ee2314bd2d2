// Entry of the data worker when the server runs from its TypeScript sources. A worker thread starts with
// a fresh module loader: it does not inherit the TypeScript loader (tsx) of the thread that started it,
// so it registers tsx before importing the worker module.
import { register } from 'tsx/esm/api'

register()
await import('./data-worker.ts')
