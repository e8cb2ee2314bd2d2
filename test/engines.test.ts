// package.json `engines` against the running Node and every installed package's own `engines`. CI runs the
// suite on Node 20 (the system Node) and Node 24 (the image's), so both majors are checked where they run.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import t from 'tap'

const ROOT = path.resolve(import.meta.dirname, '..')
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[], dependencies?: Record<string, string> }>
}

// A small reading of npm's range grammar: `||` alternatives of space-separated comparators, with partial
// and x versions, ^ and ~ (enough for every range in the lock file; an unreadable one fails the test).
type Version = [number, number, number]
const cmp = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]

function satisfies (version: Version, range: string): boolean {
  return range.split('||').some((set) => {
    const comparators = set.trim().replace(/([<>=^~]+)\s+/g, '$1').split(/\s+/).filter((c) => c !== '')
    return comparators.every((c) => comparatorHolds(version, c))
  })
}

function comparatorHolds (v: Version, comparator: string): boolean {
  const m = /^(<=|>=|<|>|=|\^|~)?v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/.exec(comparator)
  if (comparator === '*' || comparator === '') return true
  if (m === null) throw new Error(`unreadable range comparator: ${comparator}`)
  const op = m[1] ?? '='
  const parts = [m[2], m[3], m[4]].map((p) => p === undefined || /[xX*]/.test(p) ? undefined : Number(p))
  const given = parts.findIndex((p) => p === undefined)
  const known = given === -1 ? 3 : given
  const low: Version = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0]
  // The first version past the partial one: 20 → 21.0.0, 20.19 → 20.20.0.
  const next = (n: number): Version => n === 0 ? [Infinity, 0, 0] : n === 1 ? [low[0] + 1, 0, 0] : n === 2 ? [low[0], low[1] + 1, 0] : [low[0], low[1], low[2] + 1]
  switch (op) {
    case '>=': return cmp(v, low) >= 0
    case '<': return cmp(v, low) < 0
    case '>': return cmp(v, next(known)) >= 0
    case '<=': return cmp(v, next(known)) < 0
    case '=': return cmp(v, low) >= 0 && cmp(v, next(known)) < 0
    case '~': return cmp(v, low) >= 0 && cmp(v, next(Math.min(known, 2))) < 0
    case '^': {
      const firstNonZero = low.findIndex((p) => p !== 0)
      const upto = firstNonZero === -1 ? known : Math.min(firstNonZero + 1, known)
      return cmp(v, low) >= 0 && cmp(v, next(upto)) < 0
    }
    default: return false
  }
}

const parse = (text: string): Version => text.replace(/^v/, '').split('.').map(Number) as Version

/**
 * Packages whose `engines` exclude a Node line this project supports, each with why it still works there.
 * Both are ESM-only and loaded with require() by CommonJS dependents, which Node supports from 20.19 and
 * 22.12 (require(esm)): the test below loads and calls them through those dependents on this Node.
 */
const KNOWN_STRICTER: Record<string, { dependent: string, check: (mod: Record<string, unknown>) => unknown, expect: unknown }> = {
  'content-disposition': {
    dependent: '@fastify/static',
    check: (m) => (m.create as (f: string) => string)('résumé.pdf'),
    expect: 'attachment; filename="r?sum?.pdf"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.pdf'
  },
  cookie: {
    dependent: 'light-my-request',
    check: (m) => (m.stringifySetCookie as (c: { name: string, value: string }) => string)({ name: 'a', value: 'b c' }),
    expect: 'a=b%20c'
  }
}

t.test('the range reader', async (t) => {
  t.ok(satisfies(parse('20.19.0'), '>=20.19 <21 || >=22.13'))
  t.notOk(satisfies(parse('20.18.9'), '>=20.19 <21 || >=22.13'))
  t.notOk(satisfies(parse('21.0.0'), '>=20.19 <21 || >=22.13'))
  t.ok(satisfies(parse('24.1.0'), '20.x || 22.x || 23.x || 24.x || 25.x || 26.x'))
  t.notOk(satisfies(parse('27.0.0'), '20.x || 22.x || 23.x || 24.x || 25.x || 26.x'))
  t.ok(satisfies(parse('20.0.0'), '>= 0.8'))
  t.ok(satisfies(parse('14.17.0'), '>=16 || 14 >=14.17'))
  t.notOk(satisfies(parse('14.16.0'), '>=16 || 14 >=14.17'))
  t.notOk(satisfies(parse('23.4.0'), '^20.19.0 || ^22.13.0 || ^23.5.0 || >=24.0.0'))
  t.ok(satisfies(parse('22.99.0'), '^22.13.0'))
  t.notOk(satisfies(parse('23.0.0'), '^22.13.0'))
  t.ok(satisfies(parse('20.1.0'), '~20'))
  t.throws(() => satisfies(parse('20.0.0'), '>=20 <banana'))
})

t.test('this Node is within the engines range', async (t) => {
  t.ok(satisfies(parse(process.versions.node), pkg.engines.node), `${process.version} satisfies ${pkg.engines.node}`)
})

t.test('every installed package supports each Node line the engines range admits', async (t) => {
  // The first and a late release of each major the range admits.
  const probes: Version[] = []
  for (let major = 18; major <= 30; major++) {
    for (const v of [[major, 0, 0], [major, 13, 0], [major, 19, 0], [major, 99, 0]] as Version[]) {
      if (satisfies(v, pkg.engines.node)) probes.push(v)
    }
  }
  t.ok(probes.some((v) => v[0] === 20) && probes.some((v) => v[0] === 24), `the range admits Node 20 and 24: ${pkg.engines.node}`)
  const conflicts: string[] = []
  for (const [location, entry] of Object.entries(lock.packages)) {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node
    if (location === '' || range === undefined) continue
    const name = location.replace(/^.*node_modules\//, '')
    const failing = probes.filter((v) => !satisfies(v, range)).map((v) => v.join('.'))
    if (failing.length > 0 && KNOWN_STRICTER[name] === undefined) conflicts.push(`${name} (${range}) excludes ${failing.join(', ')}`)
  }
  t.same(conflicts, [], 'no dependency excludes a supported Node version, except the documented ones')
})

t.test('the ESM-only dependencies that declare >=22 load and work through their CommonJS dependents here', async (t) => {
  for (const [name, { dependent, check, expect }] of Object.entries(KNOWN_STRICTER)) {
    const requireFrom = createRequire(path.join(ROOT, 'node_modules', dependent, 'package.json'))
    const mod = requireFrom(name) as Record<string, unknown>
    t.equal(check(mod), expect, `${name} via ${dependent} on Node ${process.version}`)
  }
})
