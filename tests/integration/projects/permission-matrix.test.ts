import { type InvokeResult, invoke, type TestUser, testWebhookReceiverOrigin } from '@taskmesh/testing';
import { everyone, type People, people, type SharedProject, sharedProject, type Who } from './project-fixture';

// Issue 19: one permission table decides every action for every role
// (services/tasks-api/src/domain/projects/permissions.ts). This walks every
// route that touches a project x every role, a non-member and an admin, with
// the status each must get, written out here by hand (not derived from the
// table, so a wrong table fails). A non-member always gets 404, never 403.

type Expect = Record<Who, number>;
interface Case {
  route: string;
  /** Changes the project: each role gets a fresh one. */
  mutates?: boolean;
  call: (user: TestUser, s: SharedProject, p: People) => Promise<InvokeResult>;
  expect: Expect;
}

const reads = { owner: 200, editor: 200, commenter: 200, viewer: 200, nonMember: 404, admin: 200 };
const edits = (ok: number): Expect => ({
  owner: ok,
  editor: ok,
  commenter: 403,
  viewer: 403,
  nonMember: 404,
  admin: 404,
});
const ownerOnly = (ok: number): Expect => ({
  owner: ok,
  editor: 403,
  commenter: 403,
  viewer: 403,
  nonMember: 404,
  admin: 404,
});

const cases: Case[] = [
  { route: 'GET /projects/{id}', call: (u, s) => u.api.get(`projects/${s.projectId}`), expect: reads },
  {
    // A feed follows its owner's membership (issue 20): an admin who is not a member gets none.
    route: 'POST /calendar-feeds (a project feed)',
    call: (u, s) => u.api.post('calendar-feeds', { projectId: s.projectId }),
    expect: { owner: 201, editor: 201, commenter: 201, viewer: 201, nonMember: 404, admin: 404 },
  },
  {
    // Sending a project's events outside Taskmesh is the owner's call (issue 20; webhook-agent asks tasks-api).
    route: 'POST /webhooks on webhook-agent (a project webhook)',
    call: (u, s) =>
      invoke('webhook-agent', 'webhooks', {
        method: 'POST',
        body: { url: `${testWebhookReceiverOrigin}/matrix`, projectId: s.projectId },
        headers: { authorization: `Bearer ${u.accessToken}` },
      }),
    expect: ownerOnly(201),
  },
  {
    route: 'PATCH /projects/{id} name',
    mutates: true,
    call: (u, s) => u.api.patch(`projects/${s.projectId}`, { name: 'Renamed' }),
    expect: edits(200),
  },
  {
    route: 'PATCH /projects/{id} archived',
    mutates: true,
    call: (u, s) => u.api.patch(`projects/${s.projectId}`, { archived: true }),
    expect: ownerOnly(200),
  },
  {
    route: 'PATCH /projects/{id} position (own sidebar)',
    mutates: true,
    call: (u, s) => u.api.patch(`projects/${s.projectId}`, { position: 7 }),
    expect: { owner: 200, editor: 200, commenter: 200, viewer: 200, nonMember: 404, admin: 404 },
  },
  {
    route: 'DELETE /projects/{id}',
    mutates: true,
    call: (u, s) => u.api.delete(`projects/${s.projectId}`),
    expect: ownerOnly(204),
  },
  {
    route: 'POST /projects/{id}/restore (deleted project)',
    mutates: true,
    call: async (u, s, p) => {
      const deleted = await p.owner.api.delete(`projects/${s.projectId}`);
      if (deleted.status !== 204) throw new Error(`delete: ${deleted.status}`);
      return u.api.post(`projects/${s.projectId}/restore`);
    },
    // A deleted project is gone for everyone but its owner.
    expect: { owner: 200, editor: 404, commenter: 404, viewer: 404, nonMember: 404, admin: 404 },
  },
  {
    route: 'GET /projects/{id}/sections',
    call: (u, s) => u.api.get(`projects/${s.projectId}/sections`),
    expect: reads,
  },
  {
    route: 'POST /projects/{id}/sections',
    mutates: true,
    call: (u, s) => u.api.post(`projects/${s.projectId}/sections`, { name: 'Later' }),
    expect: edits(201),
  },
  {
    route: 'PATCH /projects/{id}/sections/{sectionId}',
    mutates: true,
    call: (u, s) => u.api.patch(`projects/${s.projectId}/sections/${s.sectionId}`, { name: 'Done' }),
    expect: edits(200),
  },
  {
    route: 'DELETE /projects/{id}/sections/{sectionId}',
    mutates: true,
    call: (u, s) => u.api.delete(`projects/${s.projectId}/sections/${s.sectionId}`),
    expect: edits(204),
  },
  { route: 'GET /projects/{id}/members', call: (u, s) => u.api.get(`projects/${s.projectId}/members`), expect: reads },
  {
    route: 'POST /projects/{id}/members',
    mutates: true,
    call: (u, s, p) => u.api.post(`projects/${s.projectId}/members`, { email: p.outsider.email, role: 'viewer' }),
    expect: ownerOnly(201),
  },
  {
    route: 'PATCH /projects/{id}/members/{userId}',
    mutates: true,
    call: (u, s, p) => u.api.patch(`projects/${s.projectId}/members/${p.target.id}`, { role: 'commenter' }),
    expect: ownerOnly(200),
  },
  {
    route: 'DELETE /projects/{id}/members/{userId} (another member)',
    mutates: true,
    call: (u, s, p) => u.api.delete(`projects/${s.projectId}/members/${p.target.id}`),
    expect: ownerOnly(204),
  },
  {
    route: 'DELETE /projects/{id}/members/{own id} (leave)',
    mutates: true,
    call: (u, s) => u.api.delete(`projects/${s.projectId}/members/${u.id}`),
    // The owner transfers first; a non-member has nothing to leave.
    expect: { owner: 403, editor: 204, commenter: 204, viewer: 204, nonMember: 404, admin: 404 },
  },
  {
    route: 'POST /projects/{id}/transfer',
    mutates: true,
    call: (u, s, p) => u.api.post(`projects/${s.projectId}/transfer`, { userId: p.editor.id }),
    expect: ownerOnly(200),
  },
  {
    route: 'GET /projects/{id}/invites',
    call: (u, s) => u.api.get(`projects/${s.projectId}/invites`),
    expect: ownerOnly(200),
  },
  {
    route: 'POST /projects/{id}/invites',
    mutates: true,
    call: (u, s) => u.api.post(`projects/${s.projectId}/invites`, { role: 'editor', singleUse: false }),
    expect: ownerOnly(201),
  },
  {
    route: 'DELETE /projects/{id}/invites/{inviteId}',
    mutates: true,
    call: (u, s) => u.api.delete(`projects/${s.projectId}/invites/${s.inviteId}`),
    expect: ownerOnly(204),
  },
  { route: 'GET /tasks?projectId=', call: (u, s) => u.api.get(`tasks?projectId=${s.projectId}`), expect: reads },
  {
    route: 'POST /tasks {projectId}',
    mutates: true,
    call: (u, s) => u.api.post('tasks', { title: 'New', projectId: s.projectId }),
    expect: edits(201),
  },
  { route: 'GET /tasks/{id}', call: (u, s) => u.api.get(`tasks/${s.taskId}`), expect: reads },
  {
    route: 'PATCH /tasks/{id}',
    mutates: true,
    call: (u, s) => u.api.patch(`tasks/${s.taskId}`, { title: 'Changed' }),
    expect: edits(200),
  },
  {
    route: 'POST /tasks/{id}/complete',
    mutates: true,
    call: (u, s) => u.api.post(`tasks/${s.taskId}/complete`),
    expect: edits(200),
  },
  {
    route: 'DELETE /tasks/{id}',
    mutates: true,
    call: (u, s) => u.api.delete(`tasks/${s.taskId}`),
    expect: edits(204),
  },
  {
    route: 'PUT /tasks/{id}/recurrence',
    mutates: true,
    call: (u, s) =>
      u.api.put(`tasks/${s.taskId}/recurrence`, {
        preset: { kind: 'daily' },
        timeZone: 'Europe/London',
        anchor: `${new Date().toISOString().slice(0, 10)}T09:00`,
      }),
    expect: edits(200),
  },
  {
    route: 'POST /tasks/{id}/assignees',
    mutates: true,
    call: (u, s, p) => u.api.post(`tasks/${s.taskId}/assignees`, { userId: p.viewer.id }),
    expect: edits(200),
  },
  {
    route: 'DELETE /tasks/{id}/assignees/{userId}',
    mutates: true,
    call: async (u, s, p) => {
      await p.owner.api.post(`tasks/${s.taskId}/assignees`, { userId: p.viewer.id });
      return u.api.delete(`tasks/${s.taskId}/assignees/${p.viewer.id}`);
    },
    expect: edits(200),
  },
  { route: 'GET /tasks/{id}/comments', call: (u, s) => u.api.get(`tasks/${s.taskId}/comments`), expect: reads },
  {
    route: 'POST /tasks/{id}/comments',
    mutates: true,
    call: (u, s) => u.api.post(`tasks/${s.taskId}/comments`, { body: 'me too' }),
    expect: { owner: 201, editor: 201, commenter: 201, viewer: 403, nonMember: 404, admin: 404 },
  },
  {
    route: "PATCH /tasks/{id}/comments/{commentId} (the owner's comment)",
    mutates: true,
    call: (u, s) => u.api.patch(`tasks/${s.taskId}/comments/${s.ownerCommentId}`, { body: 'edited' }),
    // Only its author edits a comment.
    expect: ownerOnly(200),
  },
  {
    route: "DELETE /tasks/{id}/comments/{commentId} (the editor's comment)",
    mutates: true,
    call: (u, s) => u.api.delete(`tasks/${s.taskId}/comments/${s.editorCommentId}`),
    // Its author, or the owner (moderation).
    expect: { owner: 204, editor: 204, commenter: 403, viewer: 403, nonMember: 404, admin: 404 },
  },
  { route: 'GET /tasks/{id}/reminders (own)', call: (u, s) => u.api.get(`tasks/${s.taskId}/reminders`), expect: reads },
  {
    route: 'POST /tasks/{id}/reminders (own)',
    mutates: true,
    call: (u, s) =>
      u.api.post(`tasks/${s.taskId}/reminders`, {
        at: new Date(Date.now() + 86_400_000).toISOString(),
        channels: ['in_app'],
      }),
    // Reminders are personal: every member sets their own.
    expect: { owner: 201, editor: 201, commenter: 201, viewer: 201, nonMember: 404, admin: 404 },
  },
];

let p: People;
let shared: SharedProject;
beforeAll(async () => {
  p = await people();
  shared = await sharedProject(p, 'Read-only matrix');
}, 60_000);

describe('the permission matrix (issue 19): every route x every role', () => {
  it.each(cases.map((c) => [c.route, c] as const))(
    '%s',
    async (_route, c) => {
      const got: Partial<Expect> = {};
      for (const who of everyone) {
        const s = c.mutates ? await sharedProject(p, `${c.route} as ${who}`) : shared;
        const result = await c.call(p[who], s, p);
        got[who] = result.status;
        // Whatever the status, a refusal is problem+json and a non-member's answer never says 403.
        if (result.status >= 400) expect(result.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
      expect(got).toEqual(c.expect);
    },
    120_000,
  );
});
