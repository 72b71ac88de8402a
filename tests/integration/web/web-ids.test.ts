import { httpRequest } from '@taskmesh/testing';
import { postForm, signedIn, signUpThroughWeb, webUrl } from './web-pages';

/** The session id the signed cookie carries (its key in the state store is web-session:<id>). */
const sessionIdOf = (cookie: string): string =>
  JSON.parse(Buffer.from(decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] ?? '', 'base64').toString());

describe('ids from the browser never leave the invoke API of web’s sidecar (issue 15)', () => {
  it('refuses a task id that climbs into the sidecar’s state API, and the other user stays signed in', async () => {
    const victim = await signUpThroughWeb();
    const attacker = await signUpThroughWeb();
    expect(await signedIn(victim)).toBe(true);
    // /v1.0/invoke/tasks-api/method/tasks/<id> with four `..` is /v1.0/state/statestore/<key>:
    // a DELETE there would remove the victim's session from the state store.
    const taskId = `../../../../state/statestore/web-session:${sessionIdOf(victim)}`;
    const response = await postForm('/tasks?index', { intent: 'delete', taskId }, { cookie: attacker });
    expect(response.status).toBe(400);
    expect(String(response.body)).toContain('taskId');
    expect(await signedIn(victim)).toBe(true);
  });

  it('answers 404 for a page or a notification whose id is not an id', async () => {
    const cookie = await signUpThroughWeb();
    const sneaky = encodeURIComponent('../../../../metadata');
    expect((await httpRequest(`${webUrl}/tasks/${sneaky}`, { headers: { cookie } })).status).toBe(404);
    const opened = await postForm(`/notifications/${sneaky}/open`, {}, { cookie });
    expect(opened.status).toBe(404);
  });

  it('answers 404 for a project or invite page whose id is not one, and 400 naming a project form’s bad id (issue 19)', async () => {
    const cookie = await signUpThroughWeb();
    const sneaky = encodeURIComponent('../../../../metadata');
    for (const path of [`/projects/${sneaky}`, `/projects/${sneaky}/activity`, `/invites/${sneaky}`])
      expect((await httpRequest(`${webUrl}${path}`, { headers: { cookie } })).status).toBe(404);
    // A made-up project id in the path names nothing of this user's: tasks-api's 404, not a 500.
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await httpRequest(`${webUrl}/projects/${unknown}`, { headers: { cookie } })).status).toBe(404);
    for (const [field, fields] of [
      ['userId', { intent: 'remove-member', userId: '../../../../state/statestore/x' }],
      ['inviteId', { intent: 'revoke-invite', inviteId: 'not-an-id' }],
      ['sectionId', { intent: 'add-task', title: 'x', sectionId: '../x' }],
    ] as const) {
      const response = await postForm(`/projects/${unknown}`, fields, { cookie });
      expect(response.status).toBe(400);
      expect(String(response.body)).toContain(field);
    }
    for (const [field, fields] of [
      ['userId', { intent: 'assign', userId: '../x' }],
      ['commentId', { intent: 'delete-comment', commentId: '../../x' }],
      ['mentionIds', { intent: 'add-comment', body: 'hi', mentionIds: '../x' }],
    ] as const) {
      const response = await postForm(`/tasks/${unknown}`, fields, { cookie });
      expect(response.status).toBe(400);
      expect(String(response.body)).toContain(field);
    }
    const undo = await postForm('/undo', { intent: 'restore-project', projectId: '../../x' }, { cookie });
    expect(undo.status).toBe(400);
    expect(String(undo.body)).toContain('projectId');
  });
});
