// CSV in exactly the style of the spec's examples: every header name quoted, string values quoted with
// `"` doubled inside, numbers and booleans bare, null as an empty field, `\n` after every line.
// fast-csv's formatter cannot write a null in a quoted column as an empty field (it writes `""`), and the
// per-column rules below are derived from the row schemas anyway, so the writer is this small module;
// fast-csv parses our output in the round-trip tests and drives the benchmark's data-layer limit.
import type { TObject } from '@sinclair/typebox'

export type CsvKind = 'string' | 'number' | 'boolean'
export interface CsvColumn { key: string, kind: CsvKind }

export interface CsvOptions {
  /** Prefix cells that a spreadsheet would evaluate (leading = + - @, tab, CR) with a single quote. */
  neutraliseFormulas?: boolean
}

const FORMULA_START = /^[=+\-@\t\r]/

export function quote (value: string): string {
  return '"' + (value.includes('"') ? value.replaceAll('"', '""') : value) + '"'
}

export function csvHeader (columns: readonly CsvColumn[]): string {
  return columns.map((c) => quote(c.key)).join(',') + '\n'
}

/** Compiles a row formatter for a fixed column list; the result turns one row object into one CSV line. */
export function csvRowFormatter (columns: readonly CsvColumn[], options: CsvOptions = {}): (row: Record<string, unknown>) => string {
  const neutralise = options.neutraliseFormulas === true
  const cell = (value: unknown, kind: CsvKind): string => {
    if (value === null || value === undefined) return ''
    if (kind === 'string') {
      const text = String(value)
      return quote(neutralise && FORMULA_START.test(text) ? "'" + text : text)
    }
    return String(value)
  }
  return (row) => {
    let line = ''
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += ','
      line += cell(row[columns[i].key], columns[i].kind)
    }
    return line + '\n'
  }
}

/** Column kinds read off a TypeBox object schema: strings (nullable or not) are quoted, the rest bare. */
export function csvColumnsFromSchema (schema: TObject): CsvColumn[] {
  return Object.entries(schema.properties as Record<string, { type?: unknown, anyOf?: Array<{ type?: unknown }> }>).map(([key, property]) => {
    const types = property.anyOf !== undefined ? property.anyOf.map((p) => p.type) : [property.type].flat()
    const kind: CsvKind = types.includes('string')
      ? 'string'
      : types.includes('boolean') ? 'boolean' : 'number'
    return { key, kind }
  })
}
