// GET /ondemand-courses/:course_id/reports/enrollments
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CourseIdParamsSchema, OutputQuerySchema } from '../../schemas/common.js'
import { reportResponses } from '../../schemas/responses.js'
import { compileRowSerializer } from '../../lib/json-row.js'
import { runReport } from '../run-report.js'
import { iterateEnrollments } from './query.js'
import { enrollmentRow } from './rows.js'
import { ENROLLMENT_CSV_COLUMNS, EnrollmentRowSchema, EnrollmentsReportSchema, type EnrollmentRow } from './schema.js'

const serializeRow = compileRowSerializer<EnrollmentRow>(EnrollmentRowSchema)

const enrollmentsReport: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/ondemand-courses/:course_id/reports/enrollments', {
    schema: {
      tags: ['reports'],
      operationId: 'getEnrollmentsReport',
      summary: 'Enrollments report',
      description: 'All enrollments of an on-demand course, ordered by enrollment time then id.',
      params: CourseIdParamsSchema,
      querystring: OutputQuerySchema,
      response: reportResponses(EnrollmentsReportSchema)
    }
  }, async (request, reply) => runReport(request, reply, {
    name: 'enrollments',
    formats: ['json', 'csv'],
    * rows (reader, course) {
      for (const record of iterateEnrollments(reader, course.id)) yield enrollmentRow(course, record)
    },
    columns: () => ENROLLMENT_CSV_COLUMNS,
    jsonRow: () => serializeRow
  }))
}

export default enrollmentsReport
