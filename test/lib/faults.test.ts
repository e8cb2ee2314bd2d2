import t from 'tap'
import fc from 'fast-check'
import { FaultSpecError, cutReportBody, formatFaultPlan, parseFaultSpec, seededRandom, type FaultPlan } from '../../src/lib/faults.js'

const validPlan: fc.Arbitrary<FaultPlan> = fc.record({
  latencyMs: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
  outcome: fc.constantFrom('none', 'status', 'before', 'mid', 'empty'),
  status: fc.constantFrom(500, 503, 429, 401),
  rows: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
  slowMs: fc.option(fc.integer({ min: 1, max: 120_000 }), { nil: undefined })
}).map(({ latencyMs, outcome, status, rows, slowMs }) => {
  const plan: FaultPlan = {}
  if (latencyMs !== undefined) plan.latencyMs = latencyMs
  if (outcome === 'status') plan.status = status as FaultPlan['status']
  if (outcome === 'before') plan.reset = 'before'
  if (outcome === 'mid') { plan.reset = 'mid'; if (rows !== undefined) plan.rows = rows }
  if (outcome === 'empty') plan.empty = true
  if (slowMs !== undefined && outcome !== 'before' && outcome !== 'empty') plan.slowMs = slowMs
  if (Object.keys(plan).length === 0) plan.latencyMs = 0
  return plan
})

t.test('every valid plan survives formatting and parsing, in any case and with extra spaces', async (t) => {
  fc.assert(fc.property(validPlan, fc.boolean(), (plan, shout) => {
    const text = formatFaultPlan(plan)
    const spaced = text.split('; ').map((d) => `  ${d} `).join(shout ? ',' : ';')
    t.same(parseFaultSpec(shout ? spaced.toUpperCase() : spaced), plan)
  }), { numRuns: 2000 })
})

t.test('any other text is a FaultSpecError with a short message, never another exception', async (t) => {
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(fc.constantFrom('latency', 'status', 'reset', 'rows', 'empty', 'slow', '=', ';', ',', '1', '500', 'mid', '-', ' ', 'x'), { maxLength: 12 }).map((p) => p.join(''))), (text) => {
    try {
      const plan = parseFaultSpec(text)
      t.ok(Object.keys(plan).length > 0)
    } catch (error) {
      if (!(error instanceof FaultSpecError)) throw error
      if ((error.message.length > 200)) throw new Error('message too long')
    }
  }), { numRuns: 3000 })
  t.pass()
})

t.test('the seeded generator is reproducible and spread over [0, 1)', async (t) => {
  const a = seededRandom(42)
  const b = seededRandom(42)
  const values = Array.from({ length: 1000 }, () => a())
  t.same(values, Array.from({ length: 1000 }, () => b()))
  t.ok(values.every((v) => v >= 0 && v < 1))
  const mean = values.reduce((s, v) => s + v, 0) / values.length
  t.ok(mean > 0.45 && mean < 0.55, `mean ${mean}`)
})

t.test('cutReportBody: N rows, no closing text, and the source is closed when the stream is', async (t) => {
  let closed = 0
  const source = (function * () {
    try { for (let i = 0; ; i++) yield i } finally { closed++ }
  })()
  const body = cutReportBody({ prefix: '[', suffix: ']', separator: ',', rows: source, format: String }, 3)
  t.equal(body.suffix, '')
  t.equal(body.prefix, '[')
  const seen = []
  for (let next = body.rows.next(); next.done !== true; next = body.rows.next()) seen.push(next.value)
  t.same(seen, [0, 1, 2])
  body.rows.return?.()
  t.equal(closed, 1)
})
