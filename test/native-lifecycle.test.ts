// better-sqlite3 12 compiled against Node >= 24.19 headers aborts the process (SIGABRT, "Assertion failed:
// (env) != nullptr" in RemoveEnvironmentCleanupHook) when V8 collects a statement outside a JavaScript
// context (nodejs/node#65446); the Dockerfile and scripts/ci-node24.sh build it against 24.18.1 headers.
// This runs the app's whole lifecycle in a fresh process, which aborted every time with the wrong build.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import t from 'tap'

const ROOT = path.resolve(import.meta.dirname, '..')

t.test('start, serve and close the app ten times in one process: no native abort', async (t) => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'test/native-lifecycle-child.ts', '10'], { cwd: ROOT, encoding: 'utf8', timeout: 100_000 })
  t.equal(res.signal, null, `not killed by a signal: ${res.stderr.slice(-600)}`)
  t.equal(res.status, 0, res.stderr.slice(-600))
  t.notMatch(res.stderr, /Assertion failed/)
  t.match(res.stdout, /10 cycles/)
})
