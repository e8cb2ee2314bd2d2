// An independent check that responses match the OpenAPI document: Ajv (draft 2020-12, the dialect of
// OpenAPI 3.1) compiled from the document's response schemas, not Fastify's serializer (which the reports
// do not even go through: they are streamed). The test helper runs every response the suite produces
// through it; test/contract/validator.test.ts shows that it catches wrong ones.
import crypto from 'node:crypto'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

type Json = Record<string, any>

export interface ObservedResponse {
  method: string
  /** The request URL (path and query). */
  url: string
  statusCode: number
  headers: Record<string, unknown>
  body: string
}

interface Operation {
  method: string
  template: string
  regex: RegExp
  responses: Record<string, Json>
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']

export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false })
  private readonly operations: Operation[] = []
  private readonly compiled = new Map<string, ValidateFunction>()
  private readonly schemas: Json

  constructor (document: Json) {
    addFormats(this.ajv)
    // OpenAPI's own annotation keywords, which JSON Schema does not define.
    this.ajv.addVocabulary(['example', 'xml', 'externalDocs', 'discriminator'])
    // References point into the document's components: each compiled schema carries them as $defs.
    const rewritten = JSON.parse(JSON.stringify(document).replaceAll('"#/components/schemas/', '"#/$defs/')) as Json
    this.schemas = rewritten.components?.schemas ?? {}
    for (const [template, item] of Object.entries<Json>(rewritten.paths ?? {})) {
      const source = '^' + template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+') + '$'
      for (const method of METHODS) {
        if (item[method] !== undefined) this.operations.push({ method: method.toUpperCase(), template, regex: new RegExp(source), responses: item[method].responses ?? {} })
      }
    }
  }

  /** The operation a request addresses, or undefined when the path is not in the document. */
  operation (method: string, url: string): Operation | undefined {
    const path = url.split('?')[0]
    return this.operations.find((op) => op.method === method.toUpperCase() && op.regex.test(path))
  }

  /** Problems with a response (empty when it matches the document, or when its path is not documented). */
  validate (response: ObservedResponse): string[] {
    const op = this.operation(response.method, response.url)
    if (op === undefined) return []
    const where = `${op.method} ${op.template} → ${response.statusCode}`
    const status = String(response.statusCode)
    const declared = op.responses[status] ?? op.responses[`${status[0]}XX`] ?? op.responses.default
    if (declared === undefined) return [`${where}: status not documented (documented: ${Object.keys(op.responses).join(', ')})`]
    const content = (declared.content ?? {}) as Record<string, { schema?: Json }>
    const contentType = typeof response.headers['content-type'] === 'string' ? response.headers['content-type'] : undefined
    if (Object.keys(content).length === 0) {
      return response.body === '' ? [] : [`${where}: a body where the document declares none`]
    }
    if (contentType === undefined) return [`${where}: no Content-Type (documented: ${Object.keys(content).join(', ')})`]
    const mediaType = contentType.split(';')[0].trim().toLowerCase()
    const media = content[mediaType]
    if (media === undefined) return [`${where}: Content-Type ${mediaType} not documented (documented: ${Object.keys(content).join(', ')})`]
    const problems: string[] = []
    for (const [name, header] of Object.entries<Json>(declared.headers ?? {})) {
      const value = response.headers[name.toLowerCase()]
      const applies = name !== 'Content-Disposition' || mediaType === 'text/csv'
      if (applies && value === undefined) problems.push(`${where}: header ${name} missing`)
      else if (applies && header.schema?.const !== undefined && value !== header.schema.const) problems.push(`${where}: header ${name} is ${String(value)}, not ${String(header.schema.const)}`)
    }
    if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
      let body: unknown
      try { body = JSON.parse(response.body) } catch { return [...problems, `${where}: the body is not JSON`] }
      const validate = this.compile(media.schema ?? {})
      if (!validate(body)) {
        problems.push(...(validate.errors ?? []).map((e) => `${where} (${mediaType}): ${e.instancePath === '' ? '(body)' : e.instancePath} ${e.message ?? ''}${e.params !== undefined ? ' ' + JSON.stringify(e.params) : ''}`))
      }
    } else if (mediaType === 'text/csv') {
      problems.push(...this.checkCsv(where, response.body, content['application/json']?.schema))
    }
    return problems
  }

  private compile (schema: Json): ValidateFunction {
    const key = crypto.createHash('sha1').update(JSON.stringify(schema)).digest('hex')
    let validate = this.compiled.get(key)
    if (validate === undefined) {
      validate = this.ajv.compile({ ...schema, $defs: this.schemas })
      this.compiled.set(key, validate)
    }
    return validate
  }

  /** A CSV body: `\n` line ends, a quoted header whose columns are the JSON rows' keys, rows as wide as the header. */
  private checkCsv (where: string, body: string, jsonSchema: Json | undefined): string[] {
    const problems: string[] = []
    if (!body.endsWith('\n')) problems.push(`${where} (text/csv): the last line does not end with \\n`)
    let records: string[][]
    try { records = parseCsv(body) } catch (error) { return [...problems, `${where} (text/csv): ${(error as Error).message}`] }
    const [header, ...rows] = records
    if (header === undefined) return [...problems, `${where} (text/csv): no header row`]
    if (!body.startsWith(header.map((name) => `"${name}"`).join(',') + '\n')) problems.push(`${where} (text/csv): the header names are not all quoted`)
    rows.forEach((row, i) => {
      if (row.length !== header.length) problems.push(`${where} (text/csv): row ${i + 1} has ${row.length} fields, the header ${header.length}`)
    })
    const row = this.rowSchema(jsonSchema)
    if (row !== undefined) {
      const properties = Object.keys(row.properties ?? {})
      const patterns = Object.keys(row.patternProperties ?? {}).map((p) => new RegExp(p))
      for (const column of header) {
        if (!properties.includes(column) && !patterns.some((p) => p.test(column))) problems.push(`${where} (text/csv): column ${column} is not a field of the JSON rows`)
      }
      for (const required of (row.required ?? []) as string[]) {
        if (!header.includes(required)) problems.push(`${where} (text/csv): column ${required} missing (a required field of the JSON rows)`)
      }
    }
    return problems
  }

  /** The row schema of a report: `data.items` of the JSON representation, references followed. */
  private rowSchema (jsonSchema: Json | undefined): Json | undefined {
    const deref = (schema: Json | undefined): Json | undefined => {
      const ref = schema?.$ref as string | undefined
      return ref?.startsWith('#/$defs/') === true ? this.schemas[ref.slice('#/$defs/'.length)] : schema
    }
    return deref(deref(deref(jsonSchema)?.properties?.data)?.items)
  }
}

/** RFC 4180 records (quoted fields may hold commas, quotes doubled, line breaks); `\n` ends a record. */
export function parseCsv (text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let i = 0
  while (i < text.length) {
    let field = ''
    if (text[i] === '"') {
      i++
      for (;;) {
        if (i >= text.length) throw new Error('an unterminated quoted field')
        if (text[i] === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue }
          i++
          break
        }
        field += text[i++]
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error('a quote inside an unquoted field')
        field += text[i++]
      }
    }
    record.push(field)
    if (text[i] === ',') { i++; continue }
    if (text[i] === '\n' || i >= text.length) { records.push(record); record = []; i++ }
    else throw new Error(`unexpected ${JSON.stringify(text[i])} after a quoted field`)
  }
  return records
}

const validators = new Map<string, OpenApiValidator>()
const byObject = new WeakMap<Json, OpenApiValidator>()

/** One validator per distinct document (apps built with the same settings share it). */
export function validatorFor (document: Json): OpenApiValidator {
  const known = byObject.get(document)
  if (known !== undefined) return known
  const key = crypto.createHash('sha1').update(JSON.stringify(document)).digest('hex')
  let validator = validators.get(key)
  if (validator === undefined) {
    validator = new OpenApiValidator(document)
    validators.set(key, validator)
  }
  byObject.set(document, validator)
  return validator
}
