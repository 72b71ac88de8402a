import { Prisma, type PrismaClient } from '@taskmesh/db';
import { AppError, csvList, ErrorCode, isoDateTime, type Principal } from '@taskmesh/platform';
import { z } from 'zod';
import { type AuditRow, auditColumns, auditFields } from './audit-row';
import type { MembershipCheck } from './project-membership';

const DateTime = isoDateTime();

export const ListAuditEntriesQuery = z
  .object({
    /**
     * A project's activity feed (issue 19): every entry of the project (its
     * tasks, comments, assignments, membership changes) for its members.
     */
    projectId: z.string().uuid('projectId must be a project id (UUID)').optional(),
    taskId: z.string().uuid().optional(),
    /** Who made the change. */
    actorId: z.string().min(1).max(100).optional(),
    /** Whose task (or project) it is; outside a project a user sees only their own, an admin anyone's. */
    ownerId: z.string().uuid().optional(),
    eventType: csvList(z.string().regex(/^[a-z-]+\.[a-z-]+$/, 'an event type such as task.created')).optional(),
    /** occurredAt >= from */
    from: DateTime.optional(),
    /** occurredAt < to */
    to: DateTime.optional(),
    /** asc: the history in the order it happened (default); desc: newest first. */
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type ListAuditEntriesQuery = z.infer<typeof ListAuditEntriesQuery>;

export const AuditEntryView = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  source: z.string(),
  /** Null for project and membership events. */
  taskId: z.string().uuid().nullable(),
  /** Null for events from before projects. */
  projectId: z.string().uuid().nullable(),
  ownerId: z.string().uuid(),
  actorId: z.string(),
  /** The personal access token the change was made with (issue 20), else null. */
  viaTokenId: z.string().uuid().nullable(),
  taskVersion: z.number().int(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

/** The largest id a bigint column holds: a tampered cursor past it was a 500 (issue 15). */
const maxId = 2n ** 63n - 1n;

function decodeCursor(value: string): { occurredAt: Date; id: bigint } {
  const match = /^(\d{13})\.(\d{1,19})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2] || BigInt(match[2]) > maxId) {
    throw new AppError(ErrorCode.validation, 'cursor is not valid', {
      errors: [{ field: 'cursor', message: 'use the nextCursor of the previous page' }],
    });
  }
  return { occurredAt: new Date(Number(match[1])), id: BigInt(match[2]) };
}

/** The project a task is in now, as its latest entry says (null before projects, or for an unknown task). */
async function projectOfTask(prisma: PrismaClient, taskId: string): Promise<string | null> {
  const [latest] = await prisma.$queryRaw<Array<{ project_id: string | null }>>`
    SELECT project_id::text AS project_id FROM audit_agent.audit_entries
    WHERE task_id = ${taskId}::uuid ORDER BY occurred_at DESC, id DESC LIMIT 1`;
  return latest?.project_id ?? null;
}

const encodeCursor = (row: AuditRow) => Buffer.from(`${row.occurred_at.getTime()}.${row.id}`).toString('base64url');

/**
 * Audit entries in the order they happened, filtered, one page at a time
 * (cursor on occurredAt and id). An admin sees every entry. A user sees the
 * entries of their own tasks and projects; with projectId, the whole
 * project's (issue 19) if they are a member (404 otherwise, as tasks-api
 * answers for a project they cannot see); with taskId alone, the task's whole
 * history if they are a member of its project, so every member's task page
 * shows the same history.
 */
export async function listAuditEntries(
  prisma: PrismaClient,
  principal: Principal,
  query: ListAuditEntriesQuery,
  isMember: MembershipCheck,
) {
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.projectId) {
    if (principal.role !== 'admin' && !(await isMember(principal.userId, query.projectId)))
      throw new AppError(ErrorCode.notFound, 'No such project');
    where.push(Prisma.sql`project_id = ${query.projectId}::uuid`);
  } else if (principal.role !== 'admin') {
    const project = query.taskId ? await projectOfTask(prisma, query.taskId) : null;
    if (!project || !(await isMember(principal.userId, project))) {
      if (query.ownerId && query.ownerId !== principal.userId) return { items: [], nextCursor: null };
      where.push(Prisma.sql`owner_id = ${principal.userId}::uuid`);
    }
  }
  if (query.ownerId) where.push(Prisma.sql`owner_id = ${query.ownerId}::uuid`);
  if (query.taskId) where.push(Prisma.sql`task_id = ${query.taskId}::uuid`);
  if (query.actorId) where.push(Prisma.sql`actor_id = ${query.actorId}`);
  if (query.eventType?.length) where.push(Prisma.sql`event_type = ANY(${query.eventType})`);
  if (query.from) where.push(Prisma.sql`occurred_at >= ${new Date(query.from)}`);
  if (query.to) where.push(Prisma.sql`occurred_at < ${new Date(query.to)}`);
  const direction = Prisma.raw(query.order === 'asc' ? 'ASC' : 'DESC');
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    const comparison = Prisma.raw(query.order === 'asc' ? '>' : '<');
    where.push(Prisma.sql`(occurred_at, id) ${comparison} (${cursor.occurredAt}, ${cursor.id})`);
  }
  const rows = await prisma.$queryRaw<AuditRow[]>`
    SELECT ${Prisma.raw(auditColumns)}
    FROM audit_agent.audit_entries
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY occurred_at ${direction}, id ${direction}
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row): AuditEntryView => ({ id: row.id.toString(), source: row.source, ...auditFields(row) })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}
