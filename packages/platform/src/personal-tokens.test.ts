import type { AccessTokenVerifier } from './access-tokens';
import { AppError } from './errors';
import {
  cachedGrants,
  hashPersonalToken,
  type PersonalTokenGrant,
  scopeRefusal,
  withPersonalTokens,
} from './personal-tokens';

const token = `tmpat_${'A'.repeat(43)}`;
const grant: PersonalTokenGrant = {
  userId: '3f1c2b9e-8a7d-4c6b-9e5f-1a2b3c4d5e6f',
  role: 'admin',
  scopes: ['read'],
  tokenId: '9a1c2b9e-8a7d-4c6b-9e5f-1a2b3c4d5e6f',
  expiresAt: '2099-01-01T00:00:00.000Z',
};
const jwt: AccessTokenVerifier = {
  verify: async () => ({ userId: grant.userId, role: 'user', expiresAt: new Date('2099-01-01') }),
};

describe('personal access tokens (decision 013)', () => {
  it('sends tmpat_ tokens to the resolver and everything else to the JWT verifier', async () => {
    const asked: string[] = [];
    const verifier = withPersonalTokens(jwt, async (t) => {
      asked.push(t);
      return grant;
    });
    expect(await verifier.verify('eyJ.a.b')).not.toHaveProperty('scopes');
    expect(await verifier.verify(token)).toMatchObject({
      userId: grant.userId,
      scopes: ['read'],
      tokenId: grant.tokenId,
    });
    expect(asked).toEqual([token]);
    // A token of the wrong shape is refused without a lookup.
    await expect(verifier.verify('tmpat_short')).rejects.toMatchObject({ status: 401 });
    expect(asked).toHaveLength(1);
  });

  it('keeps the admin role only with admin-read', async () => {
    const as = (scopes: PersonalTokenGrant['scopes'], role: PersonalTokenGrant['role']) =>
      withPersonalTokens(jwt, async () => ({ ...grant, scopes, role })).verify(token);
    expect((await as(['read'], 'admin')).role).toBe('user');
    expect((await as(['read', 'admin-read'], 'admin')).role).toBe('admin');
    expect((await as(['admin-read'], 'user')).role).toBe('user');
  });

  it('lets read scopes only read, and write do anything', () => {
    expect(scopeRefusal(['read'], 'GET')).toBeUndefined();
    expect(scopeRefusal(['read'], 'HEAD')).toBeUndefined();
    expect(scopeRefusal(['admin-read'], 'GET')).toBeUndefined();
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'])
      expect({ method, refusal: scopeRefusal(['read', 'admin-read'], method) }).toEqual({
        method,
        refusal: expect.stringContaining('write scope'),
      });
    for (const method of ['GET', 'POST', 'DELETE']) expect(scopeRefusal(['write'], method)).toBeUndefined();
  });

  it('caches a grant for its interval by the token hash, and never caches a refusal', async () => {
    let clock = 0;
    let calls = 0;
    let refuse = false;
    const resolve = cachedGrants(
      async () => {
        calls += 1;
        if (refuse) throw new AppError('unauthorized');
        return grant;
      },
      { ttlMs: 30_000, now: () => clock },
    );
    await resolve(token);
    clock = 29_999;
    await resolve(token);
    expect(calls).toBe(1);
    clock = 30_001;
    refuse = true;
    await expect(resolve(token)).rejects.toBeInstanceOf(AppError);
    await expect(resolve(token)).rejects.toBeInstanceOf(AppError);
    expect(calls).toBe(3);
    expect(hashPersonalToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
