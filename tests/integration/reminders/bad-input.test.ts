import { invoke, signUp, type TestUser } from '@taskmesh/testing';

const notifications = (user: TestUser, query: string) =>
  invoke('reminder-agent', `notifications?${query}`, { headers: { authorization: `Bearer ${user.accessToken}` } });

describe('reminder-agent query API: bad input is a 400 naming the field, never a 500 (issue 15)', () => {
  it('refuses bogus, oversized and unstorable cursors and filters', async () => {
    const user = await signUp();
    const cases: Array<[string, string, RegExp]> = [
      ['cursor=garbage', 'cursor', /nextCursor/],
      [`cursor=${'a'.repeat(5_000)}`, 'cursor', /nextCursor/],
      ['limit=1e400', 'limit', /./],
      // Named for what is wrong with them, by the check every route shares.
      ['cursor=00000000-0000-4000-8000-%0000000000', 'cursor', /NUL/],
      ['unread=tr%00ue', 'unread', /NUL/],
    ];
    for (const [query, field, message] of cases) {
      const result = await notifications(user, query);
      expect({ query, status: result.status }).toEqual({ query, status: 400 });
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect({ query, errors: result.body.errors }).toEqual({
        query,
        errors: [{ field, message: expect.stringMatching(message) }],
      });
    }
    // A well-formed cursor that names no notification of yours is an empty page, not an error.
    const unknown = await notifications(user, 'cursor=00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
  });
});
