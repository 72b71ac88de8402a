import { signUp, testDatabase, waitFor } from '@taskmesh/testing';

// Issue 19: projects, sharing, invites, ownership, moves, and what a shared
// project changes for lists, recurrence, reminders and conflicts.

const db = testDatabase();
afterAll(() => db.$disconnect());

async function shareWith(
  owner: Awaited<ReturnType<typeof signUp>>,
  name: string,
  members: Array<[Awaited<ReturnType<typeof signUp>>, string]>,
) {
  const project = (await owner.api.post('projects', { name, color: '#3366ff' })).body;
  for (const [user, role] of members)
    expect((await owner.api.post(`projects/${project.id}/members`, { email: user.email, role })).status).toBe(201);
  return project as { id: string; version: number };
}

describe('projects', () => {
  it('gives every user an Inbox where tasks go by default, first in their sidebar', async () => {
    const user = await signUp();
    const projects = (await user.api.get('projects')).body.items;
    expect(projects).toEqual([expect.objectContaining({ name: 'Inbox', isInbox: true, role: 'owner' })]);
    const task = (await user.api.post('tasks', { title: 'Anything' })).body;
    expect(task.projectId).toBe(projects[0].id);
    // The Inbox is never shared, renamed, archived or deleted.
    const inbox = projects[0].id;
    expect((await user.api.post(`projects/${inbox}/invites`, { role: 'viewer' })).status).toBe(409);
    expect((await user.api.patch(`projects/${inbox}`, { name: 'Mine' })).status).toBe(409);
    expect((await user.api.delete(`projects/${inbox}`)).status).toBe(409);
    const other = await signUp();
    expect((await user.api.post(`projects/${inbox}/members`, { email: other.email, role: 'editor' })).status).toBe(409);
  });

  it('creates, renames with If-Match, orders, archives, deletes and restores a project', async () => {
    const user = await signUp();
    const a = (await user.api.post('projects', { name: 'Alpha' })).body;
    const b = (await user.api.post('projects', { name: 'Beta', color: '#ff0000' })).body;
    expect((await user.api.get('projects')).body.items.map((x: { name: string }) => x.name)).toEqual([
      'Inbox',
      'Alpha',
      'Beta',
    ]);
    const stale = await user.api.patch(`projects/${a.id}`, { name: 'Old' }, { 'if-match': '"99"' });
    expect(stale.status).toBe(412);
    expect(stale.body.current).toEqual(expect.objectContaining({ id: a.id, name: 'Alpha' }));
    const renamed = await user.api.patch(`projects/${a.id}`, { name: 'Alpha 2' }, { 'if-match': `"${a.version}"` });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('etag')).toBe(`"${a.version + 1}"`);
    expect((await user.api.patch(`projects/${b.id}`, { position: 0 })).status).toBe(200);
    expect((await user.api.get('projects')).body.items.map((x: { name: string }) => x.name)).toEqual([
      'Inbox',
      'Beta',
      'Alpha 2',
    ]);
    const task = (await user.api.post('tasks', { title: 'In alpha', projectId: a.id })).body;
    expect((await user.api.patch(`projects/${a.id}`, { archived: true })).status).toBe(200);
    expect((await user.api.get('projects')).body.items.map((x: { name: string }) => x.name)).toEqual(['Inbox', 'Beta']);
    expect((await user.api.get('projects?archived=true')).body.items).toHaveLength(3);
    // An archived project's tasks leave the lists across projects, but not the project's own.
    expect((await user.api.get('tasks')).body.items.map((t: { id: string }) => t.id)).not.toContain(task.id);
    expect((await user.api.get(`tasks?projectId=${a.id}`)).body.items.map((t: { id: string }) => t.id)).toEqual([
      task.id,
    ]);
    expect((await user.api.delete(`projects/${a.id}`)).status).toBe(204);
    expect((await user.api.get(`tasks/${task.id}`)).status).toBe(404);
    const restored = await user.api.post(`projects/${a.id}/restore`);
    expect(restored.status).toBe(200);
    expect((await user.api.get(`tasks/${task.id}`)).body.title).toBe('In alpha');
  });

  it('lists, searches and filters across every project the user sees, and "assigned to me"', async () => {
    const [ana, ben] = [await signUp(), await signUp()];
    const project = await shareWith(ana, 'Team', [[ben, 'editor']]);
    const shared = (await ana.api.post('tasks', { title: 'Quarterly zebra report', projectId: project.id })).body;
    const own = (await ben.api.post('tasks', { title: 'Personal zebra errand' })).body;
    const overdue = (
      await ana.api.post('tasks', { title: 'Late', projectId: project.id, dueAt: '2020-01-01T09:00:00Z' })
    ).body;
    const ids = (path: string) => ben.api.get(path).then((r) => r.body.items.map((t: { id: string }) => t.id).sort());
    expect(await ids('tasks')).toEqual([shared.id, own.id, overdue.id].sort());
    expect(await ids('tasks?q=zebra')).toEqual([shared.id, own.id].sort());
    expect(await ids(`tasks?q=zebra&projectId=${project.id}`)).toEqual([shared.id]);
    expect(await ids('tasks?overdue=true')).toEqual([overdue.id]);
    expect(await ids('tasks?assignee=me')).toEqual([]);
    expect((await ana.api.post(`tasks/${shared.id}/assignees`, { userId: ben.id })).status).toBe(200);
    expect(await ids('tasks?assignee=me')).toEqual([shared.id]);
    // Ana's view of "assigned to me" does not include Ben's.
    expect((await ana.api.get('tasks?assignee=me')).body.items).toEqual([]);
  });

  it('invite links: role, single use, revocation and expiry, one answer for every unusable link', async () => {
    const [owner, first, second, third] = [await signUp(), await signUp(), await signUp(), await signUp()];
    const project = (await owner.api.post('projects', { name: 'Club' })).body;
    const single = (await owner.api.post(`projects/${project.id}/invites`, { role: 'commenter' })).body;
    expect(single).toEqual(
      expect.objectContaining({ role: 'commenter', maxUses: 1, uses: 0, token: expect.any(String) }),
    );
    // The token is shown once.
    expect(JSON.stringify((await owner.api.get(`projects/${project.id}/invites`)).body)).not.toContain(single.token);
    const joined = await first.api.post('invites/accept', { token: single.token });
    expect(joined.status).toBe(200);
    expect(joined.body.project).toEqual(expect.objectContaining({ id: project.id, role: 'commenter' }));
    const usedUp = await second.api.post('invites/accept', { token: single.token });
    expect(usedUp.status).toBe(404);
    // Accepting again as a member changes nothing.
    expect((await first.api.post('invites/accept', { token: single.token })).status).toBe(200);

    const multi = (await owner.api.post(`projects/${project.id}/invites`, { role: 'viewer', singleUse: false })).body;
    expect((await second.api.post('invites/accept', { token: multi.token })).status).toBe(200);
    expect((await owner.api.delete(`projects/${project.id}/invites/${multi.id}`)).status).toBe(204);
    const revoked = await third.api.post('invites/accept', { token: multi.token });
    expect(revoked.status).toBe(404);

    const expiring = (await owner.api.post(`projects/${project.id}/invites`, { role: 'viewer', expiresInHours: 1 }))
      .body;
    await db.projectInvite.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await third.api.post('invites/accept', { token: expiring.token });
    expect(expired.status).toBe(404);
    expect(expired.body.detail).toBe(revoked.body.detail);
    expect(expired.body.detail).toBe(usedUp.body.detail);
    const roles = (await owner.api.get(`projects/${project.id}/members`)).body.items.map(
      (m: { userId: string; role: string }) => [m.userId, m.role],
    );
    expect(roles).toEqual([
      [owner.id, 'owner'],
      [first.id, 'commenter'],
      [second.id, 'viewer'],
    ]);
  });

  it('transfers ownership (the old owner stays as editor) and lets members leave', async () => {
    const [ana, ben, cat] = [await signUp(), await signUp(), await signUp()];
    const project = await shareWith(ana, 'Handover', [
      [ben, 'editor'],
      [cat, 'viewer'],
    ]);
    expect((await ana.api.delete(`projects/${project.id}/members/${ana.id}`)).status).toBe(403);
    const transferred = await ana.api.post(`projects/${project.id}/transfer`, { userId: ben.id });
    expect(transferred.status).toBe(200);
    expect(transferred.body).toEqual(expect.objectContaining({ ownerId: ben.id, role: 'editor' }));
    expect((await ana.api.delete(`projects/${project.id}`)).status).toBe(403);
    expect((await cat.api.delete(`projects/${project.id}/members/${cat.id}`)).status).toBe(204);
    expect((await cat.api.get(`projects/${project.id}`)).status).toBe(404);
    expect((await ben.api.get(`projects/${project.id}`)).body.role).toBe('owner');
  });

  it('moves a task only between projects the mover may edit tasks in, clearing its assignees', async () => {
    const [ana, ben] = [await signUp(), await signUp()];
    const team = await shareWith(ana, 'Team', [[ben, 'editor']]);
    const readOnly = await shareWith(ana, 'Read only', [[ben, 'viewer']]);
    const task = (await ana.api.post('tasks', { title: 'Movable', projectId: team.id })).body;
    await ana.api.post(`tasks/${task.id}/assignees`, { userId: ben.id });
    expect((await ben.api.patch(`tasks/${task.id}`, { projectId: readOnly.id })).status).toBe(403);
    const benInbox = (await ben.api.get('projects')).body.items.find((p: { isInbox: boolean }) => p.isInbox).id;
    const moved = await ben.api.patch(`tasks/${task.id}`, { projectId: benInbox });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual(expect.objectContaining({ projectId: benInbox, assigneeIds: [], sectionId: null }));
    // Ana no longer sees it: it is in Ben's Inbox.
    expect((await ana.api.get(`tasks/${task.id}`)).status).toBe(404);
  });

  it('a conflict says who changed the task', async () => {
    const [ana, ben] = [await signUp(), await signUp()];
    const team = await shareWith(ana, 'Team', [[ben, 'editor']]);
    const task = (await ana.api.post('tasks', { title: 'Draft', projectId: team.id })).body;
    expect((await ben.api.patch(`tasks/${task.id}`, { title: 'Ben’s draft' }, { 'if-match': '"1"' })).status).toBe(200);
    const stale = await ana.api.patch(`tasks/${task.id}`, { title: 'Ana’s draft' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.current).toEqual(
      expect.objectContaining({ title: 'Ben’s draft', updatedBy: ben.id, version: 2 }),
    );
  });

  it('a recurring task in a shared project keeps its project, assignees and each member’s own reminders', async () => {
    const [ana, ben] = [await signUp(), await signUp()];
    const team = await shareWith(ana, 'Chores', [[ben, 'editor']]);
    const task = (await ana.api.post('tasks', { title: 'Bins', projectId: team.id })).body;
    await ana.api.post(`tasks/${task.id}/assignees`, { userId: ben.id });
    const today = new Date().toISOString().slice(0, 10);
    const set = await ana.api.put(`tasks/${task.id}/recurrence`, {
      preset: { kind: 'daily' },
      timeZone: 'Europe/London',
      anchor: `${today}T09:00`,
    });
    expect(set.status).toBe(200);
    expect(
      (await ana.api.post(`tasks/${task.id}/reminders`, { beforeDue: 'PT15M', channels: ['in_app'] })).status,
    ).toBe(201);
    expect((await ben.api.post(`tasks/${task.id}/reminders`, { beforeDue: 'PT1H', channels: ['in_app'] })).status).toBe(
      201,
    );
    // Reminders are personal: each sees only their own.
    expect((await ben.api.get(`tasks/${task.id}/reminders`)).body.items).toEqual([
      expect.objectContaining({ beforeDue: 'PT1H' }),
    ]);
    expect((await ben.api.post(`tasks/${task.id}/complete`)).status).toBe(200);
    const next = await waitFor(
      'the next occurrence',
      async () => {
        const items = (await ana.api.get(`tasks?projectId=${team.id}&status=todo`)).body.items;
        return items.find((t: { seriesId: string; occurrenceIndex: number }) => t.occurrenceIndex === 1);
      },
      { timeoutMs: 60_000 },
    );
    expect(next).toEqual(expect.objectContaining({ projectId: team.id, assigneeIds: [ben.id], title: 'Bins' }));
    expect((await ana.api.get(`tasks/${next.id}/reminders`)).body.items).toEqual([
      expect.objectContaining({ beforeDue: 'PT15M' }),
    ]);
    expect((await ben.api.get(`tasks/${next.id}/reminders`)).body.items).toEqual([
      expect.objectContaining({ beforeDue: 'PT1H' }),
    ]);
  });

  it('removing a member deletes their own reminders on the project’s tasks', async () => {
    const [ana, ben] = [await signUp(), await signUp()];
    const team = await shareWith(ana, 'Team', [[ben, 'editor']]);
    const task = (await ana.api.post('tasks', { title: 'Plan', projectId: team.id })).body;
    const at = new Date(Date.now() + 86_400_000).toISOString();
    expect((await ben.api.post(`tasks/${task.id}/reminders`, { at, channels: ['in_app'] })).status).toBe(201);
    expect((await ana.api.post(`tasks/${task.id}/reminders`, { at, channels: ['in_app'] })).status).toBe(201);
    expect((await ana.api.delete(`projects/${team.id}/members/${ben.id}`)).status).toBe(204);
    const left = await db.reminder.findMany({ where: { taskId: task.id } });
    expect(left.map((r) => r.ownerId)).toEqual([ana.id]);
  });
});
