import { createTask, invoke, signUp, type TestUser, waitFor } from '@taskmesh/testing';

const auditEntries = (user: TestUser, query: string) =>
  invoke('audit-agent', `audit-entries?${query}`, { headers: { authorization: `Bearer ${user.accessToken}` } });

const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

describe('audit-agent query API: bad input is a 400 naming the field, never a 500 (issue 15)', () => {
  it('refuses unstorable text, out-of-range dates and tampered cursors', async () => {
    const user = await signUp();
    const task = await createTask(user);
    const entries = await waitFor('the task in the audit log', async () => {
      const result = await auditEntries(user, `taskId=${task.id}`);
      return result.body.items?.length > 0 ? result.body.items : undefined;
    });
    const cases: Array<[string, string]> = [
      ['actorId=a%00b', 'actorId'],
      [`from=${encodeURIComponent('0000-01-01T00:00:00Z')}`, 'from'],
      [`to=${encodeURIComponent('0001-01-01T00:00:00+01:00')}`, 'to'],
      [`from=${encodeURIComponent('9999-12-31T23:30:00-01:00')}`, 'from'],
      [`to=${encodeURIComponent('-0001-01-01T00:00:00Z')}`, 'to'],
      ['cursor=garbage', 'cursor'],
      [`cursor=${cursorOf('1700000000000.9999999999999999999')}`, 'cursor'],
      [`cursor=${cursorOf('1700000000000.12').slice(0, 6)}`, 'cursor'],
      [`cursor=${'a'.repeat(5_000)}`, 'cursor'],
    ];
    for (const [query, field] of cases) {
      const result = await auditEntries(user, query);
      expect({ query, status: result.status }).toEqual({ query, status: 400 });
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect(result.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    // The log is as it was: refused queries change nothing.
    expect((await auditEntries(user, `taskId=${task.id}`)).body.items).toEqual(entries);
  });
});
