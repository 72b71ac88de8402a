import { randomBytes, randomUUID } from 'node:crypto';
import {
  accountEmailsTo,
  accountEmailTo,
  linkToken,
  runFileApps,
  signUp,
  stackMailbox,
  tasksApi,
  testDatabase,
  waitFor,
} from '@taskmesh/testing';

// Issue 15: email verification and password reset. tasks-api issues the
// single-use links and records events; the stack's reminder-agent emails them
// over SMTP to the mail catcher, where these tests open them as a person would.
const db = testDatabase();
afterAll(() => db.$disconnect());

const webBaseUrl = runFileApps().find((app) => app.appID === 'reminder-agent')?.env?.WEB_BASE_URL;
const mailbox = stackMailbox();
const newAddress = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::2`;
const unknownEmail = () => `nobody-${randomUUID()}@example.test`;
const fromAddress = (address: string) => ({ 'x-forwarded-for': address });

describe('email verification', () => {
  it('registration emails a single-use link to web; opening it verifies the address', async () => {
    const user = await signUp();
    expect((await user.api.get('auth/me')).body).toMatchObject({ email: user.email, emailVerified: false });

    const mail = await accountEmailTo(mailbox, user.email, 'verify-email');
    expect(mail.subject).toBe('Confirm your email address for Taskmesh');
    expect(mail.text).toContain(`${webBaseUrl}/verify-email?token=`);
    const token = linkToken(mail, 'verify-email');
    // Neither the database nor the event that asked for the email holds the token.
    const [stored] = await db.accountToken.findMany({ where: { userId: user.id } });
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.tokenHash).not.toContain(token);
    const events = await db.outboxEvent.findMany({ where: { partitionKey: user.id } });
    expect(events.map((e) => e.eventType)).toContain('email-verification.requested');
    expect(JSON.stringify(events.map((e) => e.payload))).not.toContain(token);

    expect((await tasksApi().post('auth/verify-email', { token })).status).toBe(204);
    expect((await user.api.get('auth/me')).body.emailVerified).toBe(true);
    // Once only; and made-up or malformed tokens are refused the same way.
    for (const bad of [token, randomBytes(32).toString('base64url'), 'not-a-token']) {
      const again = await tasksApi().post('auth/verify-email', { token: bad });
      expect({ bad, status: again.status, field: again.body.errors?.[0]?.field }).toEqual({
        bad,
        status: 400,
        field: 'token',
      });
    }
    // A verified address needs no new link.
    expect((await user.api.post('auth/verify-email/resend')).status).toBe(409);
  });

  it('sends a new link on request, a few an hour', async () => {
    const user = await signUp();
    await accountEmailTo(mailbox, user.email, 'verify-email');
    for (let i = 0; i < 3; i += 1) expect((await user.api.post('auth/verify-email/resend')).status).toBe(202);
    const limited = await user.api.post('auth/verify-email/resend');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const links = await waitFor('four verification emails', async () => {
      const mails = await accountEmailsTo(mailbox, user.email, 'verify-email');
      return mails.length === 4 ? mails : undefined;
    });
    expect(new Set(links.map((m) => linkToken(m, 'verify-email'))).size).toBe(4);
    expect((await tasksApi().post('auth/verify-email', { token: linkToken(links[3]!, 'verify-email') })).status).toBe(
      204,
    );
    expect((await user.api.get('auth/me')).body.emailVerified).toBe(true);
  });
});

describe('password reset', () => {
  it('answers the same for unknown emails; the emailed link sets a new password once and ends every session', async () => {
    const user = await signUp();
    const other = await tasksApi().post('auth/login', { email: user.email, password: user.password });
    expect(other.status).toBe(200);
    const address = newAddress();

    const nobody = unknownEmail();
    const forNobody = await tasksApi().post('auth/password-reset', { email: nobody }, fromAddress(address));
    const forUser = await tasksApi().post('auth/password-reset', { email: user.email }, fromAddress(address));
    expect(forNobody.status).toBe(202);
    expect(forUser.status).toBe(202);
    expect(forNobody.body).toEqual(forUser.body);

    const mail = await accountEmailTo(mailbox, user.email, 'reset-password');
    expect(mail.subject).toBe('Reset your Taskmesh password');
    expect(mail.text).toContain(`${webBaseUrl}/reset-password?token=`);
    const token = linkToken(mail, 'reset-password');
    // Asked first, and nothing is issued for an email without an account.
    expect((await mailbox()).filter((m) => m.to.includes(nobody))).toEqual([]);
    expect(await db.accountToken.count({ where: { email: nobody } })).toBe(0);

    const short = await tasksApi().post('auth/password-reset/confirm', { token, password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);

    const newPassword = `new-${randomUUID()}`;
    expect((await tasksApi().post('auth/password-reset/confirm', { token, password: newPassword })).status).toBe(204);
    // Every session of the account ended: both refresh tokens are revoked, and
    // session.ended tells realtime-sync to close each one's sockets.
    for (const refreshToken of [user.refreshToken, other.body.refreshToken])
      expect((await tasksApi().post('auth/refresh', { refreshToken })).status).toBe(401);
    const ended = await db.outboxEvent.findMany({ where: { partitionKey: user.id, eventType: 'session.ended' } });
    expect(ended.map((e) => (e.payload as { data: { reason: string } }).data.reason)).toEqual([
      'password-reset',
      'password-reset',
    ]);
    const login = (password: string) =>
      tasksApi().post('auth/login', { email: user.email, password }, fromAddress(address));
    expect((await login(user.password)).status).toBe(401);
    expect((await login(newPassword)).status).toBe(200);
    // The link works once.
    const reused = await tasksApi().post('auth/password-reset/confirm', { token, password: `again-${randomUUID()}` });
    expect(reused.status).toBe(400);
    expect(reused.body.errors[0].field).toBe('token');
    expect((await login(newPassword)).status).toBe(200);
    // Opening the link proved the address too.
    expect((await tasksApi((await login(newPassword)).body.accessToken).get('auth/me')).body.emailVerified).toBe(true);
  });

  it('limits requests per client address (429) and per email (nothing more is sent)', async () => {
    const address = newAddress();
    for (let i = 0; i < 10; i += 1) {
      const result = await tasksApi().post('auth/password-reset', { email: unknownEmail() }, fromAddress(address));
      expect({ request: i + 1, status: result.status }).toEqual({ request: i + 1, status: 202 });
    }
    const limited = await tasksApi().post('auth/password-reset', { email: unknownEmail() }, fromAddress(address));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // Per email, whatever the address: the fourth request in an hour is answered alike but sends nothing.
    const user = await signUp();
    for (let i = 0; i < 4; i += 1)
      expect(
        (await tasksApi().post('auth/password-reset', { email: user.email }, fromAddress(newAddress()))).status,
      ).toBe(202);
    const resets = () => accountEmailsTo(mailbox, user.email, 'reset-password');
    await waitFor('three reset links', async () => ((await resets()).length === 3 ? true : undefined));
    // A barrier in the same user's order of events: a verification link asked for after the fourth request.
    expect((await user.api.post('auth/verify-email/resend')).status).toBe(202);
    await waitFor('the verification link asked for last', async () =>
      (await accountEmailsTo(mailbox, user.email, 'verify-email')).length === 2 ? true : undefined,
    );
    expect(await resets()).toHaveLength(3);
    expect(await db.accountToken.count({ where: { userId: user.id, purpose: 'reset_password' } })).toBe(3);
  });
});
