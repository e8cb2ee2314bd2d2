// GET /ondemand-courses/:course_id/reports/exercises
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CourseIdParamsSchema, OutputQuerySchema } from '../../schemas/common.js'
import { reportResponses } from '../../schemas/responses.js'
import { runReport } from '../run-report.js'
import { courseExercises, iterateEnrollmentResults } from './query.js'
import { exercisesRows } from './rows.js'
import { ExercisesReportSchema, exercisesLayout, type ExercisesRow } from './schema.js'

const exercisesReport: FastifyPluginAsyncTypebox = async (app) => {
  const style = app.config.EXERCISE_KEY_STYLE
  const exerciseKey = style === 'underscored' ? 'exercise_N_' : 'exerciseN_'

  app.get('/ondemand-courses/:course_id/reports/exercises', {
    schema: {
      tags: ['reports'],
      operationId: 'getExercisesReport',
      summary: 'Exercises report',
      description: 'One row per enrollment of an on-demand course (ordered by enrollment time then id) with its exercise ' +
        `progress, then ${exerciseKey}title, ${exerciseKey}type, ${exerciseKey}result and ${exerciseKey}finished_at for ` +
        'every exercise of the course, in course order. The key style is the server setting EXERCISE_KEY_STYLE.',
      params: CourseIdParamsSchema,
      querystring: OutputQuerySchema,
      response: reportResponses(ExercisesReportSchema(style))
    }
  }, async (request, reply) => runReport<ExercisesRow>(request, reply, {
    name: 'exercises',
    formats: ['json', 'csv'],
    // runReport reads the course, this list and the cursor in one snapshot, so the columns always fit.
    rows: (reader, course) => exercisesRows(course, courseExercises(reader, course.id),
      exercisesLayout(course.exerciseCount, style), iterateEnrollmentResults(reader, course.id)),
    columns: (course) => exercisesLayout(course.exerciseCount, style).columns,
    jsonRow: (course) => exercisesLayout(course.exerciseCount, style).serialize
  }))
}

export default exercisesReport
