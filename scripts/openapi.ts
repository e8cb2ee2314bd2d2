// `npm run openapi`: writes the generated contract files that are committed to the repository, so tools
// and editors can use them without a running server; tests fail when either is stale.
//   fixtures/fixture.schema.json  the fixture format's JSON Schema (from src/fixtures/schema.ts)
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { fixtureJsonSchema } from '../src/fixtures/schema.js'

export const FIXTURE_SCHEMA_FILE = fileURLToPath(new URL('../fixtures/fixture.schema.json', import.meta.url))

export function serialise (document: unknown): string {
  return JSON.stringify(document, null, 2) + '\n'
}

function write (file: string, text: string): void {
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined
  fs.writeFileSync(file, text)
  console.log(`${previous === text ? 'unchanged' : 'wrote'} ${file}`)
}

async function main (): Promise<void> {
  write(FIXTURE_SCHEMA_FILE, serialise(fixtureJsonSchema()))
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => { console.error(error); process.exit(1) })
}
