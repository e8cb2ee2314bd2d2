import { parse } from '@fast-csv/parse'

/** Parses CSV text with fast-csv (an independent parser), the header row giving the keys. */
export async function parseCsv (text: string): Promise<Array<Record<string, string>>> {
  return await new Promise((resolve, reject) => {
    const rows: Array<Record<string, string>> = []
    const parser = parse({ headers: true })
    parser.on('data', (row) => rows.push(row)).on('error', reject).on('end', () => resolve(rows))
    parser.end(text)
  })
}

/** Parses CSV text into raw records (header included), keeping the column order. */
export async function parseCsvRecords (text: string): Promise<string[][]> {
  return await new Promise((resolve, reject) => {
    const rows: string[][] = []
    const parser = parse({ headers: false })
    parser.on('data', (row: string[]) => rows.push(row)).on('error', reject).on('end', () => resolve(rows))
    parser.end(text)
  })
}

/** What a JSON value becomes in this API's CSV: null → empty field, the rest as text. */
export function asCsvText (value: unknown): string {
  return value === null ? '' : String(value)
}
