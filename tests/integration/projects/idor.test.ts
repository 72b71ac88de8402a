import { signUp, type TestUser } from '@taskmesh/testing';
import { type People, people, type SharedProject, sharedProject } from './project-fixture';

// Issue 19: an IDOR test for every new id (projects, sections, members,
// invites, comments). Each id of one project is tried in the paths and
// bodies of another project whose owner is its attacker; every attempt is
// refused without saying the id exists, and changes nothing.

let p: People;
let victim: SharedProject;
let attacker: TestUser;
let own: { projectId: string; taskId: string; sectionId: string };

beforeAll(async () => {
  p = await people();
  victim = await sharedProject(p, 'Victim');
  attacker = await signUp();
  const project = (await attacker.api.post('projects', { name: 'Attacker' })).body;
  const task = (await attacker.api.post('tasks', { title: 'mine', projectId: project.id })).body;
  const section = (await attacker.api.post(`projects/${project.id}/sections`, { name: 'mine' })).body;
  own = { projectId: project.id, taskId: task.id, sectionId: section.id };
}, 60_000);

describe('IDOR: ids of a project one is not a member of', () => {
  it('project ids: every route is 404 for a non-member, and a task cannot be created or moved into it', async () => {
    for (const result of [
      await attacker.api.get(`projects/${victim.projectId}`),
      await attacker.api.patch(`projects/${victim.projectId}`, { name: 'pwned' }),
      await attacker.api.delete(`projects/${victim.projectId}`),
      await attacker.api.get(`tasks?projectId=${victim.projectId}`),
      await attacker.api.post('tasks', { title: 'x', projectId: victim.projectId }),
      await attacker.api.patch(`tasks/${own.taskId}`, { projectId: victim.projectId }),
    ])
      expect(result.status).toBe(404);
    // And the attacker's task stayed where it was.
    expect((await attacker.api.get(`tasks/${own.taskId}`)).body.projectId).toBe(own.projectId);
  });

  it('section ids: another project’s section is unknown in the attacker’s own paths and bodies', async () => {
    expect(
      (await attacker.api.patch(`projects/${own.projectId}/sections/${victim.sectionId}`, { name: 'x' })).status,
    ).toBe(404);
    expect((await attacker.api.delete(`projects/${own.projectId}/sections/${victim.sectionId}`)).status).toBe(404);
    const create = await attacker.api.post('tasks', {
      title: 'x',
      projectId: own.projectId,
      sectionId: victim.sectionId,
    });
    expect(create.status).toBe(400);
    expect(create.body.errors).toEqual([expect.objectContaining({ field: 'sectionId' })]);
    const move = await attacker.api.patch(`tasks/${own.taskId}`, { sectionId: victim.sectionId });
    expect(move.status).toBe(400);
    // The victim's section is untouched.
    const sections = (await p.owner.api.get(`projects/${victim.projectId}/sections`)).body.items;
    expect(sections).toEqual([expect.objectContaining({ id: victim.sectionId, name: 'Doing' })]);
  });

  it('member ids: the attacker cannot change or remove another project’s member through their own project', async () => {
    expect(
      (await attacker.api.patch(`projects/${own.projectId}/members/${p.editor.id}`, { role: 'viewer' })).status,
    ).toBe(404);
    expect((await attacker.api.delete(`projects/${own.projectId}/members/${p.editor.id}`)).status).toBe(404);
    expect((await attacker.api.post(`projects/${own.projectId}/transfer`, { userId: p.editor.id })).status).toBe(400);
    // Nor assign a non-member to their own task.
    const assign = await attacker.api.post(`tasks/${own.taskId}/assignees`, { userId: p.editor.id });
    expect(assign.status).toBe(400);
    expect(assign.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
    const members = (await p.owner.api.get(`projects/${victim.projectId}/members`)).body.items;
    expect(members.find((m: { userId: string }) => m.userId === p.editor.id)?.role).toBe('editor');
  });

  it('invite ids: another project’s invite cannot be revoked through one’s own project', async () => {
    expect((await attacker.api.delete(`projects/${own.projectId}/invites/${victim.inviteId}`)).status).toBe(404);
    const invites = (await p.owner.api.get(`projects/${victim.projectId}/invites`)).body.items;
    expect(invites).toEqual([expect.objectContaining({ id: victim.inviteId, revokedAt: null })]);
  });

  it('comment ids: another task’s comment is unknown on one’s own task, and a non-member cannot reach it', async () => {
    expect(
      (await attacker.api.patch(`tasks/${own.taskId}/comments/${victim.ownerCommentId}`, { body: 'x' })).status,
    ).toBe(404);
    expect((await attacker.api.delete(`tasks/${own.taskId}/comments/${victim.ownerCommentId}`)).status).toBe(404);
    expect(
      (await attacker.api.patch(`tasks/${victim.taskId}/comments/${victim.ownerCommentId}`, { body: 'x' })).status,
    ).toBe(404);
    expect((await attacker.api.get(`tasks/${victim.taskId}/comments`)).status).toBe(404);
    // Mentioning someone who is not a member of the attacker's project is refused, naming the field.
    const mention = await attacker.api.post(`tasks/${own.taskId}/comments`, {
      body: 'hi @x',
      mentionIds: [p.owner.id],
    });
    expect(mention.status).toBe(400);
    expect(mention.body.errors).toEqual([expect.objectContaining({ field: 'mentionIds.0' })]);
    const comments = (await p.owner.api.get(`tasks/${victim.taskId}/comments`)).body.items;
    // The fixture writes both at once, so either may be first.
    expect(comments.map((c: { body: string }) => c.body).sort()).toEqual(['from the editor', 'from the owner']);
  });

  it('malformed ids are a 400 naming the field, never a 500', async () => {
    for (const [path, field] of [
      ['projects/not-a-uuid', 'projectId'],
      [`projects/${own.projectId}/sections/1;drop`, 'sectionId'],
      [`projects/${own.projectId}/members/%27%20OR%201%3D1`, 'userId'],
      [`projects/${own.projectId}/invites/0x1`, 'inviteId'],
      // (A NUL in a path never reaches tasks-api: the caller's own sidecar refuses the
      // method, "method contains forbidden character", before invoking anything.)
      [`tasks/${own.taskId}/comments/${'9'.repeat(40)}`, 'commentId'],
    ] as const) {
      const result =
        path.includes('/sections/') ||
        path.includes('/members/') ||
        path.includes('/invites/') ||
        path.includes('/comments/')
          ? await attacker.api.delete(path)
          : await attacker.api.get(path);
      // The body is in the comparison only when it fails, to show what answered.
      const seen = { path, status: result.status, ...(result.status === 400 ? {} : { body: result.body }) };
      expect(seen).toEqual({ path, status: 400 });
      expect(result.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    // An encoded traversal is resolved before routing (`members/../..` is the project's parent):
    // it reaches no member route and changes nothing.
    expect((await attacker.api.delete(`projects/${own.projectId}/members/..%2F..`)).status).toBe(404);
    expect((await attacker.api.get(`projects/${own.projectId}/members`)).body.items).toHaveLength(1);
  });
});
