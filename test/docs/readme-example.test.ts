// The README's complete contract-test example ("Use it in your tests") runs as written: extracted from the
// README, run by Node's test runner against the package itself (imported by its name).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

t.test('the README example passes', async (t) => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const block = /```ts\n(\/\/ contract\.test\.ts[\s\S]*?)```/.exec(readme)
  t.ok(block, 'the README has the example')
  if (block === null) return
  // Inside the repository (t.testdir is under .tap/), so `import 'strigo-reports-server'` resolves to this package.
  const dir = t.testdir({ 'contract.test.ts': block[1] })
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', path.join(dir, 'contract.test.ts')], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000
  })
  t.equal(run.status, 0, run.stdout + run.stderr)
  t.match(run.stdout, /# pass 3\n/)
  t.match(run.stdout, /# fail 0\n/)
})
