import { randomUUID } from 'node:crypto';
import type { TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma, Task } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { recordTaskChange, recordTaskChanges } from './task-events';
import { rowToTask, type TaskRow, taskColumns } from './task-rows';
import type { Creation, Decision, TaskState } from './task-rules';
import { toSnapshot } from './task-snapshot';

/** Who made the change (and with which personal access token, if any), and when. */
export interface Recording {
  actorId: string;
  viaTokenId?: string;
  now: Date;
}

/** Who a signed-in caller is as an actor: the audit log names their personal access token, if they used one. */
export const actorOf = (principal: Principal): { actorId: string; viaTokenId?: string } => ({
  actorId: principal.userId,
  ...(principal.tokenId ? { viaTokenId: principal.tokenId } : {}),
});

/** The recording of a change a signed-in caller makes now. */
export const recordingOf = (principal: Principal, now: Date): Recording => ({ ...actorOf(principal), now });

export interface Written {
  row: Task;
  task: TaskSnapshot;
}

/*
 * The one writer of the tasks table (issue 16): it stores what the task rules
 * decided, the new version being the task's ETag, and records the change's
 * events in the same transaction (the outbox publishes them; audit-agent keeps
 * the trail). tests/architecture/one-task-writer.test.ts keeps every other
 * file from writing tasks, bumping versions or spelling event types.
 */

/** Stores a decided change to a task the caller has locked. */
export async function writeChange(
  tx: Prisma.TransactionClient,
  before: Task,
  decision: Decision,
  { actorId, viaTokenId, now }: Recording,
): Promise<Written> {
  const { next } = decision;
  const row = await tx.task.update({
    where: { id: before.id },
    data: { ...columns(next), updatedBy: actorId, updatedAt: now },
  });
  const task = toSnapshot(row);
  await recordTaskChange(tx, {
    type: decision.eventType,
    actorId,
    viaTokenId,
    before: toSnapshot(before),
    after: task,
    changes: decision.changes,
    assigneeId: decision.assigneeId,
    occurredAt: now,
  });
  return { row, task };
}

/** Stores a new task and records task.created. */
export async function writeCreation(
  tx: Prisma.TransactionClient,
  creation: Creation,
  recording: Recording,
): Promise<Written> {
  return (await writeCreations(tx, [creation], recording))[0] as Written;
}

/**
 * Stores new tasks and records their task.created events, in order: one
 * INSERT for all (one JSON parameter), one update number per project and one
 * outbox statement, so an import's batch of 200 costs three statements, not
 * 800 (issue 20). Plain SQL: creating is the hottest write (a fifth of the
 * API mix), and the query builder costs about a millisecond of CPU per call
 * (bench/api.ts, task-rows.ts).
 */
export async function writeCreations(
  tx: Prisma.TransactionClient,
  creations: Creation[],
  { actorId, viaTokenId, now }: Recording,
): Promise<Written[]> {
  const rows = creations.map(({ next }) => ({ id: randomUUID(), ...next }));
  const inserted = await tx.$queryRaw<TaskRow[]>`
    INSERT INTO tasks_api.tasks AS t (id, owner_id, project_id, section_id, assignee_ids, updated_by, series_id,
      occurrence_index, title, description, status, priority, tags, checklist, due_at, time_zone, all_day, completed_at,
      deleted_at, version, created_at, updated_at)
    SELECT r.id, r."ownerId", r."projectId", r."sectionId",
      ARRAY(SELECT jsonb_array_elements_text(r."assigneeIds"))::uuid[], ${actorId}, r."seriesId", r."occurrenceIndex",
      r.title, r.description, r.status::tasks_api."TaskStatus", r.priority::tasks_api."TaskPriority",
      ARRAY(SELECT jsonb_array_elements_text(r.tags)), r.checklist, r."dueAt", r."timeZone", r."allDay",
      r."completedAt", r."deletedAt", r.version, ${now}::timestamptz, ${now}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id uuid, "ownerId" uuid, "projectId" uuid,
      "sectionId" uuid, "assigneeIds" jsonb, "seriesId" uuid, "occurrenceIndex" int, title text, description text,
      status text, priority text, tags jsonb, checklist jsonb, "dueAt" timestamptz, "timeZone" text, "allDay" boolean,
      "completedAt" timestamptz, "deletedAt" timestamptz, version int)
    RETURNING ${taskColumns}`;
  const byId = new Map(inserted.map((row) => [row.id, rowToTask(row)]));
  const written = rows.map(({ id }) => {
    const row = byId.get(id) as Task;
    return { row, task: toSnapshot(row) };
  });
  await recordTaskChanges(
    tx,
    written.map(({ task }, i) => ({
      type: (creations[i] as Creation).eventType,
      actorId,
      viaTokenId,
      after: task,
      occurredAt: now,
    })),
  );
  return written;
}

/**
 * Stores a series' next occurrence unless a task already holds its place in
 * the series (then nothing is written and the result is undefined), so two
 * requests racing for one occurrence make one task.
 */
export async function writeOccurrence(
  tx: Prisma.TransactionClient,
  creation: Creation,
  recording: Recording,
): Promise<Written | undefined> {
  // skipDuplicates is INSERT ... ON CONFLICT DO NOTHING (a unique violation would abort the transaction).
  const [row] = await tx.task.createManyAndReturn({ data: [newRow(creation, recording)], skipDuplicates: true });
  return row && recordCreation(tx, row, creation, recording);
}

function newRow({ next }: Creation, { actorId, now }: Recording) {
  return { ownerId: next.ownerId, ...columns(next), updatedBy: actorId, createdAt: now, updatedAt: now };
}

/** The columns the rules decide. */
function columns(next: TaskState) {
  return {
    title: next.title,
    description: next.description,
    status: next.status,
    priority: next.priority,
    tags: next.tags,
    checklist: next.checklist,
    dueAt: next.dueAt,
    timeZone: next.timeZone,
    allDay: next.allDay,
    completedAt: next.completedAt,
    deletedAt: next.deletedAt,
    seriesId: next.seriesId,
    occurrenceIndex: next.occurrenceIndex,
    projectId: next.projectId,
    sectionId: next.sectionId,
    assigneeIds: next.assigneeIds,
    version: next.version,
  };
}

async function recordCreation(
  tx: Prisma.TransactionClient,
  row: Task,
  { eventType }: Creation,
  { actorId, viaTokenId, now }: Recording,
): Promise<Written> {
  const task = toSnapshot(row);
  await recordTaskChange(tx, { type: eventType, actorId, viaTokenId, after: task, occurredAt: now });
  return { row, task };
}
