// /docs in a real headless browser (Debian's chromium driven by playwright-core): the page loads only from
// this server, lists the API's operations, and "Try it out" runs a report against the same server.
// Outside CI it skips when /usr/bin/chromium is missing; with CI=true it always runs (.ci/run installs it).
import fs from 'node:fs'
import t from 'tap'
import { chromium, type Browser } from 'playwright-core'
import { startTestServer } from '../../src/testing.js'

const CHROMIUM = '/usr/bin/chromium'
const CI = process.env.CI === 'true'

if (!fs.existsSync(CHROMIUM) && !CI) {
  t.plan(0, `${CHROMIUM} is absent: install Debian's chromium package to run the browser test (CI=true makes it mandatory)`)
} else {
  t.test('/docs renders the operations offline and "Try it out" calls this server', async (t) => {
    const server = await startTestServer({ fixture: 'fixtures/spec/enrollments.json' })
    t.teardown(server.close)
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    })
    t.teardown(() => browser.close())
    const page = await browser.newPage()
    const requested: string[] = []
    const consoleErrors: string[] = []
    page.on('request', (request) => requested.push(request.url()))
    page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()) })

    await page.goto(`${server.url}/docs`)
    await page.waitForSelector('.opblock', { timeout: 30_000 })
    const operations = await page.$$eval('.opblock', (blocks) => blocks.map((block) =>
      `${block.querySelector('.opblock-summary-method')?.textContent ?? ''} ${block.querySelector('.opblock-summary-path')?.textContent ?? ''}`.replaceAll('\u200b', '')))
    for (const operation of [
      'GET /api/v1/ondemand-courses/{course_id}/reports/enrollments',
      'GET /api/v1/ondemand-courses/{course_id}/reports/exercises',
      'POST /api/v1/ondemand-courses/{course_id}/reports/user-activity'
    ]) t.ok(operations.includes(operation), `the page lists ${operation}`)
    t.notOk(operations.some((o) => o.includes('__admin')), 'the admin API is not on the page')

    // Authorize with ORG_ID:API_KEY, then run the enrollments report, as JSON and as CSV.
    await page.click('.btn.authorize')
    await page.fill('.auth-container input', 'spec-org:spec-api-key-0001')
    await page.click('.auth-btn-wrapper .authorize')
    await page.click('.btn-done')
    const op = '#operations-reports-getEnrollmentsReport'
    await page.click(`${op} .opblock-summary`)
    await page.click(`${op} .try-out__btn`)
    await page.fill(`${op} tr[data-param-name="course_id"] input`, '6363d3d399533fd52834c620')
    await page.click(`${op} .execute`)
    const status = `${op} .live-responses-table tbody .response-col_status`
    await page.waitForSelector(status, { timeout: 30_000 })
    t.equal((await page.textContent(status))?.trim(), '200')
    t.match(await page.textContent(`${op} .live-responses-table tbody .response-col_description`), /"name": "Monica Hall"/)

    await page.selectOption(`${op} tr[data-param-name="output"] select`, 'csv')
    await page.click(`${op} .execute`)
    // A CSV attachment is offered as a download link rather than shown.
    await page.waitForSelector(`${op} .live-responses-table tbody .response-col_description a[download]`, { timeout: 30_000 })
    t.equal((await page.textContent(status))?.trim(), '200')

    // The journal saw both calls, authenticated as the organisation: "try it out" went to this server.
    t.same(server.app.journal.entries().map((e) => [e.method, e.path, e.query, e.status, e.organizationId]), [
      ['GET', '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments', {}, 200, 'spec-org'],
      ['GET', '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments', { output: 'csv' }, 200, 'spec-org']
    ])
    t.same(requested.filter((url) => !url.startsWith(`${server.url}/`)), [], 'every asset and call came from this server (no CDN)')
    t.same(consoleErrors, [], 'no console errors (CSP included)')
  })
}
