// Two "generations" of the same organisation and course, told apart by every row: old has 2 learners and
// 2 exercises, new has 3 and 3, with their own names, ids and sessions. A report that mixes them, or that
// counts one generation's exercises against the other's learners, is caught by `generationOf`. The new
// fixture can carry ballast (a second course of many learners) so that loading it takes a while.

export const GEN_ORG = { id: 'gen-org', apiKey: 'gen-org-key-0001' }
export const GEN_COURSE = 'gen-course'

type Generation = 'old' | 'new'
const SHAPE: Record<Generation, { learners: number, exercises: number }> = { old: { learners: 2, exercises: 2 }, new: { learners: 3, exercises: 3 } }

function course (generation: Generation, id: string, learners: number, exercises: number): Record<string, unknown> {
  const exerciseIds = Array.from({ length: exercises }, (_, i) => `${generation}-${id}-x${i + 1}`)
  return {
    id,
    name: `Generation ${generation}`,
    createdAt: '2025-01-01T00:00:00.000Z',
    exercises: exerciseIds.map((x, i) => ({ id: x, title: `${generation} exercise ${i + 1}`, type: 'exercise' })),
    enrollments: Array.from({ length: learners }, (_, i) => ({
      id: `${generation}-${id}-e${i}`,
      email: `${generation}${i}@example.com`,
      name: `${generation} learner ${i}`,
      workspaceId: `ws${generation}${String(i).padStart(10, '0')}`,
      status: 'finished',
      enrolledAt: new Date(Date.UTC(2025, 1, 1) + i * 60_000).toISOString(),
      startedAt: new Date(Date.UTC(2025, 1, 1, 1) + i * 60_000).toISOString(),
      finishedAt: new Date(Date.UTC(2025, 1, 1, 3) + i * 60_000).toISOString(),
      results: exerciseIds.map((x, k) => ({ exerciseId: x, result: 'success', finishedAt: new Date(Date.UTC(2025, 1, 1, 2) + i * 60_000 + k).toISOString() })),
      sessions: [{ start: new Date(Date.UTC(2025, 1, 1, 1) + i * 60_000).toISOString(), end: new Date(Date.UTC(2025, 1, 1, 3) + i * 60_000).toISOString() }]
    }))
  }
}

/** The fixture of one generation; `ballast` learners go into a second course of the same organisation. */
export function generationFixture (generation: Generation, ballast = 0): string {
  const courses = [course(generation, GEN_COURSE, SHAPE[generation].learners, SHAPE[generation].exercises)]
  if (ballast > 0) courses.push(course(generation, 'ballast', ballast, 5))
  return JSON.stringify({ organizations: [{ id: GEN_ORG.id, apiKeys: [GEN_ORG.apiKey], courses }] })
}

export const GEN_REPORTS = [
  { name: 'enrollments json', method: 'GET', url: `/api/v1/ondemand-courses/${GEN_COURSE}/reports/enrollments?output=json` },
  { name: 'enrollments csv', method: 'GET', url: `/api/v1/ondemand-courses/${GEN_COURSE}/reports/enrollments?output=csv` },
  { name: 'exercises json', method: 'GET', url: `/api/v1/ondemand-courses/${GEN_COURSE}/reports/exercises?output=json` },
  { name: 'exercises csv', method: 'GET', url: `/api/v1/ondemand-courses/${GEN_COURSE}/reports/exercises?output=csv` },
  { name: 'user-activity', method: 'POST', url: `/api/v1/ondemand-courses/${GEN_COURSE}/reports/user-activity`, body: '{"from":"2025-01-01T00:00:00.000Z","to":"2026-01-01T00:00:00.000Z"}' }
] as const

/**
 * Which generation a report body shows, or a description of what is wrong with it: every learner, the
 * course name and the number of exercises must belong to one generation, and all its learners be there.
 */
export function generationOf (body: string): Generation | string {
  const found = new Set<string>()
  for (const match of body.matchAll(/\b(old|new)-gen-course-e\d+\b|Generation (old|new)|\b(old|new) exercise \d+/g)) found.add(match[1] ?? match[2] ?? match[3])
  if (found.size !== 1) return `mixed or empty: ${[...found].join(', ') || 'nothing'} in ${body.slice(0, 200)}`
  const generation = [...found][0] as Generation
  const learners = new Set([...body.matchAll(new RegExp(`\\b${generation}-gen-course-e\\d+\\b`, 'g'))].map((m) => m[0]))
  if (learners.size !== SHAPE[generation].learners) return `${generation}: ${learners.size} learners, expected ${SHAPE[generation].learners}`
  const counts = [...body.matchAll(/"exercises_count":(\d+)|"exercisesCount":(\d+)/g)].map((m) => Number(m[1] ?? m[2]))
  if (counts.some((n) => n !== SHAPE[generation].exercises)) return `${generation}: exercise counts ${counts.join(',')}`
  const titles = new Set([...body.matchAll(new RegExp(`\\b${generation} exercise \\d+`, 'g'))].map((m) => m[0]))
  if (titles.size > 0 && titles.size !== SHAPE[generation].exercises) return `${generation}: ${titles.size} exercise titles, expected ${SHAPE[generation].exercises}`
  return generation
}
