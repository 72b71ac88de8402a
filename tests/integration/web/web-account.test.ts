import { randomUUID } from 'node:crypto';
import {
  type AccountPage,
  accountEmailTo,
  httpRequest,
  type ReceivedMail,
  signUp,
  stackMailbox,
  tasksApi,
} from '@taskmesh/testing';
import { ownLoopbackAddress, postForm, webUrl } from './web-pages';

// Issue 15: the pages behind the emailed links, and the forgotten-password
// form, as plain HTML forms (no JavaScript): what a browser without scripts posts.
const mailbox = stackMailbox();

// Each run is a browser at an address of its own (web limits per address what it passes on).
const browserAddress = ownLoopbackAddress();

/** Posts a form from a page of web, as the browser at browserAddress. */
const post = (url: string, fields: Record<string, string>) => {
  const { pathname, search } = new URL(url);
  return postForm(`${pathname}${search}`, fields, {}, browserAddress);
};

/** The link in an account email, as the person clicks it. */
function linkIn(mail: ReceivedMail, page: AccountPage): { url: string; token: string } {
  const match = new RegExp(`(https?://\\S+/${page}\\?token=([A-Za-z0-9_-]+))`).exec(mail.text);
  if (!match?.[1] || !match[2]) throw new Error(`no ${page} link in: ${mail.text}`);
  return { url: match[1], token: match[2] };
}

const verified = async (accessToken: string) => (await tasksApi(accessToken).get('auth/me')).body.emailVerified;

describe('web: account email pages', () => {
  it('confirms an email from its link: the link shows a button, the button confirms once', async () => {
    const user = await signUp();
    const link = linkIn(await accountEmailTo(mailbox, user.email, 'verify-email'), 'verify-email');
    expect(link.url.startsWith(`${webUrl}/verify-email?token=`)).toBe(true);

    // Opening the link changes nothing by itself (mail scanners open links too).
    const page = await httpRequest<string>(link.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Confirm my email address');
    expect(await verified(user.accessToken)).toBe(false);

    const confirmed = await post(link.url, { token: link.token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toContain('Your email address is confirmed');
    expect(await verified(user.accessToken)).toBe(true);

    const again = await post(link.url, { token: link.token });
    expect(again.status).toBe(400);
    expect(again.body).toContain('This link was used already or has expired');
  });

  it('resets a forgotten password: the form, the emailed link, then log in with the new one', async () => {
    const user = await signUp();
    const asked = await post(`${webUrl}/forgot-password`, { email: user.email });
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('If an account has this email, a link to reset its password is on its way');

    const link = linkIn(await accountEmailTo(mailbox, user.email, 'reset-password'), 'reset-password');
    expect(link.url.startsWith(`${webUrl}/reset-password?token=`)).toBe(true);
    expect((await httpRequest<string>(link.url)).body).toContain('Set new password');

    const tooShort = await post(link.url, { token: link.token, password: 'short' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body).toContain('password must be at least 10 characters');

    const password = `new-${randomUUID()}`;
    const done = await post(link.url, { token: link.token, password });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/login?reset=1');
    expect((await httpRequest<string>(`${webUrl}/login?reset=1`)).body).toContain('Your password is changed');
    expect((await tasksApi().post('auth/login', { email: user.email, password })).status).toBe(200);

    const reused = await post(link.url, { token: link.token, password: `other-${randomUUID()}` });
    expect(reused.status).toBe(400);
    expect(reused.body).toContain('This link was used already or has expired');
  });
});
