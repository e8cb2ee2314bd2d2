// The user-activity report's date window, resolved from the request body and the app's clock. Pure: the
// body and "now" go in, the window (or every problem with the body, at once) comes out. The rules are
// recorded in the README ("User activity report").
import { RequestValidationError, type ValidationIssue } from '../../errors.js'
import { DATE_INPUT_PATTERN, UserActivityBodySchema } from './schema.js'

/** The resolved window: ISO-8601 UTC with milliseconds, the form timestamps are stored in. */
export interface ReportWindow {
  from: string
  to: string
}

/** A wall-clock reading (month 1–12) in some UTC offset. */
export interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
}

export interface DateInput {
  wall: WallTime
  /** Minutes east of UTC the wall time was written in (0 for `Z`, for no offset and for a date alone). */
  offsetMinutes: number
}

/**
 * Instants beyond these have no four-digit year in ISO form, so they could not be compared as text with
 * the stored timestamps.
 */
export const EARLIEST = Date.parse('0000-01-01T00:00:00.000Z')
export const LATEST = Date.parse('9999-12-31T23:59:59.999Z')

const PARAMS = Object.keys(UserActivityBodySchema.properties) as Array<keyof typeof UserActivityBodySchema.properties>
const DATE_INPUT = new RegExp(DATE_INPUT_PATTERN)
const EXPECTED = 'an ISO-8601 date (2024-03-01) or date-time (2024-03-01T10:00:00.000Z)'

export function isLeapYear (year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
}

export function daysInMonth (year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
}

/**
 * Parses one `from`/`to` value; undefined when it is not an ISO-8601 date or date-time of a real calendar
 * day and time. A fraction beyond milliseconds is truncated (…:00.9999Z reads as …:00.999Z).
 */
export function parseDateInput (text: string): DateInput | undefined {
  const m = DATE_INPUT.exec(text)
  if (m === null) return undefined
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = m
  const wall: WallTime = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'))
  }
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > daysInMonth(wall.year, wall.month)) return undefined
  // No leap second, no 24:00: neither can be a stored session's time.
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return undefined
  let offset = 0
  if (zulu === undefined && sign !== undefined) {
    const hours = Number(offsetHours)
    const minutes = Number(offsetMinutes ?? 0)
    if (hours > 23 || minutes > 59) return undefined
    offset = (sign === '-' ? -1 : 1) * (hours * 60 + minutes)
  }
  return { wall, offsetMinutes: offset }
}

/** Epoch milliseconds of a wall time read in an offset (proleptic Gregorian calendar, years 0–9999 and beyond). */
export function toEpochMs (wall: WallTime, offsetMinutes: number): number {
  const date = new Date(0)
  // setUTCFullYear, not Date.UTC: Date.UTC maps the years 0–99 to 1900–1999.
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day)
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond)
  return date.getTime() - offsetMinutes * 60_000
}

/** The same wall time one calendar month earlier; a day the earlier month lacks becomes its last day. */
export function oneMonthBefore (wall: WallTime): WallTime {
  const year = wall.month === 1 ? wall.year - 1 : wall.year
  const month = wall.month === 1 ? 12 : wall.month - 1
  return { ...wall, year, month, day: Math.min(wall.day, daysInMonth(year, month)) }
}

function utcWallTime (epochMs: number): WallTime {
  const d = new Date(epochMs)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds()
  }
}

/**
 * Resolves the window of one request from its JSON body (`undefined` when it had none or an empty one):
 * - `to` defaults to `now`; `from` to one calendar month before `to`, in the offset `to` was written in
 *   (UTC for the default), clamped at month ends: 31 March gives 28 or 29 February, time of day kept;
 * - `from` may equal `to` (the window is then the one instant: sessions in progress at it);
 * - every problem is reported at once, as a 422 naming the parameter.
 */
export function resolveWindow (body: unknown, now: Date): ReportWindow {
  const issues: ValidationIssue[] = []
  const issue = (param: string, msg: string): void => { issues.push({ location: 'body', param, msg }) }

  let values: Record<string, unknown> = {}
  if (body !== undefined) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      issue('body', `must be a JSON object with the optional parameters ${PARAMS.join(' and ')}`)
      throw new RequestValidationError(issues)
    }
    values = body as Record<string, unknown>
    // A misspelt key would otherwise silently give the default window.
    for (const key of Object.keys(values)) {
      if (!(PARAMS as string[]).includes(key)) issue(key, `is not a parameter of this report (${PARAMS.join(', ')})`)
    }
  }

  const parsed: Partial<Record<'from' | 'to', { input: DateInput, epochMs: number }>> = {}
  for (const param of PARAMS) {
    const value = values[param]
    if (value === undefined) continue
    if (typeof value !== 'string') { issue(param, `must be a string: ${EXPECTED}`); continue }
    const input = parseDateInput(value)
    if (input === undefined) { issue(param, `must be ${EXPECTED}`); continue }
    const epochMs = toEpochMs(input.wall, input.offsetMinutes)
    if (epochMs < EARLIEST || epochMs > LATEST) { issue(param, 'must lie within the years 0000 to 9999 (UTC)'); continue }
    parsed[param] = { input, epochMs }
  }
  if (issues.length > 0) throw new RequestValidationError(issues)

  const to = parsed.to?.epochMs ?? now.getTime()
  let from: number
  if (parsed.from !== undefined) {
    from = parsed.from.epochMs
  } else {
    const reference = parsed.to?.input ?? { wall: utcWallTime(to), offsetMinutes: 0 }
    from = Math.max(EARLIEST, toEpochMs(oneMonthBefore(reference.wall), reference.offsetMinutes))
  }
  const toText = new Date(to).toISOString()
  if (from > to) {
    issue('from', `must not be later than to (${toText}${parsed.to === undefined ? ', the time of the request' : ''})`)
    throw new RequestValidationError(issues)
  }
  return { from: new Date(from).toISOString(), to: toText }
}
