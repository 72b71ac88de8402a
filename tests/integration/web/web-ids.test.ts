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
});
