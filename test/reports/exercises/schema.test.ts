// The route's declared response schema (pattern properties for the exerciseN_* keys) against real rows:
// Fastify's serializer keeps every key, and a strict validator accepts every row and nothing else.
import t, { type Test } from 'tap'
import Fastify, { type RouteOptions } from 'fastify'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { bearer, buildTestApp, loadData } from '../../helper.js'
import { SPEC_ORG, course, enrollment, organization } from '../../factories.js'
import { loadConfig } from '../../../src/config.js'
import exercisesReport from '../../../src/reports/exercises/route.js'
import { exercisesLayout, exercisesRowSchema, type ExerciseKeyStyle } from '../../../src/reports/exercises/schema.js'
import { numberedExercises } from './fixtures.js'

const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)

/** The 200 JSON schema exactly as the exercises route declares it (captured with an onRoute hook). */
async function declaredJsonSchema (style: ExerciseKeyStyle): Promise<{ response: Record<string, unknown>, json: any }> {
  const app = Fastify()
  app.decorate('config', loadConfig({}, { EXERCISE_KEY_STYLE: style }))
  let schema: any
  app.addHook('onRoute', (route: RouteOptions) => { schema = route.schema })
  await app.register(exercisesReport)
  await app.close()
  return { response: schema.response, json: schema.response[200].content['application/json'].schema }
}

/** A report with 0, 3 and 12 exercises, some finished, from the real route. */
async function reportBodies (t: Test, style: ExerciseKeyStyle): Promise<string[]> {
  const app = await buildTestApp(t, { EXERCISE_KEY_STYLE: style })
  loadData(app, [
    organization(SPEC_ORG),
    ...[0, 3, 12].flatMap((count) => [
      course({ id: `c${count}`, organizationId: SPEC_ORG.id, exercises: numberedExercises(count, `c${count}x`) }),
      enrollment({
        id: `c${count}-a`, courseId: `c${count}`,
        results: numberedExercises(count, `c${count}x`).filter((_, i) => i % 2 === 0)
          .map((x) => ({ exerciseId: x.id, result: 'success' as const, finishedAt: '2024-01-02T00:00:00.000Z' }))
      }),
      enrollment({ id: `c${count}-b`, courseId: `c${count}`, enrolledAt: '2024-01-03T00:00:00.000Z' })
    ])
  ])
  const bodies: string[] = []
  for (const count of [0, 3, 12]) {
    const res = await app.inject({ url: `/api/v1/ondemand-courses/c${count}/reports/exercises`, headers: auth })
    t.equal(res.statusCode, 200)
    bodies.push(res.body)
  }
  return bodies
}

for (const style of ['compact', 'underscored'] as const) {
  t.test(`${style}: Fastify's serializer for the declared response keeps every exercise key, byte for byte`, async (t) => {
    const { response } = await declaredJsonSchema(style)
    const bodies = await reportBodies(t, style)
    // A bare route declaring the same responses and returning the parsed report: Fastify serializes it
    // with the declared schema (fixed properties + pattern properties).
    const echo = Fastify()
    let current: unknown
    echo.get('/echo', { schema: { response } }, async () => current)
    for (const body of bodies) {
      current = JSON.parse(body)
      const res = await echo.inject({ url: '/echo' })
      t.equal(res.body, body, 'same bytes as the report itself')
    }
    const withStray = JSON.parse(bodies[1])
    withStray.data[0].stray = 'x'
    withStray.data[0].exercise0_title = 'not an exercise number'
    current = withStray
    t.equal((await echo.inject({ url: '/echo' })).body, bodies[1], 'keys outside the schema are dropped')
    await echo.close()
  })

  t.test(`${style}: every row validates against the declared schema made strict; foreign keys do not`, async (t) => {
    const { json } = await declaredJsonSchema(style)
    const ajv = new Ajv({ strict: false, allErrors: true })
    addFormats.default(ajv)
    const strict = structuredClone(json)
    strict.properties.data.items.additionalProperties = false
    strict.properties.data.items.required = Object.keys(strict.properties.data.items.properties)
    const validate = ajv.compile(strict)
    for (const body of await reportBodies(t, style)) {
      t.ok(validate(JSON.parse(body)), ajv.errorsText(validate.errors).slice(0, 400))
    }
    const other = style === 'compact' ? 'exercise_1_title' : 'exercise1_title'
    const row = { course_id: 'c', course_name: 'n', enrollment_id: 'e', email: 'm', name: 'n', workspace_id: 'w', exercises_finished: 0, exercises_count: 1, all_exercises_completed: false }
    t.notOk(validate({ result: 'success', data: [{ ...row, [other]: 'T' }] }), `${other} is not a key of this style`)
    const key = (field: string) => style === 'compact' ? `exercise1_${field}` : `exercise_1_${field}`
    t.notOk(validate({ result: 'success', data: [{ ...row, [key('result')]: 'maybe' }] }), 'result is success, failure or null')
    t.ok(validate({ result: 'success', data: [{ ...row, [key('title')]: 'T', [key('type')]: 'question', [key('result')]: null, [key('finished_at')]: null }] }))
  })
}

t.test('the per-course row schema: exact keys in order, CSV columns from it, layouts cached per count and style', async (t) => {
  const schema = exercisesRowSchema(2, 'compact')
  t.same(Object.keys(schema.properties), ['course_id', 'course_name', 'enrollment_id', 'email', 'name', 'workspace_id',
    'exercises_finished', 'exercises_count', 'all_exercises_completed', 'exercise1_title', 'exercise1_type',
    'exercise1_result', 'exercise1_finished_at', 'exercise2_title', 'exercise2_type', 'exercise2_result', 'exercise2_finished_at'])
  const layout = exercisesLayout(2, 'compact')
  t.same(layout.columns.map((c) => c.key), Object.keys(schema.properties))
  t.same(layout.columns.filter((c) => c.kind !== 'string').map((c) => c.key), ['exercises_finished', 'exercises_count', 'all_exercises_completed'])
  t.equal(exercisesLayout(2, 'compact'), layout, 'cached')
  t.not(exercisesLayout(2, 'underscored'), layout, 'per key style')
  t.not(exercisesLayout(3, 'compact'), layout, 'per count')
  t.same(exercisesLayout(0, 'compact').columns.length, 9)
})
