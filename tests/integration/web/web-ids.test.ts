import { randomUUID } from 'node:crypto';
import { httpRequest } from '@taskmesh/testing';
import { webUrl } from './web-pages';

/** Signs up through web's form (no browser) and returns the session cookie. */
async function signUpThroughWeb(): Promise<string> {
  const form = new URLSearchParams({ email: `ids-${randomUUID()}@example.test`, password: `pw-${randomUUID()}` });
  const response = await httpRequest(`${webUrl}/register`, {
    method: 'POST',
    body: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: webUrl },
  });
  expect(response.status).toBe(302);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(/^taskmesh_session=/);
  return cookie;
}

/** The session id the signed cookie carries (its key in the state store is web-session:<id>). */
const sessionIdOf = (cookie: string): string =>
  JSON.parse(Buffer.from(decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] ?? '', 'base64').toString());

const signedIn = async (cookie: string) =>
  (await httpRequest(`${webUrl}/tasks`, { headers: { cookie } })).status === 200;

describe('ids from the browser never leave the invoke API of web’s sidecar (issue 15)', () => {
  it('refuses a task id that climbs into the sidecar’s state API, and the other user stays signed in', async () => {
    const victim = await signUpThroughWeb();
    const attacker = await signUpThroughWeb();
    expect(await signedIn(victim)).toBe(true);
    // /v1.0/invoke/tasks-api/method/tasks/<id> with four `..` is /v1.0/state/statestore/<key>:
    // a DELETE there would remove the victim's session from the state store.
    const taskId = `../../../../state/statestore/web-session:${sessionIdOf(victim)}`;
    const response = await httpRequest(`${webUrl}/tasks?index`, {
      method: 'POST',
      body: new URLSearchParams({ intent: 'delete', taskId }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: webUrl, cookie: attacker },
    });
    expect(response.status).toBe(400);
    expect(String(response.body)).toContain('taskId');
    expect(await signedIn(victim)).toBe(true);
  });

  it('answers 404 for a page or a notification whose id is not an id', async () => {
    const cookie = await signUpThroughWeb();
    const sneaky = encodeURIComponent('../../../../metadata');
    expect((await httpRequest(`${webUrl}/tasks/${sneaky}`, { headers: { cookie } })).status).toBe(404);
    const opened = await httpRequest(`${webUrl}/notifications/${sneaky}/open`, {
      method: 'POST',
      body: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: webUrl, cookie },
    });
    expect(opened.status).toBe(404);
  });
});
