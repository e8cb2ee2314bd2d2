// `npm run openapi`: writes the generated contract files that are committed to the repository, so tools
// and editors can use them without a running server; tests fail when either is stale.
//   openapi.json                  the API's OpenAPI 3.1 document, as GET /api/v1/openapi.json serves it
//   fixtures/fixture.schema.json  the fixture format's JSON Schema (from src/fixtures/schema.ts)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../src/app.js'
import { fixtureJsonSchema } from '../src/fixtures/schema.js'

export const OPENAPI_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url))
export const FIXTURE_SCHEMA_FILE = fileURLToPath(new URL('../fixtures/fixture.schema.json', import.meta.url))

export function serialise (document: unknown): string {
  return JSON.stringify(document, null, 2) + '\n'
}

/** The OpenAPI document of an app built with the default settings, on a throwaway database. */
export async function generateOpenApi (): Promise<unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-'))
  try {
    const app = await buildApp({ config: { DATABASE_URL: `file:${path.join(dir, 'openapi.db')}` } })
    try { return app.swagger() } finally { await app.close() }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function write (file: string, text: string): void {
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined
  fs.writeFileSync(file, text)
  console.log(`${previous === text ? 'unchanged' : 'wrote'} ${path.relative(process.cwd(), file)}`)
}

async function main (): Promise<void> {
  write(OPENAPI_FILE, serialise(await generateOpenApi()))
  write(FIXTURE_SCHEMA_FILE, serialise(fixtureJsonSchema()))
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error: unknown) => { console.error(error); process.exit(1) })
}
