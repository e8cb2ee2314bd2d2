// npm start: runs the compiled server from dist/, which starts in a fraction of the time the TypeScript
// sources take through tsx. dist/ is (re)built first when it is missing or older than anything in src/,
// so a fresh clone needs nothing more than `npm install && npm start`. `npm run dev` runs the sources.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const stamp = path.join(root, 'dist', '.built')

function newestMtime (dir) {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs)
  }
  return newest
}

const builtAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0
const sourcesAt = Math.max(newestMtime(path.join(root, 'src')), fs.statSync(path.join(root, 'tsconfig.build.json')).mtimeMs)
if (sourcesAt > builtAt) {
  process.stderr.write('npm start: compiling src/ to dist/ (once, and again after sources change)…\n')
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
  fs.writeFileSync(stamp, new Date().toISOString() + '\n')
}

await import(pathToFileURL(path.join(root, 'dist', 'server.js')).href)
