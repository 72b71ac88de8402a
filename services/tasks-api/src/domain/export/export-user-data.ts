import type { PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { localDate } from '@taskmesh/recurrence';
import { csvRow } from './csv';

/** Tasks read per query: an export of any size keeps a bounded amount in memory. */
const pageSize = 1000;

/** The export's CSV columns, one task per row (tags joined by commas in one field). */
export const csvColumns = [
  'id',
  'title',
  'description',
  'status',
  'priority',
  'tags',
  'project',
  'section',
  'due_at',
  'due_date',
  'time_zone',
  'rrule',
  'recurrence_mode',
  'completed_at',
  'created_at',
] as const;

/** One page of what the user owns: tasks they created, and every task in projects they own. */
function taskPage(prisma: PrismaClient, userId: string, after: string | undefined) {
  return prisma.task.findMany({
    where: { deletedAt: null, OR: [{ ownerId: userId }, { project: { ownerId: userId, deletedAt: null } }] },
    include: {
      project: { select: { name: true } },
      section: { select: { name: true } },
      series: { select: { rrule: true, anchor: true, timeZone: true, mode: true } },
      reminders: { where: { ownerId: userId } },
      comments: { where: { authorId: userId, deletedAt: null }, orderBy: { createdAt: 'asc' } },
    },
    orderBy: { id: 'asc' },
    take: pageSize,
    ...(after ? { cursor: { id: after }, skip: 1 } : {}),
  });
}
type OwnedTask = Awaited<ReturnType<typeof taskPage>>[number];

async function* ownedTasks(prisma: PrismaClient, userId: string): AsyncGenerator<OwnedTask> {
  let after: string | undefined;
  for (;;) {
    const page = await taskPage(prisma, userId, after);
    yield* page;
    if (page.length < pageSize) return;
    after = page.at(-1)?.id;
  }
}

const iso = (date: Date | null) => date?.toISOString() ?? null;
/** An all-day task's day in its zone (all-day tasks always have one); null for a timed task. */
const dayOf = (task: OwnedTask) =>
  task.allDay && task.dueAt && task.timeZone ? localDate(task.dueAt, task.timeZone) : null;

/**
 * Everything the user owns (issue 20), written piece by piece to `write`:
 * their account settings, the projects they own with sections, and every task
 * they own with its series, their own reminders and their own comments. JSON
 * is one document; CSV has one row per task. Read a page at a time, so the
 * size of an account bounds the time, never the memory.
 */
export async function exportUserData(
  prisma: PrismaClient,
  principal: Principal,
  format: 'json' | 'csv',
  write: (chunk: string) => Promise<void>,
  now = new Date(),
): Promise<void> {
  const userId = principal.userId;
  if (format === 'csv') {
    await write(csvRow(csvColumns));
    for await (const task of ownedTasks(prisma, userId)) await write(csvRow(csvRecord(task)));
    return;
  }
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      displayName: true,
      timeZone: true,
      defaultReminderChannels: true,
      createdAt: true,
    },
  });
  const projects = await prisma.project.findMany({
    where: { ownerId: userId, deletedAt: null },
    include: { sections: { orderBy: { position: 'asc' }, select: { id: true, name: true, position: true } } },
    orderBy: { createdAt: 'asc' },
  });
  await write(
    `{"format":"taskmesh-export","version":1,"exportedAt":${JSON.stringify(now.toISOString())},"user":${JSON.stringify({
      ...user,
      createdAt: user.createdAt.toISOString(),
    })},"projects":${JSON.stringify(
      projects.map((p) => ({
        id: p.id,
        name: p.name,
        color: p.color,
        isInbox: p.isInbox,
        archivedAt: iso(p.archivedAt),
        createdAt: p.createdAt.toISOString(),
        sections: p.sections,
      })),
    )},"tasks":[`,
  );
  let first = true;
  for await (const task of ownedTasks(prisma, userId)) {
    await write(`${first ? '' : ','}${JSON.stringify(jsonRecord(task))}`);
    first = false;
  }
  await write(']}');
}

function jsonRecord(task: OwnedTask) {
  return {
    id: task.id,
    projectId: task.projectId,
    sectionId: task.sectionId,
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    tags: task.tags,
    checklist: task.checklist,
    dueAt: iso(task.dueAt),
    allDay: task.allDay,
    dueDate: dayOf(task),
    timeZone: task.timeZone,
    completedAt: iso(task.completedAt),
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    assigneeIds: task.assigneeIds,
    recurrence: task.series,
    reminders: task.reminders.map((r) => ({
      id: r.id,
      at: iso(r.at),
      offset: r.offset,
      direction: r.direction,
      channels: r.channels,
      fireAt: iso(r.fireAt),
    })),
    comments: task.comments.map((c) => ({
      id: c.id,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
      editedAt: iso(c.editedAt),
    })),
  };
}

function csvRecord(task: OwnedTask) {
  return [
    task.id,
    task.title,
    task.description,
    task.status,
    task.priority,
    task.tags.join(','),
    task.project.name,
    task.section?.name,
    iso(task.dueAt),
    dayOf(task),
    task.timeZone,
    task.series?.rrule,
    task.series?.mode,
    iso(task.completedAt),
    task.createdAt.toISOString(),
  ];
}
