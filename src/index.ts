// The package's public API: build the server in-process (tests, tools) or read its configuration.
export { buildApp, API_PREFIX, type BuildAppOptions } from './app.js'
export { loadConfig, type Config } from './config.js'
export { Clock } from './clock.js'
