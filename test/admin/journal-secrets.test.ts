// The request journal never holds a credential: neither an organisation's key (valid or not) nor the admin
// token, whatever header carried it, also for answers shaped by rate limiting and fault injection.
import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'

const TOKEN = 'journal-admin-token-7c1d9e0b'
const REPORT = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'

t.test('no key and no admin token in the journal', async (t) => {
  const app = await buildTestApp(t, { ADMIN_API: 'on', ADMIN_TOKEN: TOKEN, FAULTS: 'on', RATE_LIMIT_MAX: 4 })
  loadData(app, specEnrollmentsData())
  const valid = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
  const wrong = 'sk_wrong_key_for_the_journal_44'
  const requests = [
    { url: REPORT, headers: { ...valid, 'x-admin-token': TOKEN } },
    { url: REPORT, headers: bearer(SPEC_ORG.id, wrong) },
    { url: REPORT, headers: { authorization: `Bearer ${TOKEN}` } },
    { url: `${REPORT}?output=csv`, headers: { ...valid, 'x-strigo-fault': 'status=500' } },
    { method: 'POST' as const, url: '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/user-activity', headers: { ...valid, 'content-type': 'application/json' }, payload: '{"from":"2024-01-01T00:00:00Z"}' },
    { url: REPORT, headers: valid },
    { url: REPORT, headers: valid }
  ]
  const statuses = []
  for (const request of requests) statuses.push((await app.inject(request)).statusCode)
  t.same(statuses, [200, 401, 401, 500, 200, 200, 429])
  const journal = await app.inject({ url: '/__admin/journal', headers: { 'x-admin-token': TOKEN } })
  t.equal(journal.statusCode, 200)
  const entries = journal.json().data
  t.equal(entries.length, requests.length, 'every API request is journaled')
  t.same(entries.map((e: { status: number }) => e.status), statuses)
  for (const secret of [SPEC_ORG.apiKey, wrong, TOKEN]) t.notOk(journal.body.includes(secret), `${secret.slice(0, 8)}… is not in the journal`)
})
