// Writes data records through prepared statements on the writer connection. The caller wraps a whole
// load in one transaction, so a load is atomic and readers (WAL) see the old data or the new, never a mix.
import type { Sqlite } from '../db/sqlite.js'
import { hashApiKey } from '../lib/api-keys.js'
import type { DataRecord } from './dataset.js'

export interface WriteCounts {
  organizations: number
  courses: number
  exercises: number
  enrollments: number
  results: number
  sessions: number
}

export function emptyCounts (): WriteCounts {
  return { organizations: 0, courses: 0, exercises: 0, enrollments: 0, results: 0, sessions: 0 }
}

/** Total rows written, for progress and rows-per-second figures. */
export function rowTotal (counts: WriteCounts): number {
  return counts.organizations + counts.courses + counts.exercises + counts.enrollments + counts.results + counts.sessions
}

export class DataWriter {
  readonly counts = emptyCounts()
  private readonly insertOrganization
  private readonly insertApiKey
  private readonly insertCourse
  private readonly insertExercise
  private readonly insertEnrollment
  private readonly insertResult
  private readonly insertSession

  constructor (db: Sqlite) {
    this.insertOrganization = db.prepare('INSERT INTO organizations (id, name) VALUES (?, ?)')
    this.insertApiKey = db.prepare('INSERT INTO api_keys (organization_id, key_hash, label) VALUES (?, ?, ?)')
    this.insertCourse = db.prepare(`INSERT INTO courses (id, organization_id, name, class_id, external_id, duration,
      duration_unit, activity_hours_limit, feature_video, feature_slides, feature_lab_manual_pause, status, labels, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    this.insertExercise = db.prepare('INSERT INTO exercises (id, course_id, position, title, type) VALUES (?, ?, ?, ?, ?)')
    this.insertEnrollment = db.prepare(`INSERT INTO enrollments (id, course_id, email, name, workspace_id, status,
      enrolled_at, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    this.insertResult = db.prepare('INSERT INTO exercise_results (enrollment_id, exercise_id, result, finished_at) VALUES (?, ?, ?, ?)')
    this.insertSession = db.prepare('INSERT INTO activity_sessions (enrollment_id, started_at, ended_at) VALUES (?, ?, ?)')
  }

  write (record: DataRecord): void {
    const c = this.counts
    switch (record.kind) {
      case 'organization':
        this.insertOrganization.run(record.id, record.name)
        record.apiKeys.forEach((key, i) => this.insertApiKey.run(record.id, hashApiKey(key), i === 0 ? 'default' : `key-${i + 1}`))
        c.organizations++
        break
      case 'course':
        this.insertCourse.run(record.id, record.organizationId, record.name, record.classId, record.externalId, record.duration,
          record.durationUnit, record.activityHoursLimit, bit(record.features.video), bit(record.features.slides),
          bit(record.features.labManualPause), record.status, JSON.stringify(record.labels), record.createdAt)
        record.exercises.forEach((exercise, i) => this.insertExercise.run(exercise.id, record.id, i + 1, exercise.title, exercise.type))
        c.courses++
        c.exercises += record.exercises.length
        break
      case 'enrollment':
        this.insertEnrollment.run(record.id, record.courseId, record.email, record.name, record.workspaceId, record.status,
          record.enrolledAt, record.startedAt, record.finishedAt)
        for (const result of record.results) this.insertResult.run(record.id, result.exerciseId, result.result, result.finishedAt)
        for (const session of record.sessions) this.insertSession.run(record.id, session.start, session.end)
        c.enrollments++
        c.results += record.results.length
        c.sessions += record.sessions.length
        break
    }
  }
}

function bit (value: boolean): number {
  return value ? 1 : 0
}

/** Deletes every row of the data model (migrations bookkeeping stays). */
export function clearAllData (db: Sqlite): void {
  db.exec('DELETE FROM activity_sessions; DELETE FROM exercise_results; DELETE FROM enrollments; DELETE FROM exercises; DELETE FROM courses; DELETE FROM api_keys; DELETE FROM organizations;')
}

export function isEmpty (db: Sqlite): boolean {
  return db.prepare('SELECT NOT EXISTS (SELECT 1 FROM organizations)').pluck().get() === 1
}
