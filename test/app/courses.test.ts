import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { OTHER_ORG, SPEC_ORG, course, organization } from '../factories.js'

t.test('GET /api/v1/ondemand lists only the caller\'s courses, in the real API\'s shape', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [
    organization(SPEC_ORG),
    organization(OTHER_ORG),
    course({
      id: 'c2', organizationId: SPEC_ORG.id, name: 'Second', createdAt: '2024-02-01T00:00:00.000Z',
      externalId: 'LMS-1', duration: 8, durationUnit: 'hours', activityHoursLimit: 20,
      features: { video: true, slides: false, labManualPause: true }, labels: ['devops']
    }),
    course({ id: 'c1', organizationId: SPEC_ORG.id, name: 'First', createdAt: '2024-01-01T00:00:00.000Z' }),
    course({ id: 'theirs', organizationId: OTHER_ORG.id })
  ])
  const res = await app.inject({ url: '/api/v1/ondemand', headers: bearer(SPEC_ORG.id, SPEC_ORG.apiKey) })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(body.data.map((c: any) => c.id), ['c1', 'c2'])
  t.same(body.data[1], {
    id: 'c2',
    name: 'Second',
    course_link: 'https://app.strigo.io/ondemand-courses/c2',
    class_id: 'class-c2',
    external_id: 'LMS-1',
    duration: 8,
    duration_unit: 'hours',
    activity_hours_limit: 20,
    features: { video: true, slides: false, lab_manual_pause: true },
    status: 'published',
    labels: ['devops']
  })
  t.same(Object.keys(body.data[1]), ['id', 'name', 'course_link', 'class_id', 'external_id', 'duration', 'duration_unit',
    'activity_hours_limit', 'features', 'status', 'labels'])

  const one = await app.inject({ url: '/api/v1/ondemand/c1', headers: bearer(SPEC_ORG.id, SPEC_ORG.apiKey) })
  t.equal(one.json().data.name, 'First')
  const theirs = await app.inject({ url: '/api/v1/ondemand/theirs', headers: bearer(SPEC_ORG.id, SPEC_ORG.apiKey) })
  t.equal(theirs.statusCode, 404)
  t.equal(theirs.json().error.type, 'CourseNotFound')
  t.equal((await app.inject({ url: '/api/v1/ondemand' })).statusCode, 401)
})
