// .dockerignore, with Docker's semantics rather than git's (moby/patternmatcher and its ignorefile reader):
// patterns are cleaned and anchored at the context root, `*` and `?` never cross `/`, `**` spans any number
// of folders, a path is excluded when it or one of its parent folders matches, the last matching pattern
// wins and `!` re-includes, even inside an excluded folder.
import fs from 'node:fs'
import path from 'node:path'

export interface IgnorePattern {
  text: string
  exclusion: boolean
  /** The cleaned pattern's folders, used to skip excluded folders nothing can re-include from. */
  dirs: string[]
  test: (file: string) => boolean
}

/** filepath.Clean for slash paths. */
function clean (p: string): string {
  const absolute = p.startsWith('/')
  const out: string[] = []
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (out.length > 0 && out.at(-1) !== '..') out.pop()
      else if (!absolute) out.push('..')
    } else out.push(part)
  }
  const joined = out.join('/')
  return absolute ? '/' + joined : (joined === '' ? '.' : joined)
}

/** Reads .dockerignore text into patterns, as Docker's ignorefile.ReadAll does. */
export function readIgnoreFile (text: string): string[] {
  const patterns: string[] = []
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    if (raw.startsWith('#')) continue
    let pattern = raw.trim()
    if (pattern === '') continue
    const invert = pattern.startsWith('!')
    if (invert) pattern = pattern.slice(1).trim()
    if (pattern.length > 0) {
      pattern = clean(pattern)
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1)
    }
    patterns.push(invert ? '!' + pattern : pattern)
  }
  return patterns
}

// Regexp metacharacters that mean nothing in a filepath.Match pattern (`^` stays: it negates a class).
const REGEXP_SPECIALS = new Set([...'.+()|{}$'])

/** Compiles one cleaned pattern the way patternmatcher's compile() does. */
function compile (pattern: string): (file: string) => boolean {
  let re = '^'
  let type: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact'
  for (let i = 0, k = 0; i < pattern.length; i++, k++) {
    const ch = pattern[i]
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++
        if (pattern[i + 1] === '/') i++
        if (i + 1 >= pattern.length) {
          if (type === 'exact') type = 'prefix'
          else { re += '.*'; type = 'regexp' }
        } else {
          re += '(.*/)?'
          type = 'regexp'
        }
        if (k === 0) type = 'suffix'
      } else {
        re += '[^/]*'
        type = 'regexp'
      }
    } else if (ch === '?') {
      re += '[^/]'
      type = 'regexp'
    } else if (REGEXP_SPECIALS.has(ch)) {
      re += '\\' + ch
    } else if (ch === '\\') {
      if (i + 1 < pattern.length) { re += '\\' + pattern[++i]; type = 'regexp' } else re += '\\\\'
    } else if (ch === '[' || ch === ']') {
      re += ch
      type = 'regexp'
    } else {
      re += ch
    }
  }
  switch (type) {
    case 'exact': return (file) => file === pattern
    case 'prefix': { const prefix = pattern.slice(0, -2); return (file) => file.startsWith(prefix) }
    case 'suffix': {
      const suffix = pattern.slice(2)
      return (file) => file.endsWith(suffix) || (suffix.startsWith('/') && file === suffix.slice(1))
    }
    case 'regexp': { const regexp = new RegExp(re + '$'); return (file) => regexp.test(file) }
  }
}

export class DockerIgnore {
  readonly patterns: IgnorePattern[]

  constructor (patterns: string[]) {
    this.patterns = patterns.map((text) => {
      const exclusion = text.startsWith('!')
      const body = exclusion ? text.slice(1) : text
      if (body === '') throw new Error('illegal exclusion pattern: "!"')
      return { text, exclusion, dirs: body.split('/'), test: compile(body) }
    })
  }

  static fromText (text: string): DockerIgnore {
    return new DockerIgnore(readIgnoreFile(text))
  }

  /** MatchesOrParentMatches: true when `file` (slash path relative to the context) is left out. */
  ignores (file: string): boolean {
    const cleaned = clean(file)
    if (cleaned === '.') return false
    const parents = cleaned.split('/').slice(0, -1)
    let matched = false
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue
      let match = pattern.test(cleaned)
      for (let i = 1; !match && i <= parents.length; i++) match = pattern.test(parents.slice(0, i).join('/'))
      if (match) matched = !pattern.exclusion
    }
    return matched
  }

  /** Whether some `!` pattern could re-include a path below the excluded folder `dir`. */
  mayIncludeBelow (dir: string): boolean {
    const parts = clean(dir).split('/')
    return this.patterns.some((p) => {
      if (!p.exclusion) return false
      if (p.dirs.some((d) => d.includes('**'))) return true
      if (p.dirs.length <= parts.length) return false
      return parts.every((part, i) => compile(p.dirs[i])(part))
    })
  }
}

/**
 * The build context Docker would send: every file and symlink under `root` that the ignore file lets
 * through (folders are entered only when something inside them can be included). Slash paths, sorted.
 */
export function contextFiles (root: string, ignore: DockerIgnore): string[] {
  const files: string[] = []
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`
      const ignored = ignore.ignores(child)
      if (entry.isDirectory()) {
        if (!ignored || ignore.mayIncludeBelow(child)) walk(child)
      } else if (!ignored) {
        files.push(child)
      }
    }
  }
  walk('')
  return files.sort()
}

/** Copies the context files into `dest`, keeping symlinks as symlinks and file modes as they are. */
export function copyContext (root: string, files: string[], dest: string): void {
  for (const file of files) {
    const from = path.join(root, file)
    const to = path.join(dest, file)
    fs.mkdirSync(path.dirname(to), { recursive: true })
    const stat = fs.lstatSync(from)
    if (stat.isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(from), to)
    } else {
      fs.copyFileSync(from, to)
      fs.chmodSync(to, stat.mode & 0o7777)
    }
  }
}
