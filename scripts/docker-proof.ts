// Proves the Dockerfile and docker-compose.yml without a Docker engine, by doing what they say:
//   1. the build context: copies into a temporary folder only what .dockerignore lets through;
//   2. the build: runs every stage's instructions in order (RUN, COPY, WORKDIR, ENV, USER...), each stage in
//      its own folder standing for its filesystem; the image's own paths (/app, /data, /home/node) are
//      mapped into that folder and the base image's Node prefix (/usr/local) onto the running Node;
//   3. the container: starts ENTRYPOINT + CMD with the image's ENV and the compose service's environment,
//      as the image's USER, as PID 1 of fresh PID and network namespaces (so 0.0.0.0:3000 is the
//      container's own port), waits until the HEALTHCHECK command passes, runs the compose healthcheck,
//      calls a report with the demo credentials through curl, sends SIGTERM (docker stop) while a download
//      is under way, and checks exit code 0, the complete download and a clean database;
//   4. a restart on the same volume: migrations already applied, nothing seeded twice, same report.
// What stands in for what: Debian packages of an `apt-get install` step must be on the host (installed
// here with apt-get when missing, as root), the host's npm configuration, cache and network settings
// (proxy, extra CA) stand in for Docker's network, and the running Node stands in for the base image's
// (it must have the image's major: Node 24, which scripts/ci-node24.sh installs).
// Needs root (namespaces, setpriv, chown), curl, unshare/nsenter/setpriv (util-linux) and ip (iproute2).
// Usage: npx tsx scripts/docker-proof.ts [--keep]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { containerArgv, finalStage, imageConfig, imagePath, parseDockerfile, type Command, type Stage } from './docker/dockerfile.js'
import { DockerIgnore, contextFiles, copyContext } from './docker/dockerignore.js'
import { readCompose, type Service } from './docker/compose.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const KEEP = process.argv.includes('--keep')
/** Users of the official node image (its /etc/passwd): what USER and chown names mean inside it. */
const BASE_USERS: Record<string, { uid: number, gid: number, home: string }> = {
  root: { uid: 0, gid: 0, home: '/root' },
  node: { uid: 1000, gid: 1000, home: '/home/node' }
}
/** The official node image's PATH, before mapping /usr/local onto the running Node. */
const BASE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

const t0 = Date.now()
let passed = 0
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)}s`
function say (text: string): void { console.log(`docker-proof: ${text}`) }
function check (condition: boolean, what: string, detail = ''): void {
  if (!condition) throw new ProofFailure(`${what}${detail === '' ? '' : `: ${detail}`}`)
  passed++
  console.log(`ok ${passed} - ${what}`)
}
class ProofFailure extends Error {}

function requireTools (): void {
  if (process.getuid?.() !== 0) throw new ProofFailure('run as root: the container is emulated with namespaces, setpriv and chown')
  for (const tool of ['curl', 'unshare', 'nsenter', 'setpriv', 'ip', 'dpkg-query', 'cp']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new ProofFailure(`${tool} is not installed`)
  }
}

/**
 * The running Node's install prefix, standing in for the base image's /usr/local. Its major must be the
 * image's: the native modules built in the image are compiled for that Node.
 */
function nodePrefix (stages: Stage[]): string {
  for (const stage of stages) {
    const major = /^node:(\d+)(?:[.-]|$)/.exec(stage.base)?.[1]
    if (major === undefined) throw new ProofFailure(`FROM ${stage.base}: only the official node images are stood in for`)
    if (major !== process.versions.node.split('.')[0]) {
      throw new ProofFailure(`FROM ${stage.base} runs Node ${major}, this is Node ${process.version}: run the proof with Node ${major} ` +
        '(bash scripts/ci-node24.sh installs Node 24 from the registry and runs it)')
    }
  }
  return path.dirname(path.dirname(process.execPath))
}

// ---------------------------------------------------------------------------------------------------------
// Paths: each stage's filesystem is a folder; paths the Dockerfile creates are mapped into it.

/** Top-level folders the Dockerfile itself populates (WORKDIR, COPY destinations, VOLUME), plus user homes. */
function imageRoots (stages: Stage[]): string[] {
  const roots = new Set<string>(['/home'])
  for (const stage of stages) {
    let workdir = '/'
    for (const ins of stage.instructions) {
      const add = (p: string): void => { const top = p.split('/')[1]; if (top !== undefined && top !== '') roots.add('/' + top) }
      if (ins.kind === 'WORKDIR') { workdir = imagePath(workdir, ins.path); add(workdir) }
      if (ins.kind === 'COPY') add(imagePath(workdir, ins.dest))
      if (ins.kind === 'VOLUME') ins.paths.forEach(add)
    }
  }
  return [...roots].sort()
}

class PathMap {
  private readonly pairs: Array<[string, string]>
  private readonly pattern: RegExp
  constructor (readonly stageRoot: string, roots: string[], prefix: string) {
    this.pairs = [...roots.map((r): [string, string] => [r, path.join(stageRoot, r)]), ['/usr/local', prefix]]
    const alternatives = this.pairs.map(([from]) => from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
    this.pattern = new RegExp(`(^|[\\s=:'"(,\\[])(${alternatives})(?=$|[/\\s'":;,)\\]])`, 'g')
  }

  /** A path inside the image → the folder standing for it (system paths stay the host's). */
  host (imageAbsolute: string): string {
    for (const [from, to] of this.pairs) {
      if (imageAbsolute === from || imageAbsolute.startsWith(from + '/')) return to + imageAbsolute.slice(from.length)
    }
    return imageAbsolute
  }

  /** Rewrites image paths inside a command line or an environment value. */
  text (value: string): string {
    return value.replace(this.pattern, (_m, lead: string, from: string) => lead + (this.pairs.find(([f]) => f === from) as [string, string])[1])
  }

  /** Absolute paths in a shell script that would land on the host's own system folders. */
  unmapped (script: string): string[] {
    const found = [...script.matchAll(/(?:^|[\s=:'"(,])(\/[^\s'";&|)<>]*)/g)].map((m) => m[1])
    return found.filter((p) => p !== '/dev/null' && this.host(p) === p)
  }
}

// ---------------------------------------------------------------------------------------------------------
// Build steps

interface StepResult { status: number | null, log: string }

function runLogged (argv: string[], options: { cwd: string, env: NodeJS.ProcessEnv, logFile: string }): StepResult {
  const fd = fs.openSync(options.logFile, 'a')
  try {
    const res = spawnSync(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] })
    if (res.error !== undefined) throw res.error
    return { status: res.status, log: options.logFile }
  } finally {
    fs.closeSync(fd)
  }
}

function tail (file: string, lines = 40): string {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
}

/** `apt-get update && apt-get install ... && rm -rf /var/lib/apt/lists/*`: the packages, else undefined. */
function aptPackages (script: string, where: string): string[] | undefined {
  const parts = script.split('&&').map((p) => p.trim())
  if (!parts.some((p) => /^apt-get\s+install\b/.test(p))) return undefined
  const packages: string[] = []
  for (const part of parts) {
    if (/^apt-get\s+update$/.test(part) || part === 'rm -rf /var/lib/apt/lists/*') continue
    const install = /^apt-get\s+install\s+(.*)$/.exec(part)
    if (install === null) throw new ProofFailure(`${where}: an apt-get step may only update, install and clean up (found: ${part})`)
    packages.push(...install[1].split(/\s+/).filter((w) => !w.startsWith('-')))
  }
  return packages
}

function ensureHostPackages (packages: string[], logFile: string): string {
  const installed = (name: string): boolean =>
    spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout === 'install ok installed'
  const missing = packages.filter((p) => !installed(p))
  if (missing.length === 0) return `already on the host: ${packages.join(' ')}`
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const argv of [['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends', ...missing]]) {
    const res = runLogged(argv, { cwd: '/', env, logFile })
    if (res.status !== 0) throw new ProofFailure(`${argv.join(' ')} failed:\n${tail(logFile)}`)
  }
  return `installed on the host: ${missing.join(' ')}; already there: ${packages.filter((p) => !missing.includes(p)).join(' ') || '-'}`
}

/** `chown user[:group]` with the base image's user names → numeric ids (this host has other users). */
function numericChown (script: string, where: string): string {
  return script.replace(/\bchown\s+((?:-[A-Za-z]+\s+)*)([A-Za-z_][\w-]*)(?::([A-Za-z_][\w-]*))?(?=\s)/g, (_m, flags: string, user: string, group?: string) => {
    const u = BASE_USERS[user]
    const g = group === undefined ? undefined : BASE_USERS[group]
    if (u === undefined || (group !== undefined && g === undefined)) throw new ProofFailure(`${where}: unknown user in chown ${user}:${group ?? ''}`)
    return `chown ${flags}${u.uid}${g === undefined ? '' : `:${g.gid}`}`
  })
}

interface StageState { root: string, map: PathMap, workdir: string, env: Record<string, string>, user: string }

function commandArgv (command: Command): string[] {
  return command.form === 'exec' ? command.argv : ['/bin/sh', '-c', command.script]
}

function stageEnv (state: StageState, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: state.map.text(BASE_PATH), HOSTNAME: 'docker-proof' }
  for (const [k, v] of Object.entries({ ...state.env, ...extra })) env[k] = state.map.text(v)
  return env
}

function buildStage (stage: Stage, stageRoots: Map<string, string>, roots: string[], prefix: string, contextDir: string, logDir: string): StageState {
  const label = stage.name ?? String(stage.index)
  const root = path.join(path.dirname(contextDir), 'stages', label)
  fs.mkdirSync(root, { recursive: true, mode: 0o755 })
  // The base image's home of its `node` user.
  fs.mkdirSync(path.join(root, 'home', 'node'), { recursive: true })
  fs.chownSync(path.join(root, 'home', 'node'), BASE_USERS.node.uid, BASE_USERS.node.gid)
  const state: StageState = { root, map: new PathMap(root, roots, prefix), workdir: '/', env: {}, user: 'root' }
  say(`stage ${label}: FROM ${stage.base} (filesystem: ${root}; /usr/local -> ${prefix})`)

  for (const ins of stage.instructions) {
    const where = `Dockerfile line ${ins.line}`
    const started = Date.now()
    const logFile = path.join(logDir, `${label}-line-${ins.line}.log`)
    switch (ins.kind) {
      case 'WORKDIR':
        state.workdir = imagePath(state.workdir, ins.path)
        fs.mkdirSync(state.map.host(state.workdir), { recursive: true, mode: 0o755 })
        say(`  ${where} WORKDIR ${state.workdir}`)
        break
      case 'ENV':
        for (const [k, v] of ins.vars) state.env[k] = v
        say(`  ${where} ENV ${ins.vars.map(([k, v]) => `${k}=${v}`).join(' ')}`)
        break
      case 'USER':
        if (BASE_USERS[ins.user] === undefined) throw new ProofFailure(`${where}: USER ${ins.user} is not a user of the base image`)
        state.user = ins.user
        say(`  ${where} USER ${ins.user}`)
        break
      case 'COPY': {
        const sourceRoot = ins.from === undefined ? contextDir : stageRoots.get(ins.from)
        if (sourceRoot === undefined) throw new ProofFailure(`${where}: COPY --from=${ins.from}: no such earlier stage`)
        const destImage = imagePath(state.workdir, ins.dest)
        const destHost = state.map.host(destImage)
        const intoDir = ins.dest.endsWith('/') || ins.sources.length > 1
        const sourceMap = ins.from === undefined ? undefined : new PathMap(sourceRoot, roots, prefix)
        for (const source of ins.sources) {
          if (/[*?[]/.test(source)) throw new ProofFailure(`${where}: COPY wildcards are not supported by the proof`)
          const from = sourceMap === undefined ? path.join(sourceRoot, imagePath('/', source)) : sourceMap.host(imagePath('/', source))
          if (!fs.existsSync(from)) {
            throw new ProofFailure(`${where}: COPY ${source}: not found in ${ins.from === undefined ? 'the build context (.dockerignore?)' : `stage ${ins.from}`}`)
          }
          let target: string
          if (fs.statSync(from).isDirectory()) {
            fs.mkdirSync(destHost, { recursive: true })
            runOrFail(['cp', '-a', `${from}/.`, `${destHost}/`], where, logFile)
            target = destHost
          } else {
            target = intoDir || (fs.existsSync(destHost) && fs.statSync(destHost).isDirectory()) ? path.join(destHost, path.basename(from)) : destHost
            fs.mkdirSync(path.dirname(target), { recursive: true })
            runOrFail(['cp', '-a', from, target], where, logFile)
          }
          if (ins.chown !== undefined) runOrFail(['sh', '-c', numericChown(`chown -R ${ins.chown} "$1"`, where), 'chown', target], where, logFile)
          if (ins.chmod !== undefined) runOrFail(['chmod', '-R', ins.chmod, target], where, logFile)
        }
        say(`  ${where} COPY ${ins.from === undefined ? '' : `--from=${ins.from} `}${ins.sources.join(' ')} ${ins.dest} (${seconds(started)})`)
        break
      }
      case 'RUN': {
        if (ins.command.form === 'shell') {
          const packages = aptPackages(ins.command.script, where)
          if (packages !== undefined) {
            say(`  ${where} RUN apt-get install ${packages.join(' ')}: ${ensureHostPackages(packages, logFile)} (${seconds(started)})`)
            break
          }
          const outside = state.map.unmapped(ins.command.script)
          if (outside.length > 0) throw new ProofFailure(`${where}: RUN touches ${outside.join(', ')} outside the image's own folders; not run on the host`)
        }
        if (state.user !== 'root') throw new ProofFailure(`${where}: RUN as USER ${state.user} is not supported by the proof`)
        const argv = ins.command.form === 'exec'
          ? ins.command.argv.map((a) => state.map.text(a))
          : ['/bin/sh', '-c', numericChown(state.map.text(ins.command.script), where)]
        // HOME stays the host's: its npm configuration (registry, CA) and cache stand in for Docker's network.
        const res = runLogged(argv, { cwd: state.map.host(state.workdir), env: { ...stageEnv(state), ...hostNetworkEnv(), HOME: os.homedir() }, logFile })
        if (res.status !== 0) throw new ProofFailure(`${where}: RUN ${argv.at(-1) ?? ''} exited ${String(res.status)}:\n${tail(logFile)}`)
        say(`  ${where} RUN ${ins.command.form === 'exec' ? JSON.stringify(ins.command.argv) : ins.command.script} (${seconds(started)})`)
        break
      }
      case 'VOLUME':
        for (const p of ins.paths) fs.mkdirSync(state.map.host(imagePath(state.workdir, p)), { recursive: true })
        say(`  ${where} VOLUME ${ins.paths.join(' ')}`)
        break
      default:
        say(`  ${where} ${ins.kind} (image configuration)`)
    }
  }
  return state
}

/**
 * The host's network settings (proxy, extra CA), passed to build steps as Docker's daemon network would
 * serve them: without the extra CA, npm on Node 24 here takes minutes per download instead of seconds.
 */
function hostNetworkEnv (): NodeJS.ProcessEnv {
  const names = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']
  return Object.fromEntries(names.filter((n) => process.env[n] !== undefined).map((n) => [n, process.env[n]]))
}

function runOrFail (argv: string[], where: string, logFile: string): void {
  const res = runLogged(argv, { cwd: '/', env: process.env, logFile })
  if (res.status !== 0) throw new ProofFailure(`${where}: ${argv.join(' ')} failed:\n${tail(logFile)}`)
}

// ---------------------------------------------------------------------------------------------------------
// The container

class Container {
  /** Containers still running: a failed check must not leave one behind (it would also keep this process alive). */
  static readonly running = new Set<Container>()
  readonly process: ChildProcess
  readonly exited: Promise<number | null>
  private pid1?: number

  constructor (readonly state: StageState, readonly argv: string[], readonly env: NodeJS.ProcessEnv, readonly user: { uid: number, gid: number }, readonly logFile: string) {
    const fd = fs.openSync(logFile, 'a')
    // PID 1 of new PID and network namespaces: signals, the port and loopback are the container's own.
    this.process = spawn('unshare', ['--pid', '--net', '--fork', '--kill-child', '--',
      '/bin/sh', '-c', 'ip link set lo up && exec "$@"', 'container',
      'setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', ...argv
    ], { cwd: state.map.host(state.workdir), env, stdio: ['ignore', fd, fd] })
    fs.closeSync(fd)
    this.exited = new Promise((resolve) => this.process.on('exit', (code, signal) => resolve(signal === null ? code : 128 + (os.constants.signals[signal] ?? 0))))
    Container.running.add(this)
    void this.exited.then(() => Container.running.delete(this))
  }

  /** The host pid of the container's PID 1 (unshare's child). */
  async init (): Promise<number> {
    for (let i = 0; i < 100 && this.pid1 === undefined; i++) {
      const file = `/proc/${String(this.process.pid)}/task/${String(this.process.pid)}/children`
      const child = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').trim().split(/\s+/)[0]) : NaN
      if (child > 0) this.pid1 = child
      else await sleep(50)
    }
    if (this.pid1 === undefined) throw new ProofFailure('the container process did not start')
    return this.pid1
  }

  /** Runs a command in the container's network namespace (as `docker exec` would, for a health check). */
  exec (argv: string[], options: { asUser: boolean, timeoutMs: number }): { status: number | null, output: string } {
    const user = options.asUser ? ['setpriv', `--reuid=${this.user.uid}`, `--regid=${this.user.gid}`, '--clear-groups', '--'] : []
    const res = spawnSync('nsenter', ['--target', String(this.pid1), '--net', '--', ...user, ...argv], {
      cwd: this.state.map.host(this.state.workdir), env: options.asUser ? this.env : process.env, encoding: 'utf8', timeout: options.timeoutMs
    })
    return { status: res.status, output: `${res.stdout ?? ''}${res.stderr ?? ''}` }
  }

  /** Starts a command in the container's network namespace without waiting (a client mid-download). */
  spawnClient (argv: string[]): ChildProcess {
    return spawn('nsenter', ['--target', String(this.pid1), '--net', '--', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
  }

  logLines (): Array<Record<string, unknown>> {
    return fs.readFileSync(this.logFile, 'utf8').split('\n').flatMap((line) => {
      try { const v: unknown = JSON.parse(line); return v !== null && typeof v === 'object' ? [v as Record<string, unknown>] : [] } catch { return [] }
    })
  }
}

function curl (container: Container, url: string, headers: string[], extra: string[] = []): { status: number | null, body: string } {
  const args = ['curl', '-sS', '--max-time', '30', '--fail-with-body', ...headers.flatMap((h) => ['-H', h]), ...extra, url]
  const res = container.exec(args, { asUser: false, timeoutMs: 35_000 })
  return { status: res.status, body: res.output }
}

async function waitHealthy (container: Container, healthArgv: string[], deadlineMs: number, timeoutMs: number): Promise<number> {
  const started = Date.now()
  let last = ''
  while (Date.now() - started < deadlineMs) {
    const exitCode = await Promise.race([container.exited, sleep(0).then(() => undefined)])
    if (exitCode !== undefined) throw new ProofFailure(`the container exited (${String(exitCode)}) before it was healthy:\n${tail(container.logFile)}`)
    const res = container.exec(healthArgv, { asUser: true, timeoutMs })
    if (res.status === 0) return Date.now() - started
    last = res.output.trim()
    await sleep(250)
  }
  throw new ProofFailure(`not healthy within ${deadlineMs} ms (last probe: ${last}):\n${tail(container.logFile)}`)
}

async function stop (container: Container, signal: string, graceMs: number): Promise<number | null> {
  process.kill(await container.init(), signal as NodeJS.Signals)
  const code = await Promise.race([container.exited, sleep(graceMs).then(() => 'timeout' as const)])
  if (code === 'timeout') {
    container.process.kill('SIGKILL')
    throw new ProofFailure(`still running ${graceMs} ms after ${signal} (docker would SIGKILL it):\n${tail(container.logFile)}`)
  }
  return code
}

interface DbState { integrity: string, walLeft: boolean, migrations: number, demoCourses: number }

function inspectDatabase (file: string, demoOrgId: string, scratch: string): DbState {
  const walLeft = fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0
  // Inspect a copy: the volume itself is left exactly as the server closed it.
  const copy = path.join(scratch, `inspect-${Date.now()}.db`)
  fs.copyFileSync(file, copy)
  const db = new Database(copy)
  try {
    return {
      integrity: (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; '),
      walLeft,
      migrations: db.prepare('SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').pluck().get() as number,
      demoCourses: db.prepare('SELECT count(*) FROM courses WHERE organization_id = ?').pluck().get(demoOrgId) as number
    }
  } finally {
    db.close()
    fs.rmSync(copy)
  }
}

/** The compose service built from this directory's Dockerfile. */
function composeService (): Service {
  // Interpolated with an empty environment: the file's own defaults, as on a machine with no overrides.
  const project = readCompose(path.join(ROOT, 'docker-compose.yml'), {})
  const built = Object.values(project.services).filter((s) => s.build?.context === '.' && s.build.dockerfile === 'Dockerfile')
  if (built.length !== 1) throw new ProofFailure(`docker-compose.yml: expected one service built from ./Dockerfile, found ${built.length}`)
  return built[0]
}

async function main (): Promise<void> {
  requireTools()
  const stages = parseDockerfile(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))
  const prefix = nodePrefix(stages)
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-proof-'))
  fs.chmodSync(work, 0o755)
  const logDir = path.join(work, 'logs')
  fs.mkdirSync(logDir)
  say(`work folder ${work}; Node ${process.version} (${process.execPath}) stands in for the base image's Node`)
  let succeeded = false
  try {
    // 1. Build context
    let started = Date.now()
    const ignore = DockerIgnore.fromText(fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8'))
    const files = contextFiles(ROOT, ignore)
    const contextDir = path.join(work, 'context')
    copyContext(ROOT, files, contextDir)
    say(`build context: ${files.length} files (${seconds(started)})`)
    const leaked = files.filter((f) => /^(node_modules|dist|data|\.git|src\/generated|test)(\/|$)|\.db(-wal|-shm|-journal)?$|(^|\/)\.env/.test(f))
    check(leaked.length === 0, 'the build context leaves out node_modules, dist, data, .git, tests, generated code, databases and .env files', leaked.join(', '))

    // 2. Build
    started = Date.now()
    const roots = imageRoots(stages)
    const stageRoots = new Map<string, string>()
    let state: StageState | undefined
    for (const stage of stages) {
      state = buildStage(stage, stageRoots, roots, prefix, contextDir, logDir)
      stageRoots.set(stage.name ?? String(stage.index), state.root)
      stageRoots.set(String(stage.index), state.root)
    }
    if (state === undefined) throw new ProofFailure('no stage')
    const image = state
    check(true, `the image builds: ${stages.length} stages, ${stages.reduce((n, s) => n + s.instructions.length, 0)} instructions (${seconds(started)})`)

    const config = imageConfig(finalStage(stages))
    const appDir = image.map.host(config.workdir)
    const lock = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }
    const devInImage = Object.entries(lock.packages).filter(([, p]) => p.dev === true).map(([name]) => name)
    const rootLock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }
    const devOnly = Object.entries(rootLock.packages).filter(([name, p]) => p.dev === true && fs.existsSync(path.join(appDir, name))).map(([name]) => name)
    check(devInImage.length === 0 && devOnly.length === 0, 'the runtime stage holds production dependencies only', [...devInImage, ...devOnly].slice(0, 10).join(', '))
    const buildStageEnv = stages[0].instructions.flatMap((i) => i.kind === 'ENV' ? i.vars : [])
    const pinnedHeaders = buildStageEnv.find(([k]) => k === 'npm_config_nodedir')?.[1]
    if (pinnedHeaders !== undefined) {
      const gypi = fs.readFileSync(path.join(appDir, 'node_modules', 'better-sqlite3', 'build', 'config.gypi'), 'utf8')
      const builtWith = /"nodedir": "([^"]+)"/.exec(gypi)?.[1]
      const expected = new PathMap(stageRoots.get(stages[0].name ?? '0') as string, roots, prefix).text(pinnedHeaders)
      check(builtWith === expected, `better-sqlite3 in the image was compiled from source against the pinned headers (${pinnedHeaders})`, `built with ${String(builtWith)}`)
    }
    const dbAtBuild = spawnSync('find', [image.root, '-path', '*/node_modules', '-prune', '-o', '-name', '*.db', '-print'], { encoding: 'utf8' }).stdout.trim()
    check(dbAtBuild === '', 'no database is created at build time', dbAtBuild)

    // 3. Container, first start on an empty volume
    const service = composeService()
    const user = BASE_USERS[config.user]
    if (user === undefined) throw new ProofFailure(`USER ${config.user} is not a user of the base image`)
    check(user.uid !== 0, `the container runs as the non-root user ${config.user} (uid ${user.uid})`)
    const standIn = spawnSync('setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', path.join(prefix, 'bin', 'node'), '--version'], { encoding: 'utf8' })
    if (standIn.stdout?.trim() !== process.version) {
      throw new ProofFailure(`${config.user} cannot run ${prefix}/bin/node (the stand-in for /usr/local/bin/node): make its folders readable (${standIn.stderr ?? ''})`)
    }
    // Rate limiting off for the proof, as `docker compose run -e RATE_LIMIT_MAX=0` would: it sends hundreds of
    // requests in a row, past the real API's 120 a minute (the limiter itself is proven by the test suite).
    const env: NodeJS.ProcessEnv = { ...stageEnv(image, { ...service.environment, RATE_LIMIT_MAX: '0' }), HOME: image.map.host(user.home) }
    const argv = containerArgv(config).map((a) => image.map.text(a))
    const healthArgv = config.healthcheck === undefined ? undefined : containerArgv({ ...config, entrypoint: undefined, cmd: config.healthcheck.command })
    if (healthArgv === undefined) throw new ProofFailure('the image has no HEALTHCHECK')
    const healthDeadline = (config.healthcheck?.startPeriod ?? 0) + (config.healthcheck?.interval ?? 30_000) * (config.healthcheck?.retries ?? 3)
    const healthTimeout = config.healthcheck?.timeout ?? 30_000
    const port = service.ports[0]?.target ?? Number(env.PORT)
    const base = `http://127.0.0.1:${port}`
    const auth = `Authorization: Bearer ${service.environment.DEMO_ORG_ID}:${service.environment.DEMO_API_KEY}`
    const graceMs = service.stopGracePeriod ?? 10_000
    const dbUrl = env.DATABASE_URL ?? ''
    const dbFile = dbUrl.replace(/^file:/, '').split('?')[0]
    say(`container: ${argv.join(' ')} as ${config.user}; DATABASE_URL=${dbUrl}`)

    started = Date.now()
    const first = new Container(image, argv, env, user, path.join(logDir, 'container-1.log'))
    const pid1 = await first.init()
    const healthyAfter = await waitHealthy(first, healthArgv.map((a) => image.map.text(a)), healthDeadline, healthTimeout)
    check(true, `HEALTHCHECK ${healthArgv.join(' ')} passes ${(healthyAfter / 1000).toFixed(1)}s after start (PID 1 is host pid ${pid1})`)
    const seeded = first.logLines().find((l) => l.msg === 'empty database: seeded the demo data')
    check(seeded !== undefined, 'the first start seeds the demo data', JSON.stringify(seeded?.seeded))
    if (service.healthcheck !== undefined) {
      const res = first.exec(service.healthcheck.argv.map((a) => image.map.text(a)), { asUser: true, timeoutMs: service.healthcheck.timeout ?? 30_000 })
      check(res.status === 0, `the compose healthcheck (${service.healthcheck.argv.join(' ')}) passes`, res.output)
    }

    const listing = curl(first, `${base}/api/v1/ondemand`, [auth])
    check(listing.status === 0, 'curl lists the demo courses with the demo credentials', listing.body.slice(0, 300))
    const courses = (JSON.parse(listing.body) as { data: Array<{ id: string }> }).data
    check(courses.length === Number(service.environment.SEED_COURSES), `the demo organisation has SEED_COURSES=${service.environment.SEED_COURSES} courses`, String(courses.length))
    const reportUrl = `${base}/api/v1/ondemand-courses/${courses[0].id}/reports/enrollments`
    const report = curl(first, `${reportUrl}?output=json`, [auth])
    const rows = report.status === 0 ? (JSON.parse(report.body) as { result: string, data: unknown[] }) : undefined
    check(rows?.result === 'success' && rows.data.length === Number(service.environment.SEED_ENROLLMENTS),
      `curl ${reportUrl}?output=json → ${String(rows?.data.length)} enrollments (SEED_ENROLLMENTS=${service.environment.SEED_ENROLLMENTS})`, report.body.slice(0, 300))
    const csv = curl(first, `${reportUrl}?output=csv`, [auth])
    check(csv.status === 0 && csv.body.trimEnd().split('\n').length === (rows?.data.length ?? -2) + 1, 'the same report as CSV: a header and one line per enrollment', csv.body.slice(0, 200))
    const unauthorized = curl(first, `${reportUrl}?output=json`, ['Authorization: Bearer nobody:sk_wrong_key_123'], ['-o', '/dev/null', '-w', '%{http_code}'])
    check(unauthorized.body.trim().endsWith('401'), 'wrong credentials get 401', unauthorized.body)

    // Some load: many requests through Prisma and the report streams, so native statements are collected
    // while the server runs (the abort nodejs/node#65446 causes); the server must stay up and healthy.
    const curlConfig = path.join(work, 'load.curl')
    const loadUrls = [`${base}/api/v1/ondemand`, `${reportUrl}?output=json`, `${reportUrl}?output=csv`]
    fs.writeFileSync(curlConfig, Array.from({ length: 300 }, (_, i) => `url = "${loadUrls[i % 3]}"\noutput = "/dev/null"\n`).join(''))
    const load = curl(first, loadUrls[0], [auth], ['-K', curlConfig, '-o', '/dev/null', '-w', '%{http_code}\\n'])
    const codes = load.body.trim().split('\n')
    check(load.status === 0 && codes.length === 301 && codes.every((c) => c === '200'), `${codes.length} requests in a row all answer 200`, load.body.slice(-300))
    check(first.exec(healthArgv.map((a) => image.map.text(a)), { asUser: true, timeoutMs: healthTimeout }).status === 0, 'still healthy after the load')

    // docker stop while a download is under way: the client gets the whole report, the server exits 0.
    const download = path.join(work, 'in-flight.csv')
    const client = first.spawnClient(['curl', '-sS', '--fail', '--limit-rate', '4k', '-o', download, '-H', auth, `${reportUrl}?output=csv`])
    const clientDone = new Promise<number | null>((resolve) => client.on('exit', (code) => resolve(code)))
    for (let i = 0; i < 100 && !(fs.existsSync(download) && fs.statSync(download).size > 0); i++) await sleep(20)
    const stopStarted = Date.now()
    const code = await stop(first, config.stopSignal, graceMs)
    check(code === 0, `${config.stopSignal} to PID 1: exit code 0 after ${seconds(stopStarted)} (stop_grace_period ${graceMs / 1000}s)`, `exit ${String(code)}\n${tail(first.logFile)}`)
    check(first.logLines().some((l) => l.signal === config.stopSignal && typeof l.msg === 'string' && l.msg.startsWith('closing')),
      'the server logged its graceful close on the signal')
    const clientCode = await clientDone
    const got = fs.existsSync(download) ? fs.readFileSync(download, 'utf8') : ''
    check(clientCode === 0 && got === csv.body, 'a report download under way when the signal arrived completed, byte for byte', `curl exit ${String(clientCode)}, ${got.length}/${csv.body.length} bytes`)
    let db = inspectDatabase(dbFile, service.environment.DEMO_ORG_ID, work)
    const migrationDirs = fs.readdirSync(path.join(appDir, 'prisma', 'migrations'), { withFileTypes: true }).filter((d) => d.isDirectory()).length
    check(db.integrity === 'ok' && !db.walLeft, `the database on the volume is clean: PRAGMA integrity_check = ${db.integrity}, no WAL left`)
    check(db.migrations === migrationDirs, `migrations applied at first start: ${db.migrations} of ${migrationDirs}`)
    say(`first run: ${seconds(started)}`)

    // 4. Restart on the same volume
    started = Date.now()
    const second = new Container(image, argv, env, user, path.join(logDir, 'container-2.log'))
    await second.init()
    await waitHealthy(second, healthArgv.map((a) => image.map.text(a)), healthDeadline, healthTimeout)
    const again = curl(second, `${reportUrl}?output=json`, [auth])
    check(again.status === 0 && again.body === report.body, 'after a restart on the same volume the report is the same, byte for byte')
    check(!second.logLines().some((l) => l.msg === 'empty database: seeded the demo data'), 'a restart does not seed again')
    const code2 = await stop(second, config.stopSignal, graceMs)
    db = inspectDatabase(dbFile, service.environment.DEMO_ORG_ID, work)
    check(code2 === 0 && db.integrity === 'ok' && !db.walLeft && db.migrations === migrationDirs &&
      db.demoCourses === Number(service.environment.SEED_COURSES), 'the restarted server stops cleanly too, database intact, nothing applied or seeded twice', JSON.stringify({ code2, ...db }))
    say(`restart: ${seconds(started)}`)
    succeeded = true
  } finally {
    if (succeeded && !KEEP) fs.rmSync(work, { recursive: true, force: true })
    else say(`kept ${work} (logs in ${logDir})`)
  }
}

main().then(() => {
  say(`total ${seconds(t0)} on Node ${process.version}`)
  console.log(`docker-proof: ${passed} passed, 0 failed`)
}, (error: unknown) => {
  console.error(`not ok ${passed + 1} - ${error instanceof Error ? error.message : String(error)}`)
  if (!(error instanceof ProofFailure) && error instanceof Error) console.error(error.stack)
  say(`total ${seconds(t0)} on Node ${process.version}`)
  console.log(`docker-proof: ${passed} passed, 1 failed`)
  process.exitCode = 1
  // unshare --kill-child takes the container's processes with it.
  for (const container of Container.running) container.process.kill('SIGKILL')
})
