import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { signUp, tasksApi, testDatabase } from '@taskmesh/testing';
import { ownLoopbackAddress, postForm } from '../web/web-pages';

// Issue 15: failed sign-ins are limited per account and per real client
// address, in counters every tasks-api replica shares. Calls go through web's
// sidecar as web makes them: web names the browser's address in
// X-Forwarded-For and the sidecars append their own hops. Each test uses
// addresses of its own (IPv6 documentation range), so runs never share counters.
const db = testDatabase();
afterAll(() => db.$disconnect());

const perAccount = 5;
const perAddress = 30;

const newAddress = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1`;
const unknownEmail = () => `nobody-${randomUUID()}@example.test`;

const logIn = (email: string, password: string, address?: string) =>
  tasksApi().post('auth/login', { email, password }, address ? { 'x-forwarded-for': address } : {});

/** Fails `count` sign-ins from `address`, each for a different unknown email (no account limit involved). */
async function failFrom(address: string, count: number, forwardedFor = address) {
  for (let i = 0; i < count; i += 1) {
    const result = await tasksApi().post(
      'auth/login',
      { email: unknownEmail(), password: 'not the password' },
      { 'x-forwarded-for': forwardedFor },
    );
    expect({ attempt: i + 1, status: result.status }).toEqual({ attempt: i + 1, status: 401 });
  }
}

describe('sign-in limits', () => {
  it('locks an email after 5 failures: 429 with Retry-After, a correct password too, until the window ends', async () => {
    const user = await signUp();
    const address = newAddress();
    for (let i = 0; i < perAccount; i += 1)
      expect((await logIn(user.email, 'not the password', address)).status).toBe(401);

    const locked = await logIn(user.email, user.password, address);
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Per account: another address does not get around it.
    expect((await logIn(user.email, user.password, newAddress())).status).toBe(429);

    // An email nobody has is answered exactly the same way, so a 429 tells nothing.
    const nobody = unknownEmail();
    for (let i = 0; i < perAccount; i += 1) expect((await logIn(nobody, 'whatever-it-is', address)).status).toBe(401);
    const nobodyLocked = await logIn(nobody, 'whatever-it-is', address);
    expect(nobodyLocked.status).toBe(429);
    expect(nobodyLocked.body.detail).toBe(locked.body.detail);

    // The window ends (moved to now in the database rather than waiting 15 minutes): the password works again.
    const keyHash = createHash('sha256').update(user.email).digest('hex');
    const ended = await db.authThrottle.updateMany({
      where: { rule: 'login-failures:account', keyHash },
      data: { windowEndsAt: new Date() },
    });
    expect(ended.count).toBe(1);
    expect((await logIn(user.email, user.password, address)).status).toBe(200);
  });

  it('limits failed sign-ins per client address, each address on its own', async () => {
    const user = await signUp();
    const [first, second] = [newAddress(), newAddress()];
    await failFrom(first, perAddress);
    const blocked = await logIn(unknownEmail(), 'not the password', first);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Every sign-in from there waits, a correct one too ...
    expect((await logIn(user.email, user.password, first)).status).toBe(429);
    // ... while another client arriving through the same web sidecar is not affected.
    expect((await logIn(unknownEmail(), 'not the password', second)).status).toBe(401);
    expect((await logIn(user.email, user.password, second)).status).toBe(200);
  });

  it('a forged X-Forwarded-For cannot choose another client’s counter', async () => {
    const [victim, attacker] = [newAddress(), newAddress()];
    // What a client wrote left of the trusted hops is ignored: the attacker's
    // failures count against the address web reported for it, not the victim's.
    await failFrom(attacker, perAddress, `${victim}, ${attacker}`);
    expect((await logIn(unknownEmail(), 'not the password', attacker)).status).toBe(429);
    expect((await logIn(unknownEmail(), 'not the password', victim)).status).toBe(401);

    // A browser cannot pick a counter through web either: web believes no
    // X-Forwarded-For from browsers (TRUSTED_PROXY_HOPS=0 locally) and passes
    // on the address it saw, so naming the blocked address changes nothing.
    const page = await postForm(
      '/login',
      { email: unknownEmail(), password: 'not the password' },
      { 'x-forwarded-for': attacker },
      // A browser of its own on loopback, so runs never share its counter.
      ownLoopbackAddress(),
    );
    expect(page.status).toBe(401);
    expect(page.body).toContain('Wrong email or password.');
  });
});
