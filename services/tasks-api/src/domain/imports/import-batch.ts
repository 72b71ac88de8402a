import type { Prisma, TaskImportRow } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { SetRecurrenceInput } from '../recurrence/recurrence-input';
import { setRecurrence } from '../recurrence/set-recurrence';
import { creationOf } from '../tasks/create-task';
import { CreateTaskInput } from '../tasks/task-input';
import { placeTask } from '../tasks/task-placement';
import { type Written, writeCreations } from '../tasks/task-writer';
import type { ImportDraft } from './import-row';

export interface RowOutcome {
  row: number;
  status: 'created' | 'skipped';
  reason?: string;
  taskId?: string;
}

export interface ImportJob {
  id: string;
  ownerId: string;
  projectId: string | null;
  role: Principal['role'];
}

/**
 * Creates the tasks of a batch of rows in the caller's transaction. Each row
 * first claims its import key (the owner's key table has a unique key, so
 * the same row imported again, or by two jobs at once, is created once); a row
 * whose key is taken is skipped as already imported. Each task is decided as
 * POST /tasks decides one (creationOf) and the batch written by the one task
 * writer in three statements (task.created in the outbox: audit log,
 * realtime); a repeat is set as PUT /tasks/{id}/recurrence sets one.
 */
export async function createImportRows(
  tx: Prisma.TransactionClient,
  job: ImportJob,
  rows: TaskImportRow[],
  now = new Date(),
): Promise<RowOutcome[]> {
  const principal: Principal = { userId: job.ownerId, role: job.role };
  const keys = rows.flatMap((row) => (row.key ? [row.key] : []));
  const inserted = await tx.$queryRaw<Array<{ key: string }>>`
    INSERT INTO tasks_api.import_keys (owner_id, key, import_id, created_at, updated_at)
    SELECT ${job.ownerId}::uuid, k, ${job.id}::uuid, now(), now() FROM unnest(${keys}::text[]) AS k
    ON CONFLICT DO NOTHING RETURNING key`;
  const claimed = new Set(inserted.map(({ key }) => key));
  // One place and one zone for the batch: every row goes to the same project, for the same user.
  const place = await placeTask(tx, principal, { projectId: job.projectId ?? undefined });
  const { timeZone } = await tx.user.findUniqueOrThrow({ where: { id: job.ownerId }, select: { timeZone: true } });
  const outcomes: RowOutcome[] = [];
  const fresh: Array<{ row: TaskImportRow; key: string; draft: ImportDraft }> = [];
  for (const row of rows) {
    // A key claimed once in this batch is used up: a second row with it is a repeat.
    if (row.key && row.draft && claimed.delete(row.key))
      fresh.push({ row, key: row.key, draft: row.draft as unknown as ImportDraft });
    else outcomes.push({ row: row.row, status: 'skipped', reason: 'already imported' });
  }
  const creations = fresh.map(({ draft }) =>
    creationOf(job.ownerId, place, CreateTaskInput.parse(draft.task), timeZone, now),
  );
  const written = await writeCreations(tx, creations, { actorId: job.ownerId, now });
  const made = fresh.map(({ key }, i) => ({ key, taskId: (written[i] as Written).task.id }));
  for (const [i, { row, draft }] of fresh.entries()) {
    const taskId = (made[i] as { taskId: string }).taskId;
    const reason = draft.repeat ? await repeat(tx, principal, taskId, draft.repeat, now) : undefined;
    outcomes.push({ row: row.row, status: 'created', taskId, ...(reason ? { reason } : {}) });
  }
  outcomes.sort((a, b) => a.row - b.row);
  if (made.length > 0)
    await tx.$executeRaw`
      UPDATE tasks_api.import_keys AS k SET task_id = m.task_id::uuid, updated_at = now()
        FROM unnest(${made.map((m) => m.key)}::text[], ${made.map((m) => m.taskId)}::text[]) AS m(key, task_id)
       WHERE k.owner_id = ${job.ownerId}::uuid AND k.key = m.key`;
  return outcomes;
}

/**
 * Sets a row's repeat. A rule @taskmesh/recurrence refuses (one with no
 * occurrence, one too costly to evaluate) is refused before anything is
 * written, so the task is kept without it and the report says why: losing a
 * task over its repeat would be worse.
 */
async function repeat(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  rule: ImportDraft['repeat'],
  now: Date,
): Promise<string | undefined> {
  try {
    await setRecurrence(tx, principal, taskId, SetRecurrenceInput.parse(rule), undefined, now);
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== ErrorCode.validation) throw error;
    return `imported without its repeat: ${error.message}`;
  }
}
