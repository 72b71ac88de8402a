import { randomUUID } from 'node:crypto';
import { type BrowserUser, postForm, sessionCookieOf, signedIn, signUpThroughWeb } from './web-pages';

// web's defences against the browser-side attacks of issue 15, through plain
// HTTP as a browser (or a forged page) would send it.

const newUser = (): BrowserUser => ({ email: `sec-${randomUUID()}@example.test`, password: `pw-${randomUUID()}` });

describe('session fixation (issue 15)', () => {
  it('registers on a new session id: a cookie planted before sign-up signs nobody in', async () => {
    // Someone's own session cookie, planted in another person's browser before they sign up.
    const planted = await signUpThroughWeb();
    const theirs = await signUpThroughWeb(newUser(), { cookie: planted });
    expect(theirs).not.toBe(planted);
    expect(await signedIn(theirs)).toBe(true);
    expect(await signedIn(planted)).toBe(false);
  });

  it('logs in on a new session id and deletes the old session', async () => {
    const user = newUser();
    const before = await signUpThroughWeb(user);
    const response = await postForm('/login', { ...user, redirectTo: '/tasks' }, { cookie: before });
    expect(response.status).toBe(302);
    const after = sessionCookieOf(response);
    expect(after).toMatch(/^taskmesh_session=./);
    expect(after).not.toBe(before);
    expect(await signedIn(after)).toBe(true);
    expect(await signedIn(before)).toBe(false);
  });
});
