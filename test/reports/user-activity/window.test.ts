// The date window, as a pure function: body + now → window, or every problem at once.
import t from 'tap'
import fc from 'fast-check'
import { RequestValidationError } from '../../../src/errors.js'
import { EARLIEST, LATEST, oneMonthBefore, parseDateInput, resolveWindow, type WallTime } from '../../../src/reports/user-activity/window.js'

const NOW = new Date('2026-03-15T10:00:00.000Z')

function issuesOf (body: unknown, now = NOW): unknown {
  try {
    resolveWindow(body, now)
  } catch (error) {
    if (error instanceof RequestValidationError) return error.errors
    throw error
  }
  throw new Error(`expected ${JSON.stringify(body)} to be rejected`)
}

t.test('no body, and an empty object, mean the defaults: to = now, from = one calendar month before', async (t) => {
  const expected = { from: '2026-02-15T10:00:00.000Z', to: '2026-03-15T10:00:00.000Z' }
  t.same(resolveWindow(undefined, NOW), expected)
  t.same(resolveWindow({}, NOW), expected)
})

t.test('the default from is clamped at month ends, keeping the time of day', async (t) => {
  const cases: Array<[string, string]> = [
    ['2024-03-31T12:34:56.789Z', '2024-02-29T12:34:56.789Z'], // leap year
    ['2023-03-31T12:34:56.789Z', '2023-02-28T12:34:56.789Z'],
    ['2100-03-29T00:00:00.000Z', '2100-02-28T00:00:00.000Z'], // 2100 is not a leap year
    ['2000-03-30T00:00:00.000Z', '2000-02-29T00:00:00.000Z'], // 2000 is
    ['2024-05-31T23:59:59.999Z', '2024-04-30T23:59:59.999Z'],
    ['2024-01-31T08:00:00.000Z', '2023-12-31T08:00:00.000Z'], // across the year
    ['2024-01-01T00:00:00.000Z', '2023-12-01T00:00:00.000Z'],
    ['2024-03-28T10:00:00.000Z', '2024-02-28T10:00:00.000Z'] // no clamping needed
  ]
  for (const [now, from] of cases) {
    t.same(resolveWindow(undefined, new Date(now)), { from, to: now }, `now ${now}`)
  }
})

t.test('only to: from is one calendar month before it', async (t) => {
  t.same(resolveWindow({ to: '2024-03-31T06:00:00.000Z' }, NOW), { from: '2024-02-29T06:00:00.000Z', to: '2024-03-31T06:00:00.000Z' })
  t.same(resolveWindow({ to: '2024-03-31' }, NOW), { from: '2024-02-29T00:00:00.000Z', to: '2024-03-31T00:00:00.000Z' })
})

t.test('only to, with an offset: the month is counted in the calendar to was written in', async (t) => {
  // 31 March 00:30 at +02:00 is 30 March 22:30 UTC; one month before, at +02:00, is 29 February 00:30.
  t.same(resolveWindow({ to: '2024-03-31T00:30:00+02:00' }, NOW), {
    from: '2024-02-28T22:30:00.000Z',
    to: '2024-03-30T22:30:00.000Z'
  })
})

t.test('only from: to is now', async (t) => {
  t.same(resolveWindow({ from: '2025-12-01' }, NOW), { from: '2025-12-01T00:00:00.000Z', to: '2026-03-15T10:00:00.000Z' })
})

t.test('both given: echoed as ISO-8601 UTC with milliseconds', async (t) => {
  t.same(resolveWindow({ from: '2018-10-28T08:14:55.743Z', to: '2022-11-07T08:14:55.743Z' }, NOW), {
    from: '2018-10-28T08:14:55.743Z',
    to: '2022-11-07T08:14:55.743Z'
  })
})

t.test('from equal to to is a window of one instant; from later than to is a 422 on from', async (t) => {
  t.same(resolveWindow({ from: '2024-01-01', to: '2024-01-01T00:00:00Z' }, NOW), {
    from: '2024-01-01T00:00:00.000Z',
    to: '2024-01-01T00:00:00.000Z'
  })
  t.same(issuesOf({ from: '2024-01-01T00:00:00.001Z', to: '2024-01-01' }), [
    { location: 'body', param: 'from', msg: 'must not be later than to (2024-01-01T00:00:00.000Z)' }
  ])
  t.same(issuesOf({ from: '2026-04-01' }), [
    { location: 'body', param: 'from', msg: 'must not be later than to (2026-03-15T10:00:00.000Z, the time of the request)' }
  ], 'a from in the future with the default to')
  // Instants are compared, not texts: 10:00+02:00 is before 09:00Z.
  t.same(resolveWindow({ from: '2024-01-01T10:00:00+02:00', to: '2024-01-01T09:00:00Z' }, NOW), {
    from: '2024-01-01T08:00:00.000Z',
    to: '2024-01-01T09:00:00.000Z'
  })
})

t.test('accepted forms of a date or date-time', async (t) => {
  const cases: Array<[string, string]> = [
    ['2024-03-01', '2024-03-01T00:00:00.000Z'], // a date alone: UTC midnight
    ['2024-03-01T10:20', '2024-03-01T10:20:00.000Z'], // no seconds
    ['2024-03-01T10:20:30', '2024-03-01T10:20:30.000Z'], // no offset: UTC
    ['2024-03-01T10:20:30Z', '2024-03-01T10:20:30.000Z'],
    ['2024-03-01t10:20:30z', '2024-03-01T10:20:30.000Z'], // RFC 3339 allows lower case
    ['2024-03-01T10:20:30.5Z', '2024-03-01T10:20:30.500Z'],
    ['2024-03-01T10:20:30.123456789Z', '2024-03-01T10:20:30.123Z'], // beyond milliseconds: truncated
    ['2024-03-01T10:20:30.9999Z', '2024-03-01T10:20:30.999Z'],
    ['2024-03-01T10:20:30+02:00', '2024-03-01T08:20:30.000Z'],
    ['2024-03-01T10:20:30-0530', '2024-03-01T15:50:30.000Z'],
    ['2024-03-01T10:20:30+01', '2024-03-01T09:20:30.000Z'],
    ['2024-03-01T00:00:00-00:00', '2024-03-01T00:00:00.000Z'],
    ['2024-03-01T01:00:00+02:00', '2024-02-29T23:00:00.000Z'], // across a day and a month
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['0001-01-01', '0001-01-01T00:00:00.000Z'], // not 1901: years below 100 stay as written
    ['0099-12-31T23:59:59.999Z', '0099-12-31T23:59:59.999Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z']
  ]
  for (const [input, instant] of cases) {
    t.same(resolveWindow({ from: input, to: '9999-12-31T23:59:59.999Z' }, NOW).from, instant, input)
  }
})

t.test('unparsable dates are a 422 naming the parameter, each problem listed', async (t) => {
  const invalid = [
    '', ' 2024-03-01', '2024-03-01 ', 'yesterday', '2024', '2024-03', '20240301', '2024-3-1', '2024-W10-1', '2024-061',
    '2024-02-30', '2023-02-29', '2100-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-03-00',
    '2024-03-01T24:00:00Z', '2024-03-01T23:60:00Z', '2024-03-01T23:59:60Z', '2024-03-01T10', '2024-03-01T10:20:30.Z',
    '2024-03-01 10:20:30Z', '2024-03-01T10:20:30+24:00', '2024-03-01T10:20:30+02:60', '2024-03-01T10:20:30 +02:00',
    '2024-03-01T10:20:30ZZ', 'Fri, 01 Mar 2024 10:20:30 GMT', '1709288430000', '+002024-03-01T00:00:00Z', '２０２４-03-01'
  ]
  for (const value of invalid) {
    t.same(issuesOf({ from: value }), [
      { location: 'body', param: 'from', msg: 'must be an ISO-8601 date (2024-03-01) or date-time (2024-03-01T10:00:00.000Z)' }
    ], JSON.stringify(value))
  }
  t.same(issuesOf({ from: 'soon', to: 'later' }), [
    { location: 'body', param: 'from', msg: 'must be an ISO-8601 date (2024-03-01) or date-time (2024-03-01T10:00:00.000Z)' },
    { location: 'body', param: 'to', msg: 'must be an ISO-8601 date (2024-03-01) or date-time (2024-03-01T10:00:00.000Z)' }
  ], 'both at once')
})

t.test('instants outside the years 0000–9999 (UTC) are rejected', async (t) => {
  t.same(issuesOf({ to: '9999-12-31T23:59:59.999-00:01' }), [
    { location: 'body', param: 'to', msg: 'must lie within the years 0000 to 9999 (UTC)' }
  ])
  t.same(issuesOf({ from: '0000-01-01T00:00:00+00:01' }), [
    { location: 'body', param: 'from', msg: 'must lie within the years 0000 to 9999 (UTC)' }
  ])
  t.same(resolveWindow({ to: '0000-01-15' }, NOW), { from: '0000-01-01T00:00:00.000Z', to: '0000-01-15T00:00:00.000Z' },
    'a default from before the year 0 is clamped to its start')
})

t.test('values that are not strings are a 422 naming the parameter', async (t) => {
  for (const value of [null, 0, 1709288430000, true, false, [], ['2024-03-01'], {}, { date: '2024-03-01' }]) {
    t.same(issuesOf({ to: value }), [{
      location: 'body', param: 'to', msg: 'must be a string: an ISO-8601 date (2024-03-01) or date-time (2024-03-01T10:00:00.000Z)'
    }], JSON.stringify(value))
  }
})

t.test('a body that is not a JSON object is a 422 naming body', async (t) => {
  for (const body of [null, [], [{ from: '2024-01-01' }], 0, 42, '2024-01-01', '', true]) {
    t.same(issuesOf(body), [
      { location: 'body', param: 'body', msg: 'must be a JSON object with the optional parameters from and to' }
    ], JSON.stringify(body))
  }
})

t.test('unknown keys are rejected, not ignored, and listed with the other problems', async (t) => {
  t.same(issuesOf({ form: '2024-01-01', to: 5, From: 'x' }), [
    { location: 'body', param: 'form', msg: 'is not a parameter of this report (from, to)' },
    { location: 'body', param: 'From', msg: 'is not a parameter of this report (from, to)' },
    { location: 'body', param: 'to', msg: 'must be a string: an ISO-8601 date (2024-03-01) or date-time (2024-03-01T10:00:00.000Z)' }
  ])
})

t.test('parseDateInput keeps the wall time and the offset apart', async (t) => {
  t.same(parseDateInput('2024-03-31T00:30:00.25-05:30'), {
    wall: { year: 2024, month: 3, day: 31, hour: 0, minute: 30, second: 0, millisecond: 250 },
    offsetMinutes: -330
  })
  t.equal(parseDateInput('2024-02-30'), undefined)
})

t.test('oneMonthBefore clamps to the last day of the earlier month', async (t) => {
  const wall = (year: number, month: number, day: number): WallTime => ({ year, month, day, hour: 1, minute: 2, second: 3, millisecond: 4 })
  t.same(oneMonthBefore(wall(2024, 3, 31)), wall(2024, 2, 29))
  t.same(oneMonthBefore(wall(2023, 3, 31)), wall(2023, 2, 28))
  t.same(oneMonthBefore(wall(2024, 7, 31)), wall(2024, 6, 30))
  t.same(oneMonthBefore(wall(2024, 1, 15)), wall(2023, 12, 15))
})

t.test('property: any UTC instant, written with any offset, resolves to itself', async (t) => {
  t.doesNotThrow(() => fc.assert(fc.property(
    fc.integer({ min: EARLIEST + 86_400_000, max: LATEST - 86_400_000 }),
    fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
    (epochMs, offset) => {
      const local = new Date(epochMs + offset * 60_000).toISOString().slice(0, 23)
      const sign = offset < 0 ? '-' : '+'
      const abs = Math.abs(offset)
      const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
      return resolveWindow({ from: text, to: '9999-12-31T23:59:59.999Z' }, NOW).from === new Date(epochMs).toISOString()
    }
  ), { numRuns: 2000 }))
})

t.test('property: the default window spans 28 to 31 days and ends now', async (t) => {
  t.doesNotThrow(() => fc.assert(fc.property(fc.integer({ min: Date.parse('1971-01-01'), max: LATEST }), (nowMs) => {
    const window = resolveWindow(undefined, new Date(nowMs))
    const days = (nowMs - Date.parse(window.from)) / 86_400_000
    return window.to === new Date(nowMs).toISOString() && days >= 28 && days <= 31 &&
      window.from.slice(11) === window.to.slice(11) // same time of day
  }), { numRuns: 2000 }))
})
