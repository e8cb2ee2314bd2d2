import t, { type Test } from 'tap'
import path from 'node:path'
import { ReaderPool, openWriter } from '../../src/db/sqlite.js'

function database (t: Test): string {
  const file = path.join(t.testdir({}), 'pool.db')
  const writer = openWriter(file)
  writer.exec('CREATE TABLE n (v INTEGER); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) INSERT INTO n SELECT x FROM c')
  writer.close()
  return file
}

t.test('closing waits for a connection whose report is still streaming, then closes it', async (t) => {
  const pool = new ReaderPool(database(t))
  const reader = pool.acquire()
  const rows = reader.statement('SELECT v FROM n').iterate()
  rows.next()
  t.throws(() => reader.db.close(), /busy/, 'an open iterator makes a plain close throw')
  setTimeout(() => { rows.return?.(); pool.release(reader) }, 50)
  const stuck = await pool.closeWhenReturned(2000)
  t.equal(stuck, 0)
  t.notOk(reader.db.open, 'closed once returned')
})

t.test('a connection that never comes back does not hang or break the shutdown', async (t) => {
  const pool = new ReaderPool(database(t))
  const reader = pool.acquire()
  const rows = reader.statement('SELECT v FROM n').iterate()
  rows.next()
  const started = Date.now()
  const stuck = await pool.closeWhenReturned(100)
  t.equal(stuck, 1)
  t.ok(Date.now() - started >= 95)
  t.equal(pool.borrowed, 0)
  rows.return?.()
})
