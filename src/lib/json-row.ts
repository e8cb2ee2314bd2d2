// One report row → JSON text, compiled from the row's TypeBox schema by fast-json-stringify (the same
// engine as Fastify's own serializer), so the keys, their order and their types are the schema's.
import fastJson from 'fast-json-stringify'
import type { TObject } from '@sinclair/typebox'

export function compileRowSerializer<Row> (schema: TObject): (row: Row) => string {
  return fastJson(schema as object) as (row: Row) => string
}
