import { createHmac, sign } from 'node:crypto';
import { localSecret, signUp, tasksApi } from '@taskmesh/testing';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT signed with `key` (HS256), or unsigned with alg none. */
function craftToken(payload: object, key: string | null, header: object = { alg: key ? 'HS256' : 'none', typ: 'JWT' }) {
  const body = `${b64(header)}.${b64(payload)}`;
  const signature = key ? createHmac('sha256', key).update(body).digest('base64url') : '';
  return `${body}.${signature}`;
}

/** A JWT signed (EdDSA) with Taskmesh's own private key, as tasks-api signs. */
function signedToken(payload: object) {
  const body = `${b64({ alg: 'EdDSA', typ: 'JWT' })}.${b64(payload)}`;
  return `${body}.${sign(null, Buffer.from(body), localSecret('jwt-private-key')).toString('base64url')}`;
}

describe('tasks-api authentication', () => {
  it('registers, signs in case-insensitively, and knows who you are', async () => {
    const user = await signUp({ email: `Mixed.Case-${Date.now()}@Example.test` });
    expect(user.email).toBe(user.email.toLowerCase());
    const login = await tasksApi().post('auth/login', { email: user.email.toUpperCase(), password: user.password });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const me = await tasksApi(login.body.accessToken).get('auth/me');
    expect(me.body).toMatchObject({ id: user.id, email: user.email, role: 'user' });
    expect(JSON.stringify(me.body)).not.toContain('argon2');
  });

  it('answers registering and logging in in one shape: the token fields at the top level, and the user (issue 16)', async () => {
    const email = `same-shape-${Date.now()}@example.test`;
    const password = 'a long passphrase';
    const registered = await tasksApi().post('auth/register', { email, password });
    const loggedIn = await tasksApi().post('auth/login', { email, password });
    const shape = {
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.any(String),
      refreshExpiresAt: expect.any(String),
      user: expect.objectContaining({ email, role: 'user' }),
    };
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject(shape);
    expect(loggedIn.body).toMatchObject(shape);
    expect((await tasksApi(registered.body.accessToken).get('auth/me')).status).toBe(200);
    // Clients written before issue 16 read the nested copy.
    expect(registered.body.session.accessToken).toBe(registered.body.accessToken);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const user = await signUp();
    const wrong = await tasksApi().post('auth/login', { email: user.email, password: 'not the password' });
    const unknown = await tasksApi().post('auth/login', {
      email: `nobody-${Date.now()}@example.test`,
      password: 'whatever-it-is',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('refuses a second account with the same email', async () => {
    const user = await signUp();
    const again = await tasksApi().post('auth/register', { email: user.email, password: 'another password' });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ field: 'email', message: 'already registered' }]);
  });

  it('rotates refresh tokens, and reusing a rotated one revokes the whole family', async () => {
    const user = await signUp();
    const first = await tasksApi().post('auth/refresh', { refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    const replay = await tasksApi().post('auth/refresh', { refreshToken: user.refreshToken });
    expect(replay.status).toBe(401);
    // The thief's reuse also kills the token the owner got from the rotation.
    const afterTheft = await tasksApi().post('auth/refresh', { refreshToken: first.body.refreshToken });
    expect(afterTheft.status).toBe(401);
  });

  it('logs out: the refresh token stops working', async () => {
    const user = await signUp();
    expect((await tasksApi().post('auth/logout', { refreshToken: user.refreshToken })).status).toBe(204);
    expect((await tasksApi().post('auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
  });

  it('refuses forged, expired, alg:none and malformed tokens, and changes nothing', async () => {
    const user = await signUp();
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: user.id, role: 'admin', iss: 'taskmesh', aud: 'taskmesh-api', iat: now, exp: now + 600 };
    // The real key signs a valid token (the checks below fail on the claims, not on the signature).
    expect((await tasksApi(signedToken({ ...claims, role: 'user' })).get('auth/me')).status).toBe(200);
    const tokens = {
      forged: craftToken(claims, 'a-key-that-is-not-the-real-one'),
      algNone: craftToken(claims, null),
      // Algorithm confusion: HS256 keyed with the public key every verifying service holds (issue 15).
      hmacWithPublicKey: craftToken(claims, localSecret('jwt-public-key')),
      expired: signedToken({ ...claims, role: 'user', iat: now - 7200, exp: now - 3600 }),
      wrongAudience: signedToken({ ...claims, role: 'user', aud: 'someone-else' }),
      garbage: 'not.a.token',
    };
    for (const [name, token] of Object.entries(tokens)) {
      const result = await tasksApi(token).post('tasks', { title: `made with a ${name} token` });
      expect({ name, status: result.status }).toEqual({ name, status: 401 });
      expect(result.headers.get('content-type')).toContain('application/problem+json');
    }
    const mine = await user.api.get('tasks');
    expect(mine.body.items).toEqual([]);
    const anonymous = await tasksApi().get('tasks');
    expect(anonymous.status).toBe(401);
  });
});
