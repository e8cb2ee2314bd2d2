// Content negotiation for the reports: an explicit `output` query value wins; otherwise the Accept header
// chooses among the media types a route offers, honouring q-values and wildcards; `*/*` or no header means
// the first offered type (JSON). Nothing acceptable is a 406.
import { NotAcceptable, RequestValidationError } from '../errors.js'

export type ReportFormat = 'json' | 'csv'

export const MEDIA_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv'
}

interface AcceptRange { type: string, subtype: string, q: number, order: number }

export function parseAccept (header: string): AcceptRange[] {
  const ranges: AcceptRange[] = []
  header.split(',').forEach((part, order) => {
    const [range, ...params] = part.split(';')
    const [type, subtype] = range.trim().toLowerCase().split('/')
    if (type === undefined || type === '' || subtype === undefined || subtype === '') return
    let q = 1
    for (const param of params) {
      const [name, value] = param.split('=').map((s) => s.trim())
      if (name.toLowerCase() === 'q') {
        const parsed = Number(value)
        q = value !== '' && Number.isFinite(parsed) && parsed >= 0 && parsed <= 1 ? parsed : 0
      }
    }
    ranges.push({ type, subtype, q, order })
  })
  return ranges
}

/** The q-value the Accept ranges give one media type: the most specific matching range decides. */
function qualityOf (mediaType: string, ranges: AcceptRange[]): number {
  const [type, subtype] = mediaType.split('/')
  let best: { specificity: number, q: number } | undefined
  for (const range of ranges) {
    let specificity: number
    if (range.type === type && range.subtype === subtype) specificity = 2
    else if (range.type === type && range.subtype === '*') specificity = 1
    else if (range.type === '*' && range.subtype === '*') specificity = 0
    else continue
    if (best === undefined || specificity > best.specificity) best = { specificity, q: range.q }
  }
  return best?.q ?? 0
}

/** Picks the format for a request, or throws 422 (bad `output`) / 406 (nothing acceptable). */
export function chooseFormat (
  output: string | undefined,
  accept: string | undefined,
  offered: readonly ReportFormat[] = ['json', 'csv']
): ReportFormat {
  if (output !== undefined) {
    if ((offered as readonly string[]).includes(output)) return output as ReportFormat
    throw new RequestValidationError([{ location: 'query', param: 'output', msg: `must be one of: ${offered.join(', ')}` }])
  }
  if (accept === undefined || accept.trim() === '') return offered[0]
  const ranges = parseAccept(accept)
  if (ranges.length === 0) return offered[0]
  let chosen: ReportFormat | undefined
  let chosenQ = 0
  for (const format of offered) {
    const q = qualityOf(MEDIA_TYPES[format], ranges)
    if (q > chosenQ) { chosen = format; chosenQ = q }
  }
  if (chosen === undefined) throw new NotAcceptable(offered.map((f) => MEDIA_TYPES[f]).join(' or '))
  return chosen
}
