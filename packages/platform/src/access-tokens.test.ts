import { createHmac, generateKeyPairSync } from 'node:crypto';
import { accessTokenSigner, accessTokenVerifier } from './access-tokens';
import { AppError } from './errors';

// Issue 15: tasks-api alone can mint access tokens; the services that verify
// them hold only the public key, which cannot be turned into a signing key.
const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
};
const user = { id: '7d1c1a5e-2f4b-4c8e-9a1d-3b5e6f7a8b9c', role: 'user' as const };
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens', () => {
  const keys = pair();
  const signer = accessTokenSigner(keys.privateKey, 60);
  const verifier = accessTokenVerifier(keys.publicKey);

  it('are signed by tasks-api and verified with the public key alone', async () => {
    const { token } = await signer.sign(user);
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({ alg: 'EdDSA' });
    await expect(verifier.verify(token)).resolves.toEqual({
      userId: user.id,
      role: 'user',
      expiresAt: expect.any(Date),
    });
    expect('sign' in verifier).toBe(false);
  });

  it('name the session they were issued in, and when they expire', async () => {
    const sessionId = '0b6a3c52-8f0e-4a59-9d53-2f1e7c4b9a10';
    const before = Date.now();
    const { token } = await signer.sign(user, sessionId);
    const verified = await verifier.verify(token);
    expect(verified.sessionId).toBe(sessionId);
    // exp is in whole seconds: 60 s after issue, give or take the rounding.
    expect(verified.expiresAt.getTime()).toBeGreaterThan(before + 58_000);
    expect(verified.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('refuse a token from another key, HS256 keyed with the public key, and alg none', async () => {
    const other = await accessTokenSigner(pair().privateKey, 60).sign(user);
    const now = Math.floor(Date.now() / 1000);
    const claims = b64({ sub: user.id, role: 'admin', iss: 'taskmesh', aud: 'taskmesh-api', iat: now, exp: now + 60 });
    const hsBody = `${b64({ alg: 'HS256', typ: 'JWT' })}.${claims}`;
    const confused = `${hsBody}.${createHmac('sha256', keys.publicKey).update(hsBody).digest('base64url')}`;
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${claims}.`;
    for (const token of [other.token, confused, none])
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(AppError);
  });

  it('refuse keys that are not Ed25519 keys of the right kind', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(() => accessTokenVerifier(rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString())).toThrow(
      /Ed25519 public key/,
    );
    expect(() => accessTokenSigner(keys.publicKey, 60)).toThrow();
  });
});
