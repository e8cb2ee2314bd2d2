// .dockerignore semantics (Docker's, not git's) and what the project's file lets into the build context.
import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { DockerIgnore, contextFiles, readIgnoreFile } from '../../scripts/docker/dockerignore.js'
import { parseDockerfile } from '../../scripts/docker/dockerfile.js'

const ROOT = path.resolve(import.meta.dirname, '../..')

t.test('reads patterns as Docker does: comments, blanks, leading and trailing slashes, spaced exceptions', async (t) => {
  const text = 'test1\n/test2\n/a/file/here/\n\nlastfile\n# a comment\n! /inverted/abs/path\n  spaced  \na//b/./c\n'
  t.same(readIgnoreFile(text), ['test1', 'test2', 'a/file/here', 'lastfile', '!inverted/abs/path', 'spaced', 'a/b/c'])
  t.throws(() => DockerIgnore.fromText('!\n'), /illegal exclusion/)
})

t.test('patterns are anchored at the context root; * and ? stay within one folder; ** spans folders', async (t) => {
  const cases: Array<[string, string, boolean]> = [
    ['*/temp*', 'somedir/temporary.txt', true],
    ['*/temp*', 'somedir/temp', true],
    ['*/temp*', 'temp', false],
    ['*/temp*', 'a/b/temp', false],
    ['*/*/temp*', 'somedir/subdir/temporary.txt', true],
    ['temp?', 'tempa', true],
    ['temp?', 'tempab', false],
    ['temp?', 'sub/tempa', false],
    ['*.md', 'README.md', true],
    ['*.md', 'docs/guide.md', false],
    ['**/*.go', 'main.go', true],
    ['**/*.go', 'x/y/z.go', true],
    ['**/*.go', 'x/y/z.goo', false],
    ['node_modules', 'node_modules/a/index.js', true],
    ['node_modules', 'pkg/node_modules/a/index.js', false],
    ['dir/**', 'dir/a/b', true],
    ['dir/**', 'dira/b', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['[a-c].txt', 'b.txt', true],
    ['[^a-c].txt', 'b.txt', false],
    ['[^a-c].txt', 'd.txt', true],
    ['file.(txt)', 'file.(txt)', true],
    ['file.txt', 'fileXtxt', false],
    ['**', 'anything/at/all', true]
  ]
  for (const [pattern, file, ignored] of cases) t.equal(new DockerIgnore([pattern]).ignores(file), ignored, `${pattern} ${ignored ? 'ignores' : 'keeps'} ${file}`)
})

t.test('the last matching pattern wins; ! re-includes, even inside an excluded folder', async (t) => {
  const ig = DockerIgnore.fromText('*.md\n!README*.md\nREADME-secret.md\ndocs\n!docs/keep.md\n')
  t.equal(ig.ignores('CHANGES.md'), true)
  t.equal(ig.ignores('README-public.md'), false)
  t.equal(ig.ignores('README-secret.md'), true)
  t.equal(ig.ignores('docs/other.md'), true)
  t.equal(ig.ignores('docs/keep.md'), false)
  t.equal(ig.mayIncludeBelow('docs'), true)
  t.equal(ig.mayIncludeBelow('node_modules'), false)
})

t.test('an allow-list (** then exceptions) walks only into folders something can come from', async (t) => {
  const dir = t.testdir({
    'package.json': '{}',
    src: { 'a.ts': '', generated: { 'client.ts': '' }, 'local.db': '' },
    node_modules: { x: { 'index.js': '' } },
    notes: { 'todo.txt': '' },
    '.env': 'SECRET=1'
  })
  const ig = DockerIgnore.fromText('**\n!package.json\n!src\nsrc/generated\n**/*.db\n**/.env\n')
  t.same(contextFiles(dir, ig), ['package.json', 'src/a.ts'])
})

t.test("the project's .dockerignore lets in what the Dockerfile copies and nothing local", async (t) => {
  const ig = DockerIgnore.fromText(fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8'))
  const files = contextFiles(ROOT, ig)
  const copied = parseDockerfile(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))
    .flatMap((s) => s.instructions)
    .flatMap((i) => i.kind === 'COPY' && i.from === undefined ? i.sources : [])
  t.ok(copied.length > 0)
  for (const source of copied) {
    const clean = source.replace(/^\.?\//, '').replace(/\/$/, '')
    t.ok(files.some((f) => f === clean || f.startsWith(clean + '/')), `COPY ${source} finds its files in the context`)
  }
  for (const file of ['package.json', 'package-lock.json', 'prisma/schema.prisma', 'src/server.ts', 'tsconfig.build.json']) {
    t.ok(files.includes(file), `${file} is in the context`)
  }
  for (const local of ['node_modules/fastify/package.json', 'dist/server.js', 'data/strigo-reports.db', 'src/generated/prisma/client.ts',
    '.env', 'test/helper.ts', '.git/HEAD', 'src/data/local.db', 'scripts/docker-proof.ts']) {
    t.equal(ig.ignores(local), true, `${local} stays out`)
  }
})
