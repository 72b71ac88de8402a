import type { ChecklistItem, TaskSnapshot } from '@taskmesh/contracts';
import { Prisma, type Task } from '@taskmesh/db';
import { dueDateOf } from './task-due';

/**
 * The hot paths (get, list, and the create's INSERT) read tasks with one SQL statement instead of
 * the Prisma query builder, which costs about a millisecond of CPU per call
 * (its query compiler runs in WASM); see bench/api.ts.
 */
export const taskColumns = Prisma.sql`
  t.id::text AS id, t.owner_id::text AS owner_id, t.title, t.description, t.status::text AS status,
  t.priority::text AS priority, t.tags, t.checklist, t.due_at, t.time_zone, t.all_day, t.completed_at, t.deleted_at,
  t.version, t.series_id::text AS series_id, t.occurrence_index, t.project_id::text AS project_id,
  t.section_id::text AS section_id, t.assignee_ids::text[] AS assignee_ids, t.updated_by, t.created_at, t.updated_at`;

export interface TaskRow {
  id: string;
  owner_id: string;
  title: string;
  description: string | null;
  status: TaskSnapshot['status'];
  priority: TaskSnapshot['priority'];
  tags: string[] | null;
  checklist: ChecklistItem[] | null;
  due_at: Date | null;
  time_zone: string | null;
  all_day: boolean;
  completed_at: Date | null;
  deleted_at: Date | null;
  version: number;
  series_id: string | null;
  occurrence_index: number | null;
  project_id: string;
  section_id: string | null;
  assignee_ids: string[] | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export function rowToSnapshot(row: TaskRow): TaskSnapshot {
  return {
    id: row.id,
    ownerId: row.owner_id,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    tags: row.tags ?? [],
    checklist: row.checklist ?? [],
    dueAt: row.due_at?.toISOString() ?? null,
    timeZone: row.time_zone,
    allDay: row.all_day,
    dueDate: dueDateOf({ dueAt: row.due_at, timeZone: row.time_zone, allDay: row.all_day }),
    completedAt: row.completed_at?.toISOString() ?? null,
    deletedAt: row.deleted_at?.toISOString() ?? null,
    version: row.version,
    seriesId: row.series_id,
    occurrenceIndex: row.occurrence_index,
    projectId: row.project_id,
    sectionId: row.section_id,
    assigneeIds: row.assignee_ids ?? [],
    updatedBy: row.updated_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A row read with taskColumns as Prisma's Task model. */
export function rowToTask(row: TaskRow): Task {
  return {
    id: row.id,
    ownerId: row.owner_id,
    projectId: row.project_id,
    sectionId: row.section_id,
    assigneeIds: row.assignee_ids ?? [],
    updatedBy: row.updated_by,
    seriesId: row.series_id,
    occurrenceIndex: row.occurrence_index,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    tags: row.tags ?? [],
    checklist: (row.checklist ?? []) as Prisma.JsonValue,
    dueAt: row.due_at,
    timeZone: row.time_zone,
    allDay: row.all_day,
    completedAt: row.completed_at,
    deletedAt: row.deleted_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
