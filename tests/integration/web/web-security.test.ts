import { randomUUID } from 'node:crypto';
import { httpRequest, type InvokeResult, runFileApps } from '@taskmesh/testing';
import { type BrowserUser, postForm, sessionCookieOf, signedIn, signUpThroughWeb, webUrl } from './web-pages';

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

describe('cross-site request forgery (issue 15)', () => {
  const quickAdd = (title: string, headers: Record<string, string | undefined>) =>
    postForm('/tasks?index', { intent: 'quick-add', title }, headers);

  it('refuses a change posted from another site and makes nothing; web’s own pages still post', async () => {
    const cookie = await signUpThroughWeb();
    const refused = [
      await quickAdd('Forged by another site', { cookie, origin: 'https://evil.example' }),
      await quickAdd('Forged from a hidden origin', { cookie, origin: 'null' }),
      await quickAdd('Forged with only a Referer', { cookie, origin: undefined, referer: 'https://evil.example/x' }),
      await quickAdd('Forged with neither', { cookie, origin: undefined }),
      await quickAdd('Forged from a look-alike', { cookie, origin: `${webUrl}.evil.example` }),
    ];
    // (Remix's own check answers a mismatched Origin with a 500, and lets a request without one through.)
    expect(refused.map((response) => response.status)).toEqual([403, 403, 403, 403, 403]);
    for (const response of refused) expect(response.headers.get('content-type')).toContain('application/problem+json');
    // The same form from web's own page (Origin, or a Referer where a browser sends no Origin) works.
    expect((await quickAdd('Added from the task list', { cookie })).status).toBe(302);
    expect((await quickAdd('Added by Referer', { cookie, origin: undefined, referer: `${webUrl}/tasks` })).status).toBe(
      302,
    );
    // Each refused request was answered before these were sent: had it added a task, the list would show it.
    const list = String((await httpRequest(`${webUrl}/tasks`, { headers: { cookie } })).body);
    expect(list).toContain('Added from the task list');
    expect(list).toContain('Added by Referer');
    expect(list).not.toContain('Forged');
  });

  it('refuses a forged login or logout too', async () => {
    const user = newUser();
    const cookie = await signUpThroughWeb(user);
    // Login CSRF signs a browser into someone else's account; neither request names web as its origin.
    const login = await postForm('/login', { ...user }, { origin: undefined });
    expect(login.status).toBe(403);
    expect(sessionCookieOf(login)).toBe('');
    const logout = await postForm('/logout', {}, { cookie, origin: undefined, referer: 'https://evil.example/' });
    expect(logout.status).toBe(403);
    expect(await signedIn(cookie)).toBe(true);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const response = await postForm('/register', { ...newUser() });
    expect(response.headers.get('set-cookie')).toMatch(/^taskmesh_session=[^;]+;.*HttpOnly/i);
    expect(response.headers.get('set-cookie')).toMatch(/; SameSite=Lax/i);
  });
});

describe('security headers (issue 15)', () => {
  const expectSecurityHeaders = (response: InvokeResult, what: string) => {
    const headers = Object.fromEntries(
      ['x-frame-options', 'x-content-type-options', 'referrer-policy', 'permissions-policy'].map((name) => [
        name,
        response.headers.get(name),
      ]),
    );
    expect({ what, ...headers }).toEqual({
      what,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'permissions-policy': expect.stringContaining('camera=()'),
    });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[\w+/=]{22,}'(;|$)/);
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("img-src 'self' data:;");
    // Served over http here: no HSTS (it is sent where web's public origin is https).
    expect(response.headers.get('strict-transport-security')).toBeNull();
  };

  it('go on pages, with a fresh nonce on every inline script, and on assets and errors', async () => {
    const page = await httpRequest<string>(`${webUrl}/login`);
    expect(page.status).toBe(200);
    expectSecurityHeaders(page, 'page');
    const nonce = /'nonce-([^']+)'/.exec(page.headers.get('content-security-policy') ?? '')?.[1];
    const scripts = page.body.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    const again = await httpRequest(`${webUrl}/login`);
    expect(again.headers.get('content-security-policy')).not.toContain(`'nonce-${nonce}'`);
    // realtime-sync's socket (polling, then a websocket) is the one other place pages connect to.
    const realtimeUrl = runFileApps().find((app) => app.appID === 'web')?.env?.REALTIME_PUBLIC_URL ?? '';
    const realtime = new URL(realtimeUrl).origin;
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${realtime}`);

    const asset = /\/assets\/[\w.-]+\.js/.exec(page.body)?.[0];
    expect(asset).toBeDefined();
    expectSecurityHeaders(await httpRequest(`${webUrl}${asset}`), 'script asset');
    expectSecurityHeaders(await httpRequest(`${webUrl}/favicon.svg`), 'public file');
    const missing = await httpRequest(`${webUrl}/no-such-page`);
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, 'not-found page');
    const refused = await postForm('/login', {}, { origin: 'https://evil.example' });
    expectSecurityHeaders(refused, 'problem');
    expectSecurityHeaders(await httpRequest(`${webUrl}/healthz`), 'probe');
  });
});

describe('the sidecar’s probes (issue 16)', () => {
  it('answers /dapr/config with the 404 problem every service gives, not a Remix page', async () => {
    const probe = await httpRequest(`${webUrl}/dapr/config`);
    expect(probe.status).toBe(404);
    expect(probe.headers.get('content-type')).toContain('application/problem+json');
  });
});
