// Seeds the data bench/api.ts runs against, directly in SQL, once (seeded rows
// have no events). Two populations that never meet:
// - personal: BENCH_USERS users (1,000) with BENCH_TASKS_PER_USER tasks (100)
//   each in their own Inbox; BENCH_USERS=10000 BENCH_TASKS_PER_USER=20 is the
//   seed's 10,000 distinct active users (issue 21). Only users 1..BENCH_USERS
//   take part, so runs with different counts share the same accounts;
// - shared (issue 19): 1,000 team users, 10,000 projects (10 owned by each),
//   10 tasks in each (100,000), every project shared with 4 more users
//   (2 editors, a commenter, a viewer), so each user sees about 50 projects;
//   a third of the tasks have an assignee and a comment.
import { Prisma, type PrismaClient } from '@taskmesh/db';

export const USERS = Number(process.env.BENCH_USERS ?? 1_000);
export const TASKS_PER_USER = Number(process.env.BENCH_TASKS_PER_USER ?? 100);
export const TEAM_USERS = 1_000;
export const PROJECTS = 10_000;
export const TASKS_PER_PROJECT = 10;
const EXTRA_MEMBERS = ['editor', 'editor', 'commenter', 'viewer'] as const;

export interface PersonalUser {
  userId: string;
  taskIds: string[];
}

export interface TeamUser {
  userId: string;
  /** Projects the user may edit (owner or editor), with a few of their task ids. */
  editable: Array<{ projectId: string; taskIds: string[] }>;
  /** Every project the user sees. */
  visible: string[];
}

const taskTitle = `(ARRAY['Write','Review','Plan','Buy','Call','Fix','Clean','Prepare','Send','Book'])[1 + floor(random() * 10)::int]
  || ' ' || (ARRAY['report','groceries','flights','invoice','meeting','garden','budget','slides','dentist','car'])[1 + floor(random() * 10)::int]`;
const taskColumns = `(ARRAY['todo','in_progress','done'])[1 + floor(random() * 3)::int]::tasks_api."TaskStatus",
  (ARRAY['low','medium','high','urgent'])[1 + floor(random() * 4)::int]::tasks_api."TaskPriority",
  ARRAY[(ARRAY['work','home','q4','errand','health','finance'])[1 + floor(random() * 6)::int]],
  now() + make_interval(days => floor(random() * 60)::int - 20)`;

async function timed(label: string, work: () => Promise<unknown>) {
  const started = Date.now();
  await work();
  console.log(`seeded ${label} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The personal users taking part: bench-N@... with N <= USERS (not the team users, bench-team-N@...). */
const personalUser = (u: string) =>
  `${u}.email ~ '^bench-[0-9]+@bench\\.taskmesh\\.invalid$' AND (regexp_match(${u}.email, '^bench-([0-9]+)@'))[1]::int <= ${USERS}`;

async function insertUsers(prisma: PrismaClient, prefix: string, count: number) {
  await prisma.$executeRawUnsafe(`
    INSERT INTO tasks_api.users (id, email, password_hash, updated_at)
    SELECT gen_random_uuid(), '${prefix}-' || n || '@bench.taskmesh.invalid', '!', now()
    FROM generate_series(1, ${count}) AS n
    ON CONFLICT (email) DO NOTHING`);
  // Every account has an Inbox (registration makes it; so does the projects migration).
  await prisma.$executeRawUnsafe(`
    WITH inboxes AS (
      INSERT INTO tasks_api.projects (id, name, is_inbox, owner_id, updated_at)
      SELECT gen_random_uuid(), 'Inbox', true, u.id, now() FROM tasks_api.users u
      WHERE u.email ~ '^${prefix}-[0-9]+@bench\\.taskmesh\\.invalid$'
        AND NOT EXISTS (SELECT 1 FROM tasks_api.projects p WHERE p.owner_id = u.id AND p.is_inbox)
      RETURNING id, owner_id)
    INSERT INTO tasks_api.project_members (project_id, user_id, role, position, updated_at)
    SELECT id, owner_id, 'owner', 0, now() FROM inboxes`);
}

export async function seedPersonal(prisma: PrismaClient): Promise<PersonalUser[]> {
  await insertUsers(prisma, 'bench', USERS);
  // Tasks only for users who have none yet: a no-op once seeded, whatever the counts.
  const started = Date.now();
  const inserted = await prisma.$executeRawUnsafe(`
    INSERT INTO tasks_api.tasks (id, owner_id, project_id, title, description, status, priority, tags, due_at, created_at, updated_at)
    SELECT gen_random_uuid(), u.id, p.id, ${taskTitle} || ' ' || g,
      'Seeded for the API benchmark: task ' || g || ' of ' || u.email, ${taskColumns},
      now() - make_interval(mins => g), now()
    FROM tasks_api.users u JOIN tasks_api.projects p ON p.owner_id = u.id AND p.is_inbox
    CROSS JOIN generate_series(1, ${TASKS_PER_USER}) AS g
    WHERE ${personalUser('u')}
      AND NOT EXISTS (SELECT 1 FROM tasks_api.tasks t WHERE t.owner_id = u.id)`);
  if (inserted > 0) {
    await prisma.$executeRawUnsafe('ANALYZE tasks_api.tasks');
    console.log(`seeded ${inserted} personal tasks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const rows = await prisma.$queryRaw<Array<{ owner_id: string; ids: string[] }>>`
    SELECT t.owner_id::text, (array_agg(t.id::text))[1:20] AS ids
    FROM tasks_api.tasks t JOIN tasks_api.users u ON u.id = t.owner_id
    WHERE ${Prisma.raw(personalUser('u'))} AND t.deleted_at IS NULL
    GROUP BY t.owner_id`;
  return rows.map((row) => ({ userId: row.owner_id, taskIds: row.ids }));
}

export async function seedShared(prisma: PrismaClient): Promise<TeamUser[]> {
  await insertUsers(prisma, 'bench-team', TEAM_USERS);
  const [counted] = await prisma.$queryRaw<Array<{ count: bigint }>>`
    SELECT count(*) FROM tasks_api.projects p JOIN tasks_api.users u ON u.id = p.owner_id
    WHERE u.email LIKE 'bench-team-%@bench.taskmesh.invalid' AND NOT p.is_inbox`;
  if (Number(counted?.count ?? 0) < PROJECTS) {
    await timed(`${PROJECTS} shared projects, ${PROJECTS * TASKS_PER_PROJECT} tasks`, async () => {
      // Users numbered 1..TEAM_USERS; project n belongs to user n % TEAM_USERS + 1.
      await prisma.$executeRawUnsafe(`
        CREATE TEMP TABLE bench_team AS
          SELECT id, (regexp_match(email, '^bench-team-([0-9]+)@'))[1]::int AS n FROM tasks_api.users
          WHERE email LIKE 'bench-team-%@bench.taskmesh.invalid'`);
      await prisma.$executeRawUnsafe(`
        CREATE TEMP TABLE bench_projects AS
          SELECT gen_random_uuid() AS id, g AS n, o.id AS owner_id
          FROM generate_series(0, ${PROJECTS - 1}) AS g JOIN bench_team o ON o.n = g % ${TEAM_USERS} + 1`);
      await prisma.$executeRawUnsafe(`
        INSERT INTO tasks_api.projects (id, name, color, owner_id, updated_at)
        SELECT id, 'Team project ' || n, '#3366ff', owner_id, now() FROM bench_projects`);
      const extras = EXTRA_MEMBERS.map(
        (role, k) => `SELECT p.id AS project_id, m.id AS user_id, '${role}'::tasks_api."ProjectRole" AS role
          FROM bench_projects p JOIN bench_team m ON m.n = (p.n * 7 + ${(k + 1) * 131}) % ${TEAM_USERS} + 1
          WHERE m.id <> p.owner_id`,
      );
      await prisma.$executeRawUnsafe(`
        INSERT INTO tasks_api.project_members (project_id, user_id, role, position, updated_at)
        SELECT project_id, user_id, role, row_number() OVER (PARTITION BY user_id ORDER BY project_id), now()
        FROM (SELECT id AS project_id, owner_id AS user_id, 'owner'::tasks_api."ProjectRole" AS role FROM bench_projects
              UNION ALL ${extras.join(' UNION ALL ')}) AS m
        ON CONFLICT DO NOTHING`);
      await prisma.$executeRawUnsafe(`
        INSERT INTO tasks_api.tasks (id, owner_id, project_id, title, description, status, priority, tags, due_at,
          assignee_ids, created_at, updated_at)
        SELECT gen_random_uuid(), p.owner_id, p.id, ${taskTitle} || ' ' || g,
          'Seeded for the shared-projects benchmark: task ' || g || ' of project ' || p.n, ${taskColumns},
          CASE WHEN g % 3 = 0 THEN ARRAY[p.owner_id] ELSE ARRAY[]::uuid[] END,
          now() - make_interval(mins => g), now()
        FROM bench_projects p CROSS JOIN generate_series(1, ${TASKS_PER_PROJECT}) AS g`);
      await prisma.$executeRawUnsafe(`
        INSERT INTO tasks_api.task_comments (id, task_id, author_id, body, updated_at)
        SELECT gen_random_uuid(), t.id, t.owner_id, 'Seeded comment on ' || t.title, now()
        FROM tasks_api.tasks t JOIN bench_projects p ON p.id = t.project_id WHERE cardinality(t.assignee_ids) > 0`);
      for (const table of ['tasks', 'projects', 'project_members', 'task_comments'])
        await prisma.$executeRawUnsafe(`ANALYZE tasks_api.${table}`);
    });
  }
  const rows = await prisma.$queryRaw<
    Array<{ user_id: string; visible: string[]; editable: Array<{ projectId: string; taskIds: string[] }> }>
  >`
    SELECT m.user_id::text,
      array_agg(m.project_id::text) AS visible,
      (SELECT coalesce(json_agg(json_build_object('projectId', e.project_id,
          'taskIds', (SELECT array_agg(t.id) FROM (SELECT id FROM tasks_api.tasks t WHERE t.project_id = e.project_id LIMIT 5) t))), '[]')
        FROM (SELECT project_id FROM tasks_api.project_members e
              WHERE e.user_id = m.user_id AND e.role IN ('owner', 'editor')
                AND e.project_id IN (SELECT id FROM tasks_api.projects WHERE NOT is_inbox) LIMIT 10) e) AS editable
    FROM tasks_api.project_members m JOIN tasks_api.users u ON u.id = m.user_id
    WHERE u.email LIKE 'bench-team-%@bench.taskmesh.invalid'
    GROUP BY m.user_id`;
  return rows.map((row) => ({ userId: row.user_id, visible: row.visible, editable: row.editable }));
}
