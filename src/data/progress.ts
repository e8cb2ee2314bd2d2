// Progress of a long load: a bar redrawn in place on a terminal, a line every few seconds otherwise.
import type { WriteCounts } from './writer.js'
import { rowTotal } from './writer.js'

export function progressReporter (expectedEnrollments: number, out: NodeJS.WriteStream = process.stderr): (counts: WriteCounts) => void {
  const started = Date.now()
  let lastLine = 0
  return (counts) => {
    const elapsed = (Date.now() - started) / 1000
    const share = expectedEnrollments > 0 ? Math.min(1, counts.enrollments / expectedEnrollments) : 1
    const rate = elapsed > 0 ? Math.round(rowTotal(counts) / elapsed) : 0
    const text = `${counts.enrollments.toLocaleString('en-US')}/${expectedEnrollments.toLocaleString('en-US')} enrollments, ` +
      `${rowTotal(counts).toLocaleString('en-US')} rows, ${rate.toLocaleString('en-US')} rows/s, ${elapsed.toFixed(1)} s`
    if (out.isTTY) {
      const width = 30
      const filled = Math.round(share * width)
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${text}`)
      if (share >= 1) out.write('\n')
    } else if (Date.now() - lastLine > 2000 || share >= 1) {
      lastLine = Date.now()
      out.write(`seed: ${text}\n`)
    }
  }
}
