import { TaskPriority, type TaskSnapshot, TaskStatus } from '@taskmesh/contracts';
import { Prisma, type PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, csvList, ErrorCode, isoDateTime } from '@taskmesh/platform';
import { z } from 'zod';
import { requireProject } from '../projects/project-access';
import { ProjectAction } from '../projects/permissions';
import { searchText } from './search-text';
import { Tag } from './task-input';
import { rowToSnapshot, type TaskRow, taskColumns } from './task-rows';

const DateTime = isoDateTime();

export const ListTasksQuery = z
  .object({
    status: csvList(TaskStatus).optional(),
    priority: csvList(TaskPriority).optional(),
    /** All of these tags. */
    tags: csvList(Tag).optional(),
    /** Any of these tags. */
    anyTags: csvList(Tag).optional(),
    dueBefore: DateTime.optional(),
    dueAfter: DateTime.optional(),
    /** Due in the past and not done; an all-day task once its day is over in its zone. */
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    /** Full-text search in title and description (web-search syntax: words, "phrases", -exclusions, or). */
    q: z.string().trim().min(1).max(200).optional(),
    sort: z.enum(['created', 'due', 'priority', 'relevance']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(500).optional(),
    /** Tasks created by this user; admins may name anyone (then every project is searched). */
    ownerId: z.string().uuid().optional(),
    /** One project's tasks (issue 19); without it, every project the caller is a member of (archived ones left out). */
    projectId: z.string().uuid('projectId must be a project id (UUID)').optional(),
    /** One section of that project. */
    sectionId: z.string().uuid('sectionId must be a section id (UUID)').optional(),
    /** `me`: tasks assigned to the caller ("Assigned to me"). */
    assignee: z.literal('me').optional(),
  })
  .strict()
  .refine((query) => query.sort !== 'relevance' || query.q !== undefined, {
    message: 'sort=relevance needs q',
    path: ['sort'],
  })
  .refine((query) => query.sectionId === undefined || query.projectId !== undefined, {
    message: 'sectionId needs projectId',
    path: ['sectionId'],
  });
export type ListTasksQuery = z.infer<typeof ListTasksQuery>;

type Sort = NonNullable<ListTasksQuery['sort']>;

/**
 * Each sort is a total order ending in the id, and the cursor holds the last
 * row's sort key, so pages never skip or repeat rows while tasks change.
 * Undated tasks sort after dated ones (due = infinity).
 */
function sortKey(sort: Sort, q: string): { key: Prisma.Sql; order: 'ASC' | 'DESC'; cast: string } {
  switch (sort) {
    case 'created':
      return { key: Prisma.sql`t.created_at`, order: 'DESC', cast: 'timestamptz' };
    case 'due':
      return { key: Prisma.sql`COALESCE(t.due_at, 'infinity'::timestamptz)`, order: 'ASC', cast: 'timestamptz' };
    case 'priority':
      return { key: Prisma.sql`t.priority`, order: 'DESC', cast: 'tasks_api."TaskPriority"' };
    case 'relevance':
      return {
        key: Prisma.sql`ts_rank_cd(t.search, websearch_to_tsquery('english', ${q}))`,
        order: 'DESC',
        cast: 'real',
      };
  }
}

interface Cursor {
  sort: Sort;
  key: string | number;
  id: string;
}

/** A timestamptz as PostgreSQL writes it as text (2026-12-02 04:39:26.929+00), as ISO 8601. */
const PgTimestamp = z
  .string()
  .max(40)
  .transform((value) => value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'))
  .pipe(DateTime);

/**
 * The sort key a cursor may carry for each sort. A cursor comes back from the
 * client, so its key is checked as strictly as any input before it is cast in
 * SQL: a tampered one ('not-a-date', year 0, 1e300 as a real) was a 500 (issue 15).
 */
const cursorKey: Record<Sort, z.ZodType<string | number>> = {
  created: PgTimestamp,
  due: z.union([z.literal('infinity'), PgTimestamp]),
  priority: TaskPriority,
  // A float4 (ts_rank_cd's type): zero or a normal value.
  relevance: z.number().refine((n) => n === 0 || (Math.abs(n) >= 1.2e-38 && Math.abs(n) <= 3.4e38)),
};

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString('base64url');
}

export function decodeCursor(value: string, sort: Sort): Cursor {
  const invalid = () =>
    new AppError(ErrorCode.validation, 'cursor is not valid for this query', {
      errors: [{ field: 'cursor', message: 'use the nextCursor of the previous page with the same sort' }],
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const shape = z.tuple([z.literal(sort), cursorKey[sort], z.string().uuid()]).safeParse(parsed);
  if (!shape.success) throw invalid();
  const [, key, id] = shape.data;
  return { sort, key, id };
}

/**
 * Overdue and not done: a timed task once its time has passed; an all-day
 * task once its day is over in its zone, so one due today is not overdue all
 * day long (issue 20). The day test only narrows `due_at < now()` (a day
 * before today started before now), so the due-date indexes still serve it.
 */
const overdue = Prisma.sql`(t.due_at < now() AND t.status <> 'done'
  AND (NOT t.all_day OR (t.due_at AT TIME ZONE t.time_zone)::date < (now() AT TIME ZONE t.time_zone)::date))`;

export interface TaskPage {
  items: TaskSnapshot[];
  nextCursor: string | null;
}

/**
 * Which tasks the caller may list: one project they are a member of (a
 * non-member gets 404), or every project they are a member of; an admin
 * naming an owner sees that user's tasks anywhere.
 */
async function scope(prisma: PrismaClient, principal: Principal, query: ListTasksQuery): Promise<Prisma.Sql> {
  if (query.projectId) {
    await requireProject(prisma, principal, query.projectId, ProjectAction.view);
    return Prisma.sql`t.project_id = ${query.projectId}::uuid`;
  }
  if (query.ownerId && principal.role === 'admin') return Prisma.sql`TRUE`;
  return Prisma.sql`t.project_id IN (
    SELECT m.project_id FROM tasks_api.project_members m
      JOIN tasks_api.projects p ON p.id = m.project_id AND p.deleted_at IS NULL AND p.archived_at IS NULL
     WHERE m.user_id = ${principal.userId}::uuid)`;
}

/** The tasks (not deleted) the principal may see matching the filters, one page in a stable order. */
export async function listTasks(prisma: PrismaClient, principal: Principal, query: ListTasksQuery): Promise<TaskPage> {
  if (query.ownerId && query.ownerId !== principal.userId && principal.role !== 'admin') {
    // Not 403: the answer must not differ for users that do and do not exist.
    return { items: [], nextCursor: null };
  }
  const sort: Sort = query.sort ?? (query.q ? 'relevance' : 'created');
  const q = searchText(query.q ?? '');
  const spec = sortKey(sort, q);
  const { key } = spec;

  const where: Prisma.Sql[] = [await scope(prisma, principal, query), Prisma.sql`t.deleted_at IS NULL`];
  // Tag and word filters, applied to the scope's rows (see below).
  const matching: Prisma.Sql[] = [];
  if (query.ownerId) where.push(Prisma.sql`t.owner_id = ${query.ownerId}::uuid`);
  if (query.sectionId) where.push(Prisma.sql`t.section_id = ${query.sectionId}::uuid`);
  if (query.assignee === 'me') where.push(Prisma.sql`t.assignee_ids @> ARRAY[${principal.userId}::uuid]`);
  if (query.status?.length) where.push(Prisma.sql`t.status::text = ANY(${query.status})`);
  if (query.priority?.length) where.push(Prisma.sql`t.priority::text = ANY(${query.priority})`);
  if (query.tags?.length) matching.push(Prisma.sql`t.tags @> ${query.tags}::text[]`);
  if (query.anyTags?.length) matching.push(Prisma.sql`t.tags && ${query.anyTags}::text[]`);
  if (query.dueBefore) where.push(Prisma.sql`t.due_at < ${new Date(query.dueBefore)}`);
  if (query.dueAfter) where.push(Prisma.sql`t.due_at > ${new Date(query.dueAfter)}`);
  if (query.overdue === true) where.push(overdue);
  // The complement, with undated tasks (NULL) counted as not overdue.
  if (query.overdue === false) where.push(Prisma.sql`(t.due_at IS NULL OR NOT ${overdue})`);
  if (query.q) matching.push(Prisma.sql`t.search @@ websearch_to_tsquery('english', ${q})`);
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, sort);
    const comparison = spec.order === 'DESC' ? Prisma.raw('<') : Prisma.raw('>');
    const typedKey =
      spec.cast === 'real'
        ? Prisma.sql`${Number(cursor.key)}::real`
        : Prisma.sql`${String(cursor.key)}::${Prisma.raw(spec.cast)}`;
    // With the tag and word filters when there are some (below), else with the scope.
    (matching.length > 0 ? matching : where).push(
      Prisma.sql`(${key}, t.id) ${comparison} (${typedKey}, ${cursor.id}::uuid)`,
    );
  }

  // A tag or a word is common across everyone's tasks ("work" is on tens of
  // thousands), so the planner's favourite plan, the GIN index's matches
  // ANDed with the scope's, reads every user's matches: one person's search
  // cost grew with the whole table (3-8 ms at 190,000 tasks, and more while
  // the GIN pending list grows). Reading the scope's rows first (OFFSET 0
  // keeps PostgreSQL from pushing the filters down into the scan) costs what
  // the caller can see, whatever the table's size.
  const from =
    matching.length > 0
      ? Prisma.sql`(SELECT * FROM tasks_api.tasks t WHERE ${Prisma.join(where, ' AND ')} OFFSET 0) t
    WHERE ${Prisma.join(matching, ' AND ')}`
      : Prisma.sql`tasks_api.tasks t WHERE ${Prisma.join(where, ' AND ')}`;
  const order = Prisma.raw(spec.order);
  const rows = await prisma.$queryRaw<Array<TaskRow & { sort_key: string }>>`
    SELECT ${taskColumns}, (${key})::text AS sort_key
    FROM ${from}
    ORDER BY ${key} ${order}, t.id ${order}
    LIMIT ${query.limit + 1}`;

  const page = rows.slice(0, query.limit);
  const items = page.map(rowToSnapshot);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({ sort, key: sort === 'relevance' ? Number(last.sort_key) : String(last.sort_key), id: last.id })
      : null;
  return { items, nextCursor };
}
