import { generateDemoData } from './src/data/generate.ts'
let t = performance.now(); let n = 0
for (const r of generateDemoData({ seed: 1, courses: 1, enrollments: 50000, exercises: 10, sessions: 5, reference: new Date('2026-01-01T00:00:00Z'), demoOrgId: 'a', demoApiKey: 'bbbbbbbbbb' })) { n++ }
console.log('gen 50k', (performance.now() - t).toFixed(0), 'ms', n)
