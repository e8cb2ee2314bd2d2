// An SVG line chart of the large-report figures: rows/s and peak RSS against course size, one line per
// report plus the data-layer limit. Hand-written SVG, so the bench needs no plotting package.

interface Point { x: number, y: number }
interface Series { name: string, points: Point[] }

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#555555']

function panel (title: string, yLabel: string, series: Series[], left: number, top: number, width: number, height: number): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.x))
  const ys = series.flatMap((s) => s.points.map((p) => p.y))
  const xMax = Math.max(...xs)
  const yMax = Math.max(...ys) * 1.1
  const px = (x: number): number => left + (x / xMax) * width
  const py = (y: number): number => top + height - (y / yMax) * height
  const parts: string[] = []
  parts.push(`<text x="${left + width / 2}" y="${top - 14}" text-anchor="middle" font-size="15" font-weight="bold">${title}</text>`)
  parts.push(`<line x1="${left}" y1="${top + height}" x2="${left + width}" y2="${top + height}" stroke="#333"/>`)
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + height}" stroke="#333"/>`)
  for (let i = 0; i <= 4; i++) {
    const y = (yMax / 4) * i
    parts.push(`<line x1="${left}" y1="${py(y)}" x2="${left + width}" y2="${py(y)}" stroke="#ddd"/>`)
    parts.push(`<text x="${left - 6}" y="${py(y) + 4}" text-anchor="end" font-size="11">${Math.round(y).toLocaleString('en-US')}</text>`)
  }
  for (const x of [...new Set(xs)]) {
    parts.push(`<text x="${px(x)}" y="${top + height + 16}" text-anchor="middle" font-size="11">${x.toLocaleString('en-US')}</text>`)
  }
  parts.push(`<text x="${left + width / 2}" y="${top + height + 34}" text-anchor="middle" font-size="12">enrollments in the course</text>`)
  parts.push(`<text x="${left - 58}" y="${top + height / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 ${left - 58} ${top + height / 2})">${yLabel}</text>`)
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]
    const dash = s.name.startsWith('data-layer') ? ' stroke-dasharray="6 4"' : ''
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${s.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`)
    for (const p of s.points) parts.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${color}"/>`)
  })
  return parts.join('\n')
}

export function renderChart (figures: Record<string, any>): string {
  const reports = [...new Set<string>(figures.large.map((l: any) => l.report))]
  const limit = figures.dataLayerLimit.filter((l: any) => l.mode === 'csv')
  const series = (key: 'rowsPerSec' | 'peakRssMiB'): Series[] => [
    ...reports.map((report) => ({
      name: report,
      points: figures.large.filter((l: any) => l.report === report).map((l: any) => ({ x: l.size, y: l[key] }))
    })),
    { name: 'data-layer limit (CSV)', points: limit.map((l: any) => ({ x: l.size, y: l[key] })) }
  ]
  const rows = series('rowsPerSec')
  const legend = rows.map((s, i) => `<rect x="${80 + (i % 3) * 290}" y="${372 + Math.floor(i / 3) * 20}" width="14" height="4" fill="${COLORS[i % COLORS.length]}"/>` +
    `<text x="${100 + (i % 3) * 290}" y="${378 + Math.floor(i / 3) * 20}" font-size="12">${s.name}</text>`).join('\n')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="420" viewBox="0 0 960 420" font-family="sans-serif">
<rect width="960" height="420" fill="white"/>
${panel('Rows per second', 'rows/s', rows, 90, 40, 340, 260)}
${panel('Peak RSS of the server', 'MiB', series('peakRssMiB'), 580, 40, 340, 260)}
${legend}
<text x="950" y="414" text-anchor="end" font-size="10" fill="#777">${figures.startedAt} · node ${figures.node} · ${figures.cpus} cores</text>
</svg>
`
}
