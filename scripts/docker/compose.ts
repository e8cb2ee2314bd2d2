// docker-compose.yml, read as Docker Compose reads it: YAML, then `${VAR}` interpolation from an
// environment (`:-`/`-` defaults, `:?`/`?` errors, `:+`/`+` alternatives, `$$` for a dollar), then the
// short and long syntaxes of environment, ports, volumes and healthcheck normalised.
import fs from 'node:fs'
import { parse } from 'yaml'
import { parseDuration } from './dockerfile.js'

export class ComposeError extends Error { override name = 'ComposeError' }

/** Interpolates one string with Compose's rules; `env` stands for the shell and the .env file. */
export function interpolate (text: string, env: Record<string, string | undefined>, where = 'value'): string {
  return text.replace(/\$(?:\$|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$'
    if (bare !== undefined) return env[bare] ?? ''
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([\s\S]*))?$/.exec(braced ?? '')
    if (m === null) throw new ComposeError(`${where}: invalid interpolation ${whole}`)
    const [, name, colon, op, arg] = m
    if (arg?.includes('$') === true) throw new ComposeError(`${where}: nested interpolation is not supported: ${whole}`)
    const value = env[name]
    const missing = colon === ':' ? value === undefined || value === '' : value === undefined
    switch (op) {
      case undefined: return value ?? ''
      case '-': return missing ? arg : value as string
      case '?': if (missing) throw new ComposeError(`${where}: required variable ${name} is missing: ${arg}`); return value as string
      case '+': return missing ? '' : arg
      default: throw new ComposeError(`${where}: invalid interpolation ${whole}`)
    }
  })
}

function interpolateTree (node: unknown, env: Record<string, string | undefined>, where: string): unknown {
  if (typeof node === 'string') return interpolate(node, env, where)
  if (Array.isArray(node)) return node.map((item, i) => interpolateTree(item, env, `${where}[${i}]`))
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateTree(v, env, `${where}.${k}`)]))
  }
  return node
}

export interface ServicePort { target: number, published?: string, hostIp?: string, protocol: string }
export interface ServiceVolume { type: 'volume' | 'bind' | 'tmpfs', source?: string, target: string, readOnly: boolean }
export interface ServiceHealthcheck {
  /** The command Docker runs: CMD argv, or CMD-SHELL through /bin/sh -c. */
  argv: string[]
  interval?: number
  timeout?: number
  startPeriod?: number
  retries?: number
}

export interface Service {
  name: string
  build?: { context: string, dockerfile: string }
  image?: string
  environment: Record<string, string>
  ports: ServicePort[]
  volumes: ServiceVolume[]
  healthcheck?: ServiceHealthcheck
  init?: boolean
  stopGracePeriod?: number
  raw: Record<string, unknown>
}

export interface ComposeProject {
  services: Record<string, Service>
  volumes: Record<string, unknown>
}

function record (value: unknown, where: string): Record<string, unknown> {
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value)) throw new ComposeError(`${where}: expected a mapping`)
  return value as Record<string, unknown>
}

function scalar (value: unknown): string {
  return value === null || value === undefined ? '' : String(value)
}

function environment (value: unknown, where: string): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map((entry) => {
      const text = String(entry)
      const eq = text.indexOf('=')
      if (eq < 0) throw new ComposeError(`${where}: ${text} takes its value from the shell, which this reader does not do`)
      return [text.slice(0, eq), text.slice(eq + 1)]
    }))
  }
  return Object.fromEntries(Object.entries(record(value, where)).map(([k, v]) => {
    if (v === null) throw new ComposeError(`${where}: ${k} takes its value from the shell, which this reader does not do`)
    return [k, scalar(v)]
  }))
}

function ports (value: unknown, where: string): ServicePort[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new ComposeError(`${where}: expected a list`)
  return value.map((entry) => {
    if (typeof entry === 'object' && entry !== null) {
      const e = entry as Record<string, unknown>
      return { target: Number(e.target), published: e.published === undefined ? undefined : String(e.published), hostIp: e.host_ip as string | undefined, protocol: String(e.protocol ?? 'tcp') }
    }
    const m = /^(?:(?:([\d.]+|\[[^\]]+\]):)?([\d-]*):)?(\d+)(?:\/(tcp|udp|sctp))?$/.exec(String(entry))
    if (m === null) throw new ComposeError(`${where}: cannot read port ${String(entry)}`)
    return { hostIp: m[1], published: m[2] === undefined || m[2] === '' ? undefined : m[2], target: Number(m[3]), protocol: m[4] ?? 'tcp' }
  })
}

function volumes (value: unknown, where: string): ServiceVolume[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new ComposeError(`${where}: expected a list`)
  return value.map((entry) => {
    if (typeof entry === 'object' && entry !== null) {
      const e = entry as Record<string, unknown>
      return { type: (e.type ?? 'volume') as ServiceVolume['type'], source: e.source as string | undefined, target: String(e.target), readOnly: e.read_only === true }
    }
    const parts = String(entry).split(':')
    if (parts.length === 1) return { type: 'volume' as const, target: parts[0], readOnly: false }
    const [source, target, mode = 'rw'] = parts
    const bind = source.startsWith('.') || source.startsWith('/') || source.startsWith('~')
    return { type: bind ? 'bind' as const : 'volume' as const, source, target, readOnly: mode.split(',').includes('ro') }
  })
}

function healthcheck (value: unknown, where: string): ServiceHealthcheck | undefined {
  if (value === undefined) return undefined
  const h = record(value, where)
  if (h.disable === true) return undefined
  const test = h.test
  let argv: string[]
  if (typeof test === 'string') argv = ['/bin/sh', '-c', test]
  else if (Array.isArray(test) && test[0] === 'CMD') argv = test.slice(1).map(String)
  else if (Array.isArray(test) && test[0] === 'CMD-SHELL') argv = ['/bin/sh', '-c', String(test[1])]
  else if (Array.isArray(test) && test[0] === 'NONE') return undefined
  else throw new ComposeError(`${where}.test: expected CMD, CMD-SHELL, NONE or a string`)
  const duration = (key: string): number | undefined => h[key] === undefined ? undefined : parseDuration(String(h[key]), `${where}.${key}`)
  return {
    argv,
    interval: duration('interval'),
    timeout: duration('timeout'),
    startPeriod: duration('start_period'),
    retries: h.retries === undefined ? undefined : Number(h.retries)
  }
}

/** Parses compose YAML text; `env` is the interpolation environment (defaults apply where it is silent). */
export function parseCompose (text: string, env: Record<string, string | undefined> = {}): ComposeProject {
  const doc = interpolateTree(parse(text), env, 'docker-compose.yml')
  const top = record(doc, 'docker-compose.yml')
  const services: Record<string, Service> = {}
  for (const [name, rawService] of Object.entries(record(top.services, 'services'))) {
    const where = `services.${name}`
    const s = record(rawService, where)
    let build: Service['build']
    if (typeof s.build === 'string') build = { context: s.build, dockerfile: 'Dockerfile' }
    else if (s.build !== undefined) {
      const b = record(s.build, `${where}.build`)
      build = { context: scalar(b.context ?? '.'), dockerfile: scalar(b.dockerfile ?? 'Dockerfile') }
    }
    services[name] = {
      name,
      build,
      image: s.image === undefined ? undefined : scalar(s.image),
      environment: environment(s.environment, `${where}.environment`),
      ports: ports(s.ports, `${where}.ports`),
      volumes: volumes(s.volumes, `${where}.volumes`),
      healthcheck: healthcheck(s.healthcheck, `${where}.healthcheck`),
      init: s.init === undefined ? undefined : s.init === true,
      stopGracePeriod: s.stop_grace_period === undefined ? undefined : parseDuration(scalar(s.stop_grace_period), `${where}.stop_grace_period`),
      raw: s
    }
  }
  return { services, volumes: record(top.volumes, 'volumes') }
}

export function readCompose (file: string, env: Record<string, string | undefined> = {}): ComposeProject {
  return parseCompose(fs.readFileSync(file, 'utf8'), env)
}
