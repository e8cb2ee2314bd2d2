// The real API's on-demand course shape, so users can find the ids to put in report URLs.
import { Type, type Static } from '@sinclair/typebox'
import { SuccessEnvelope } from '../schemas/common.js'

export const CourseSchema = Type.Object({
  id: Type.String({ examples: ['6363d3d399533fd52834c620'] }),
  name: Type.String(),
  course_link: Type.String({ format: 'uri' }),
  class_id: Type.String(),
  external_id: Type.Union([Type.String(), Type.Null()]),
  duration: Type.Union([Type.Integer(), Type.Null()]),
  duration_unit: Type.Union([Type.String(), Type.Null()]),
  activity_hours_limit: Type.Union([Type.Integer(), Type.Null()]),
  features: Type.Object({
    video: Type.Boolean(),
    slides: Type.Boolean(),
    lab_manual_pause: Type.Boolean()
  }),
  status: Type.String(),
  labels: Type.Array(Type.String())
})
export type Course = Static<typeof CourseSchema>

export const CourseListSchema = SuccessEnvelope(Type.Array(CourseSchema))
export const CourseEnvelopeSchema = SuccessEnvelope(CourseSchema)
