// A Dockerfile reader for the instructions this project uses, following the Dockerfile reference: line
// continuations, comments, exec (JSON) and shell forms, ENV in both syntaxes, COPY/HEALTHCHECK flags,
// multi-stage FROM ... AS. Anything it does not understand (ARG, ADD, SHELL, heredocs, variable
// substitution outside RUN) is an error, so neither the test nor the proof can silently skip a step.

export type Command =
  | { form: 'exec', argv: string[] }
  | { form: 'shell', script: string }

export interface Healthcheck {
  command: Command
  interval?: number
  timeout?: number
  startPeriod?: number
  startInterval?: number
  retries?: number
}

export type Instruction =
  | { kind: 'RUN', line: number, command: Command }
  | { kind: 'COPY', line: number, sources: string[], dest: string, from?: string, chown?: string, chmod?: string }
  | { kind: 'WORKDIR', line: number, path: string }
  | { kind: 'ENV', line: number, vars: Array<[string, string]> }
  | { kind: 'USER', line: number, user: string }
  | { kind: 'EXPOSE', line: number, ports: Array<{ port: number, protocol: string }> }
  | { kind: 'VOLUME', line: number, paths: string[] }
  | { kind: 'HEALTHCHECK', line: number, check: Healthcheck | 'NONE' }
  | { kind: 'ENTRYPOINT', line: number, command: Command }
  | { kind: 'CMD', line: number, command: Command }
  | { kind: 'LABEL', line: number, labels: Array<[string, string]> }
  | { kind: 'STOPSIGNAL', line: number, signal: string }

export interface Stage {
  index: number
  name?: string
  base: string
  line: number
  instructions: Instruction[]
}

/** What `docker inspect` would show of the final stage (what this file sets, not the base image's). */
export interface ImageConfig {
  base: string
  env: Record<string, string>
  workdir: string
  user: string
  exposed: Array<{ port: number, protocol: string }>
  volumes: string[]
  entrypoint?: Command
  cmd?: Command
  healthcheck?: Healthcheck
  stopSignal: string
}

export class DockerfileError extends Error { override name = 'DockerfileError' }

interface LogicalLine { line: number, text: string }

/** Joins continuation lines and drops comments and blank lines, as the Dockerfile reference says. */
export function logicalLines (source: string): LogicalLine[] {
  const lines = source.replace(/\r\n/g, '\n').split('\n')
  const out: LogicalLine[] = []
  let current: LogicalLine | undefined
  lines.forEach((raw, i) => {
    const trimmed = raw.trim()
    if (i < 10 && current === undefined && /^#\s*escape\s*=/i.test(trimmed)) {
      throw new DockerfileError(`line ${i + 1}: the escape parser directive is not supported`)
    }
    if (trimmed.startsWith('#') || trimmed === '') return
    const continued = /\\\s*$/.test(raw)
    const text = continued ? raw.replace(/\\\s*$/, '') : raw
    if (current === undefined) current = { line: i + 1, text: text.trimStart() }
    else current.text += text
    if (!continued) { out.push(current); current = undefined }
  })
  if (current !== undefined) out.push(current)
  return out
}

/** Splits words the way the Dockerfile parser does for ENV/LABEL/COPY: quotes group, backslash escapes. */
export function shellWords (text: string, where: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote: '"' | "'" | undefined
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quote !== undefined) {
      if (ch === quote) { quote = undefined; continue }
      if (ch === '\\' && quote === '"' && i + 1 < text.length) { word += text[++i]; continue }
      word += ch
      continue
    }
    if (ch === '"' || ch === "'") { quote = ch; inWord = true; continue }
    if (ch === '\\' && i + 1 < text.length) { word += text[++i]; inWord = true; continue }
    if (/\s/.test(ch)) {
      if (inWord) { words.push(word); word = ''; inWord = false }
      continue
    }
    word += ch
    inWord = true
  }
  if (quote !== undefined) throw new DockerfileError(`${where}: unterminated quote`)
  if (inWord) words.push(word)
  return words
}

function parseCommand (text: string, where: string): Command {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    try {
      const argv: unknown = JSON.parse(trimmed)
      if (Array.isArray(argv) && argv.length > 0 && argv.every((a) => typeof a === 'string')) return { form: 'exec', argv }
    } catch {
      // Not valid JSON: Docker then treats the text as the shell form, and so do we.
    }
  }
  if (trimmed === '') throw new DockerfileError(`${where}: empty command`)
  return { form: 'shell', script: trimmed }
}

/** Go duration text (`10s`, `1m30s`, `500ms`) in milliseconds. */
export function parseDuration (text: string, where: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
  let rest = text
  let total = 0
  if (rest === '0') return 0
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/.exec(rest)
    if (m === null) throw new DockerfileError(`${where}: bad duration ${text}`)
    total += Number(m[1]) * units[m[2]]
    rest = rest.slice(m[0].length)
  }
  return total
}

/** Splits leading `--name=value` flags off an instruction's arguments. */
function takeFlags (text: string, where: string, allowed: string[]): { flags: Record<string, string>, rest: string } {
  const flags: Record<string, string> = {}
  let rest = text.trimStart()
  for (let m = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest); m !== null; m = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
    if (!allowed.includes(m[1])) throw new DockerfileError(`${where}: flag --${m[1]} is not supported`)
    flags[m[1]] = m[2] ?? 'true'
    rest = rest.slice(m[0].length)
  }
  return { flags, rest }
}

function noSubstitution (value: string, where: string): string {
  if (/\$(\{|[A-Za-z_])/.test(value)) throw new DockerfileError(`${where}: variable substitution is not supported: ${value}`)
  return value
}

function parseKeyValues (text: string, where: string, legacy: boolean): Array<[string, string]> {
  const words = shellWords(text, where)
  if (words.length === 0) throw new DockerfileError(`${where}: nothing to set`)
  if (legacy && !words[0].includes('=')) {
    // `ENV KEY value with spaces`: the rest of the line, as written, is the value.
    const value = text.trim().slice(text.trim().indexOf(words[0]) + words[0].length).trim()
    return [[words[0], noSubstitution(shellWords(value, where).join(' '), where)]]
  }
  return words.map((word) => {
    const eq = word.indexOf('=')
    if (eq <= 0) throw new DockerfileError(`${where}: expected KEY=value, got ${word}`)
    return [word.slice(0, eq), noSubstitution(word.slice(eq + 1), where)]
  })
}

export function parseDockerfile (source: string): Stage[] {
  const stages: Stage[] = []
  for (const { line, text } of logicalLines(source)) {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(text)
    if (m === null) continue
    const keyword = m[1].toUpperCase()
    const args = m[2]
    const where = `Dockerfile line ${line} (${keyword})`
    if (keyword === 'FROM') {
      const words = shellWords(args, where).filter((w) => !w.startsWith('--platform='))
      if (words.length !== 1 && !(words.length === 3 && words[1].toLowerCase() === 'as')) {
        throw new DockerfileError(`${where}: expected FROM image [AS name]`)
      }
      const base = noSubstitution(words[0], where)
      if (stages.some((s) => s.name === base)) throw new DockerfileError(`${where}: FROM an earlier stage is not supported`)
      stages.push({ index: stages.length, name: words[2], base, line, instructions: [] })
      continue
    }
    const stage = stages.at(-1)
    if (stage === undefined) throw new DockerfileError(`${where}: instruction before the first FROM`)
    if (/<<-?\s*["']?[A-Za-z_]/.test(args) && (keyword === 'RUN' || keyword === 'COPY')) {
      throw new DockerfileError(`${where}: heredocs are not supported`)
    }
    stage.instructions.push(parseInstruction(keyword, args, line, where))
  }
  if (stages.length === 0) throw new DockerfileError('Dockerfile has no FROM')
  return stages
}

function parseInstruction (keyword: string, args: string, line: number, where: string): Instruction {
  switch (keyword) {
    case 'RUN': {
      const { flags, rest } = takeFlags(args, where, [])
      void flags
      return { kind: 'RUN', line, command: parseCommand(rest, where) }
    }
    case 'COPY': {
      const { flags, rest } = takeFlags(args, where, ['from', 'chown', 'chmod', 'link'])
      const parsed = parseCommand(rest, where)
      const words = parsed.form === 'exec' ? parsed.argv : shellWords(parsed.script, where)
      if (words.length < 2) throw new DockerfileError(`${where}: expected COPY source... dest`)
      words.forEach((w) => noSubstitution(w, where))
      return { kind: 'COPY', line, sources: words.slice(0, -1), dest: words.at(-1) as string, from: flags.from, chown: flags.chown, chmod: flags.chmod }
    }
    case 'WORKDIR':
      return { kind: 'WORKDIR', line, path: noSubstitution(shellWords(args, where).join(' '), where) }
    case 'ENV':
      return { kind: 'ENV', line, vars: parseKeyValues(args, where, true) }
    case 'LABEL':
      return { kind: 'LABEL', line, labels: parseKeyValues(args, where, false) }
    case 'USER':
      return { kind: 'USER', line, user: noSubstitution(args.trim(), where) }
    case 'EXPOSE':
      return {
        kind: 'EXPOSE',
        line,
        ports: shellWords(args, where).map((word) => {
          const p = /^(\d+)(?:\/(tcp|udp|sctp))?$/.exec(word)
          if (p === null) throw new DockerfileError(`${where}: bad port ${word}`)
          return { port: Number(p[1]), protocol: p[2] ?? 'tcp' }
        })
      }
    case 'VOLUME': {
      const parsed = parseCommand(args, where)
      const paths = parsed.form === 'exec' ? parsed.argv : shellWords(parsed.script, where)
      return { kind: 'VOLUME', line, paths: paths.map((p) => noSubstitution(p, where)) }
    }
    case 'HEALTHCHECK': {
      const { flags, rest } = takeFlags(args, where, ['interval', 'timeout', 'start-period', 'start-interval', 'retries'])
      if (/^NONE\s*$/i.test(rest)) return { kind: 'HEALTHCHECK', line, check: 'NONE' }
      const cmd = /^CMD\s+([\s\S]+)$/i.exec(rest)
      if (cmd === null) throw new DockerfileError(`${where}: expected HEALTHCHECK [options] CMD command`)
      const duration = (name: string): number | undefined => flags[name] === undefined ? undefined : parseDuration(flags[name], where)
      return {
        kind: 'HEALTHCHECK',
        line,
        check: {
          command: parseCommand(cmd[1], where),
          interval: duration('interval'),
          timeout: duration('timeout'),
          startPeriod: duration('start-period'),
          startInterval: duration('start-interval'),
          retries: flags.retries === undefined ? undefined : Number(flags.retries)
        }
      }
    }
    case 'ENTRYPOINT':
    case 'CMD':
      return { kind: keyword, line, command: parseCommand(args, where) }
    case 'STOPSIGNAL':
      return { kind: 'STOPSIGNAL', line, signal: args.trim() }
    default:
      throw new DockerfileError(`${where}: instruction not supported by this reader`)
  }
}

/** POSIX path resolution for paths inside the image. */
export function imagePath (from: string, to: string): string {
  const parts = (to.startsWith('/') ? to : `${from}/${to}`).split('/')
  const out: string[] = []
  for (const part of parts) {
    if (part === '' || part === '.') continue
    if (part === '..') out.pop()
    else out.push(part)
  }
  return '/' + out.join('/')
}

/** The configuration of the image a stage produces (the final stage is the image `docker build` tags). */
export function imageConfig (stage: Stage): ImageConfig {
  const config: ImageConfig = { base: stage.base, env: {}, workdir: '/', user: 'root', exposed: [], volumes: [], stopSignal: 'SIGTERM' }
  for (const ins of stage.instructions) {
    switch (ins.kind) {
      case 'ENV': for (const [k, v] of ins.vars) config.env[k] = v; break
      case 'WORKDIR': config.workdir = imagePath(config.workdir, ins.path); break
      case 'USER': config.user = ins.user; break
      case 'EXPOSE': config.exposed.push(...ins.ports); break
      case 'VOLUME': config.volumes.push(...ins.paths); break
      // Setting ENTRYPOINT drops a CMD set before it (Dockerfile reference).
      case 'ENTRYPOINT': config.entrypoint = ins.command; config.cmd = undefined; break
      case 'CMD': config.cmd = ins.command; break
      case 'HEALTHCHECK': config.healthcheck = ins.check === 'NONE' ? undefined : ins.check; break
      case 'STOPSIGNAL': config.stopSignal = ins.signal; break
      default: break
    }
  }
  return config
}

/** The process a container of this image starts: ENTRYPOINT then CMD (shell forms run through sh -c). */
export function containerArgv (config: ImageConfig): string[] {
  const argv = (command: Command | undefined): string[] =>
    command === undefined ? [] : command.form === 'exec' ? command.argv : ['/bin/sh', '-c', command.script]
  if (config.entrypoint?.form === 'shell') return argv(config.entrypoint)
  return [...argv(config.entrypoint), ...argv(config.cmd)]
}

export function finalStage (stages: Stage[]): Stage {
  return stages[stages.length - 1]
}
