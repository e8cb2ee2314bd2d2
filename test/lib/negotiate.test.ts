import t from 'tap'
import { chooseFormat, parseAccept } from '../../src/lib/negotiate.js'
import { NotAcceptable, RequestValidationError } from '../../src/errors.js'

t.test('output wins over Accept', async (t) => {
  t.equal(chooseFormat('csv', 'application/json'), 'csv')
  t.equal(chooseFormat('json', 'text/csv'), 'json')
})

t.test('an invalid output is a 422 naming output, even with a good Accept', async (t) => {
  for (const bad of ['xml', '', 'JSON', 'csv ']) {
    t.throws(() => chooseFormat(bad, 'text/csv'), RequestValidationError, JSON.stringify(bad))
  }
  try {
    chooseFormat('xml', undefined)
  } catch (error) {
    t.same((error as RequestValidationError).errors, [{ location: 'query', param: 'output', msg: 'must be one of: json, csv' }])
  }
})

t.test('Accept decides when output is absent', async (t) => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, 'json'],
    ['', 'json'],
    ['*/*', 'json'],
    ['application/json', 'json'],
    ['text/csv', 'csv'],
    ['text/*', 'csv'],
    ['application/*', 'json'],
    ['TEXT/CSV', 'csv'],
    ['text/csv; charset=utf-8', 'csv'],
    ['text/csv;q=0.5, application/json;q=0.9', 'json'],
    ['application/json;q=0.1, text/csv', 'csv'],
    ['text/csv, application/json', 'json'],
    ['*/*;q=0.1, text/csv', 'csv'],
    ['text/html, */*;q=0.8', 'json'],
    ['application/json;q=0, */*', 'csv']
  ]
  for (const [accept, expected] of cases) t.equal(chooseFormat(undefined, accept), expected, String(accept))
})

t.test('an Accept that allows neither is a 406', async (t) => {
  for (const accept of ['text/html', 'application/xml', 'text/csv;q=0, application/json;q=0', 'image/*']) {
    t.throws(() => chooseFormat(undefined, accept), NotAcceptable, accept)
  }
  t.throws(() => chooseFormat(undefined, 'text/csv', ['json']), NotAcceptable, 'a JSON-only route refuses csv-only clients')
})

t.test('parseAccept ignores junk and clamps bad q-values to 0', async (t) => {
  t.same(parseAccept('garbage, text/csv;q=2, application/json;q=abc').map((r) => [r.type, r.subtype, r.q]), [
    ['text', 'csv', 0],
    ['application', 'json', 0]
  ])
})
