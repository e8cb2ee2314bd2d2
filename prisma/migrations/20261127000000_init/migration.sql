-- CreateTable
CREATE TABLE "organizations" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organization_id" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT 'default',
    CONSTRAINT "api_keys_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "courses" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organization_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "class_id" TEXT NOT NULL,
    "external_id" TEXT,
    "duration" INTEGER,
    "duration_unit" TEXT,
    "activity_hours_limit" INTEGER,
    "feature_video" BOOLEAN NOT NULL DEFAULT false,
    "feature_slides" BOOLEAN NOT NULL DEFAULT false,
    "feature_lab_manual_pause" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'published',
    "labels" TEXT NOT NULL DEFAULT '[]',
    "created_at" DATETIME NOT NULL,
    CONSTRAINT "courses_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "exercises" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "course_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    CONSTRAINT "exercises_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "enrollments" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "course_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "enrolled_at" DATETIME NOT NULL,
    "started_at" DATETIME,
    "finished_at" DATETIME,
    CONSTRAINT "enrollments_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "exercise_results" (
    "enrollment_id" TEXT NOT NULL,
    "exercise_id" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "finished_at" DATETIME NOT NULL,

    PRIMARY KEY ("enrollment_id", "exercise_id"),
    CONSTRAINT "exercise_results_enrollment_id_fkey" FOREIGN KEY ("enrollment_id") REFERENCES "enrollments" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "exercise_results_exercise_id_fkey" FOREIGN KEY ("exercise_id") REFERENCES "exercises" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "activity_sessions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enrollment_id" TEXT NOT NULL,
    "started_at" DATETIME NOT NULL,
    "ended_at" DATETIME NOT NULL,
    CONSTRAINT "activity_sessions_enrollment_id_fkey" FOREIGN KEY ("enrollment_id") REFERENCES "enrollments" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_organization_id_key_hash_key" ON "api_keys"("organization_id", "key_hash");

-- CreateIndex
CREATE INDEX "courses_organization_id_created_at_idx" ON "courses"("organization_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "exercises_course_id_position_key" ON "exercises"("course_id", "position");

-- CreateIndex
CREATE INDEX "enrollments_course_id_enrolled_at_id_idx" ON "enrollments"("course_id", "enrolled_at", "id");

-- CreateIndex
CREATE INDEX "exercise_results_exercise_id_idx" ON "exercise_results"("exercise_id");

-- CreateIndex
CREATE INDEX "activity_sessions_enrollment_id_started_at_idx" ON "activity_sessions"("enrollment_id", "started_at");

