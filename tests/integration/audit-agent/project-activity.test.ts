import { randomUUID } from 'node:crypto';
import {
  invoke,
  readTopicSince,
  signUp,
  type TestUser,
  testDatabase,
  topicEndOffsets,
  waitFor,
} from '@taskmesh/testing';
import { people, sharedProject } from '../projects/project-fixture';

// A project's activity feed (issue 19): audit-agent records every event on
// task-events (task changes, assignments, comments, project and membership
// events) with its project, and shows a project's entries to its members.

const db = testDatabase();
afterAll(() => db.$disconnect());

interface Entry {
  id: string;
  eventId: string;
  eventType: string;
  taskId: string | null;
  projectId: string | null;
  actorId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const auditEntries = (user: TestUser, query: string) =>
  invoke('audit-agent', `audit-entries?${query}`, { headers: { authorization: `Bearer ${user.accessToken}` } });

function ok<T extends { status: number; body: unknown }>(result: T, status: number, what: string): T {
  if (result.status !== status) throw new Error(`${what}: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  return result;
}

/** Every page of a query, following nextCursor. */
async function allPages(user: TestUser, query: string): Promise<Entry[]> {
  const items: Entry[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Entry[]; nextCursor: string | null } } = ok(
      await auditEntries(user, `${query}${cursor ? `&cursor=${cursor}` : ''}`),
      200,
      query,
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe('audit-agent: project activity feed (issue 19)', () => {
  it('records every event of a shared project once and shows the feed to every member, 404 to others', async () => {
    const deadLettersBefore = topicEndOffsets('task-events.audit-agent.dlq');
    const p = await people();
    const s = await sharedProject(p, 'Activity');
    const task = `tasks/${s.taskId}`;
    ok(await p.owner.api.post(`${task}/assignees`, { userId: p.editor.id }), 200, 'assign');
    ok(await p.editor.api.patch(task, { title: 'Renamed by the editor' }), 200, 'update');
    ok(await p.editor.api.patch(`${task}/comments/${s.editorCommentId}`, { body: 'edited' }), 200, 'edit comment');
    ok(await p.owner.api.delete(`${task}/comments/${s.ownerCommentId}`), 204, 'delete comment');
    ok(await p.owner.api.delete(`${task}/assignees/${p.editor.id}`), 200, 'unassign');
    const members = `projects/${s.projectId}/members`;
    ok(await p.owner.api.patch(`${members}/${p.target.id}`, { role: 'commenter' }), 200, 'change role');
    ok(await p.owner.api.delete(`${members}/${p.target.id}`), 204, 'remove member');

    // Exactly one entry per event tasks-api committed for the project and its task.
    const committed = await db.outboxEvent.findMany({
      where: { topic: 'task-events', partitionKey: { in: [s.projectId, s.taskId] } },
      select: { id: true },
    });
    const rows = await waitFor('every event of the project in the audit log', async () => {
      const found = await db.auditEntry.findMany({ where: { projectId: s.projectId } });
      return found.length >= committed.length ? found : undefined;
    });
    expect(rows.map((r) => r.eventId).sort()).toEqual(committed.map((e) => e.id).sort());

    const feed = await allPages(p.viewer, `projectId=${s.projectId}&limit=5`);
    expect(feed.map((e) => e.eventType).sort()).toEqual(
      [
        'project.created',
        'project.member-added',
        'project.member-added',
        'project.member-added',
        'project.member-added',
        'task.created',
        'comment.added',
        'comment.added',
        'task.assigned',
        'task.updated',
        'comment.edited',
        'comment.deleted',
        'task.unassigned',
        'project.member-role-changed',
        'project.member-removed',
      ].sort(),
    );
    expect(new Set(feed.map((e) => e.id)).size).toBe(feed.length);
    expect(feed.every((e) => e.projectId === s.projectId)).toBe(true);
    // Project events have no task; task and comment events name theirs.
    for (const entry of feed) expect(entry.taskId).toBe(entry.eventType.startsWith('project.') ? null : s.taskId);
    const removed = feed.find((e) => e.eventType === 'project.member-removed');
    expect(removed).toMatchObject({
      actorId: p.owner.id,
      before: { memberId: p.target.id, role: 'commenter' },
      after: { memberId: p.target.id, role: null, reason: 'removed' },
    });
    const assigned = feed.find((e) => e.eventType === 'task.assigned');
    expect(assigned?.after?.assigneeIds).toEqual([p.editor.id]);
    const edited = feed.find((e) => e.eventType === 'comment.edited');
    expect(edited).toMatchObject({
      actorId: p.editor.id,
      before: { body: 'from the editor' },
      after: { body: 'edited' },
    });

    // Every role sees the same feed, newest first on request; filters still apply within it.
    const newestFirst = (await auditEntries(p.commenter, `projectId=${s.projectId}&order=desc&limit=1`)).body;
    expect(newestFirst.items.map((e: Entry) => e.eventType)).toEqual(['project.member-removed']);
    expect(newestFirst.nextCursor).toEqual(expect.any(String));
    const comments = await allPages(p.editor, `projectId=${s.projectId}&eventType=comment.added,comment.edited`);
    expect(comments.map((e) => e.eventType).sort()).toEqual(['comment.added', 'comment.added', 'comment.edited']);

    // Not a member (never, or no longer): 404, as tasks-api answers for the project itself.
    for (const outsider of [p.nonMember, p.target]) {
      const refused = await auditEntries(outsider, `projectId=${s.projectId}`);
      expect(refused.status).toBe(404);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
    // An admin sees every entry, member or not.
    const adminView = await allPages(p.admin, `projectId=${s.projectId}&limit=500`);
    expect(adminView.map((e) => e.id).sort()).toEqual(feed.map((e) => e.id).sort());
    const ownersProjects = await allPages(p.admin, `ownerId=${p.owner.id}&eventType=project.member-removed`);
    expect(ownersProjects.map((e) => e.eventId)).toEqual([removed?.eventId]);

    // No event of the project went to the dead-letter topic.
    const deadLetters = readTopicSince('task-events.audit-agent.dlq', deadLettersBefore);
    expect(deadLetters.filter((m) => m.includes(s.projectId) || m.includes(s.taskId))).toEqual([]);
  });

  it('shows a shared task’s history, comments included, to every member and to no one else', async () => {
    const p = await people();
    const s = await sharedProject(p, 'History');
    const history = await waitFor('both comments in the task’s history', async () => {
      const result = await auditEntries(p.viewer, `taskId=${s.taskId}`);
      const types = (result.body.items ?? []).map((e: Entry) => e.eventType);
      return types.filter((t: string) => t === 'comment.added').length === 2 ? result.body.items : undefined;
    });
    expect(history.map((e: Entry) => e.eventType).sort()).toEqual(['comment.added', 'comment.added', 'task.created']);
    const authors = history.filter((e: Entry) => e.eventType === 'comment.added').map((e: Entry) => e.actorId);
    expect(authors.sort()).toEqual([p.owner.id, p.editor.id].sort());
    // The owner sees the same; someone outside the project sees none of it.
    expect((await auditEntries(p.owner, `taskId=${s.taskId}`)).body.items).toEqual(history);
    expect((await auditEntries(p.nonMember, `taskId=${s.taskId}`)).body.items).toEqual([]);
  });

  it('refuses a bad projectId or page size naming the field', async () => {
    const user = await signUp();
    const cases: Array<[string, string]> = [
      ['projectId=not-a-project', 'projectId'],
      [`projectId=${'a'.repeat(5_000)}`, 'projectId'],
      [`projectId=${randomUUID()}&limit=501`, 'limit'],
      ['limit=0', 'limit'],
    ];
    for (const [query, field] of cases) {
      const result = await auditEntries(user, query);
      expect({ query, status: result.status }).toEqual({ query, status: 400 });
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect(result.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    // A well-formed id of no project is a 404, as for a project one is not a member of.
    expect((await auditEntries(user, `projectId=${randomUUID()}`)).status).toBe(404);
  });
});
