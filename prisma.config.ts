// Prisma 6.19 with the JS (WASM) schema engine: migrate deploy / diff work offline through the
// better-sqlite3 driver adapter, so no engine binary is ever downloaded.
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'

const url = process.env.DATABASE_URL ?? 'file:./data/strigo-reports.db'
process.env.DATABASE_URL = url

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter () {
    return new PrismaBetterSQLite3({ url })
  }
})
