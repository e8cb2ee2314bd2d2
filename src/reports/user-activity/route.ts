// POST /ondemand-courses/:course_id/reports/user-activity
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { UnsupportedMediaType } from '../../errors.js'
import { compileRowSerializer } from '../../lib/json-row.js'
import { CourseIdParamsSchema, FailureEnvelopeSchema } from '../../schemas/common.js'
import { reportResponses } from '../../schemas/responses.js'
import { runReport } from '../run-report.js'
import { CourseActivityCache } from './activity-cache.js'
import { iterateSessionsInWindow } from './query.js'
import { userActivityRows } from './rows.js'
import { UserActivityBodySchema, UserActivityQuerySchema, UserActivityReportSchema, UserActivityRowSchema, type UserActivityRow } from './schema.js'
import { resolveWindow, type ReportWindow } from './window.js'

const serializeRow = compileRowSerializer<UserActivityRow>(UserActivityRowSchema)

const userActivityReport: FastifyPluginAsyncTypebox = async (app) => {
  const activity = new CourseActivityCache()

  // The body is JSON or nothing. In this scope Fastify's built-in text/plain parser is gone, and any other
  // Content-Type (or a body without one) is a 415 that says what is expected.
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser('*', function (_request, _payload, done) {
    done(new UnsupportedMediaType(), undefined)
  })

  app.post('/ondemand-courses/:course_id/reports/user-activity', {
    schema: {
      tags: ['reports'],
      operationId: 'postUserActivityReport',
      summary: 'User activity report',
      description: 'The enrollments of an on-demand course with at least one activity session overlapping the window ' +
        '[from, to) (a session counts when it starts before `to` and ends after `from`), each listing those sessions ' +
        'whole, by start time. Enrollments in enrollment-time order, then id. JSON only.',
      params: CourseIdParamsSchema,
      querystring: UserActivityQuerySchema,
      body: UserActivityBodySchema,
      response: {
        ...reportResponses(UserActivityReportSchema, undefined, false),
        415: {
          description: 'A body that is not `application/json`',
          content: { 'application/json': { schema: FailureEnvelopeSchema } }
        }
      }
    },
    // The window is resolved here, before Fastify's own validation, because that validation coerces types
    // (`{"from": 5}` would pass as "5", `["2024-01-01"]` as its element) and cannot tell a missing body (the
    // defaults) from a JSON `null` (a 422). What the schema validation then sees is the resolved window.
    preValidation: async (request) => {
      request.body = resolveWindow(request.body, request.server.clock.now())
    }
  }, async (request, reply) => {
    const window = request.body as ReportWindow
    return runReport(request, reply, {
      name: 'user-activity',
      formats: ['json'],
      // The rows depend on the window too: it is part of the cache key.
      variant: `${window.from}|${window.to}`,
      rows: (reader, course, version) => userActivityRows(course, window,
        activity.sessionsInWindow(reader, course.id, version, window) ?? iterateSessionsInWindow(reader, course.id, window)),
      columns: () => [],
      jsonRow: () => serializeRow
    })
  })
}

export default userActivityReport
