// GET /ondemand and GET /ondemand/:course_id: the caller's on-demand courses (Prisma: relational, not hot).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Course as CourseModel } from '../generated/prisma/client.js'
import { CourseNotFound } from '../errors.js'
import { CourseIdParamsSchema } from '../schemas/common.js'
import { FAILURES } from '../schemas/responses.js'
import { CourseEnvelopeSchema, CourseListSchema, type Course } from './schema.js'

/** Courses have no stored link; the real API's link is the course's page in the Strigo app. */
export const COURSE_LINK_BASE = 'https://app.strigo.io/ondemand-courses/'

export function courseView (course: CourseModel): Course {
  return {
    id: course.id,
    name: course.name,
    course_link: COURSE_LINK_BASE + encodeURIComponent(course.id),
    class_id: course.classId,
    external_id: course.externalId,
    duration: course.duration,
    duration_unit: course.durationUnit,
    activity_hours_limit: course.activityHoursLimit,
    features: { video: course.featureVideo, slides: course.featureSlides, lab_manual_pause: course.featureLabPause },
    status: course.status,
    labels: parseLabels(course.labels)
  }
}

function parseLabels (text: string): string[] {
  try {
    const labels: unknown = JSON.parse(text)
    return Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : []
  } catch {
    return []
  }
}

const courses: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/ondemand', {
    schema: {
      tags: ['courses'],
      operationId: 'listOnDemandCourses',
      summary: 'List on-demand courses',
      description: "The caller's on-demand courses, oldest first: where report URLs get their course ids.",
      response: { 200: CourseListSchema, 401: FAILURES[401], 500: FAILURES[500] }
    }
  }, async (request) => {
    const rows = await (await app.db.prisma()).course.findMany({
      where: { organizationId: request.organization.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }]
    })
    return { result: 'success' as const, data: rows.map(courseView) }
  })

  app.get('/ondemand/:course_id', {
    schema: {
      tags: ['courses'],
      operationId: 'getOnDemandCourse',
      summary: 'Get one on-demand course',
      params: CourseIdParamsSchema,
      response: { 200: CourseEnvelopeSchema, 401: FAILURES[401], 404: FAILURES[404], 500: FAILURES[500] }
    }
  }, async (request) => {
    const course = await (await app.db.prisma()).course.findFirst({
      where: { id: request.params.course_id, organizationId: request.organization.id }
    })
    if (course === null) throw new CourseNotFound()
    return { result: 'success' as const, data: courseView(course) }
  })
}

export default courses
