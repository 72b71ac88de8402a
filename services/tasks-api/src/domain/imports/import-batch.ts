import type { Prisma, TaskImportRow } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { SetRecurrenceInput } from '../recurrence/recurrence-input';
import { setRecurrence } from '../recurrence/set-recurrence';
import { createTask } from '../tasks/create-task';
import { CreateTaskInput } from '../tasks/task-input';
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
 * whose key is taken is skipped as already imported. Each task is created as
 * POST /tasks creates one (task.created in the outbox: audit log, realtime),
 * and its repeat set as PUT /tasks/{id}/recurrence sets one.
 */
export async function createImportRows(
  tx: Prisma.TransactionClient,
  job: ImportJob,
  rows: TaskImportRow[],
  now = new Date(),
): Promise<RowOutcome[]> {
  const principal: Principal = { userId: job.ownerId, role: job.role };
  const keys = rows.flatMap((row) => (row.key ? [row.key] : []));
  const claimed = await tx.$queryRaw<Array<{ key: string }>>`
    INSERT INTO tasks_api.import_keys (owner_id, key, import_id, created_at, updated_at)
    SELECT ${job.ownerId}::uuid, k, ${job.id}::uuid, now(), now() FROM unnest(${keys}::text[]) AS k
    ON CONFLICT DO NOTHING RETURNING key`;
  const fresh = new Set(claimed.map(({ key }) => key));
  const outcomes: RowOutcome[] = [];
  const made: Array<{ key: string; taskId: string }> = [];
  for (const row of rows) {
    // A key claimed once in this batch is used up: a second row with it is a repeat.
    if (!row.key || !row.draft || !fresh.delete(row.key)) {
      outcomes.push({ row: row.row, status: 'skipped', reason: 'already imported' });
      continue;
    }
    const draft = row.draft as unknown as ImportDraft;
    const input = CreateTaskInput.parse({ ...draft.task, ...(job.projectId ? { projectId: job.projectId } : {}) });
    const task = await createTask(tx, principal, input, now);
    const reason = draft.repeat ? await repeat(tx, principal, task.id, draft.repeat, now) : undefined;
    made.push({ key: row.key, taskId: task.id });
    outcomes.push({ row: row.row, status: 'created', taskId: task.id, ...(reason ? { reason } : {}) });
  }
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
