// API keys are high-entropy secrets, so a SHA-256 digest is the right stored form (a slow password hash
// would only slow every request). Comparison is constant-time over equal-length digests.
import crypto from 'node:crypto'

export function hashApiKey (key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex')
}

export function digestMatches (candidateHex: string, storedHex: string): boolean {
  const a = Buffer.from(candidateHex, 'hex')
  const b = Buffer.from(storedHex, 'hex')
  return a.length === b.length && a.length > 0 && crypto.timingSafeEqual(a, b)
}

/** Splits `Bearer ORG_ID:API_KEY` at the first colon; undefined when the header is not of that shape. */
export function parseBearer (header: string | undefined): { orgId: string, apiKey: string } | undefined {
  if (typeof header !== 'string') return undefined
  const match = /^Bearer +([^\s:]+):(\S+)$/i.exec(header.trim())
  if (match === null) return undefined
  return { orgId: match[1], apiKey: match[2] }
}
