import {
  createTask,
  invoke,
  promoteToAdmin,
  signUp,
  type TestUser,
  tasksApi,
  testDatabase,
  waitFor,
} from '@taskmesh/testing';

// Personal access tokens (issue 20; docs/decisions/013): usable wherever a
// sign-in token is (tasks-api, audit-agent, reminder-agent), scoped, revocable,
// shown once and stored hashed.

const db = testDatabase();
afterAll(() => db.$disconnect());

async function makeToken(user: TestUser, scopes: string[], name = 'script') {
  const created = await user.api.post('me/access-tokens', { name, scopes, expiresInDays: 30 });
  expect(created.status).toBe(201);
  return created.body as { id: string; token: string; scopes: string[]; expiresAt: string };
}

const auditAs = (token: string, query: string) =>
  invoke('audit-agent', `audit-entries?${query}`, { headers: { authorization: `Bearer ${token}` } });
const notificationsAs = (token: string) =>
  invoke('reminder-agent', 'notifications', { headers: { authorization: `Bearer ${token}` } });

describe('personal access tokens', () => {
  it('reads with a read token in every app, refuses its writes, and writes with a write token', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'Read me' });
    const reader = await makeToken(user, ['read'], 'dashboard');
    expect(reader.token).toMatch(/^tmpat_[A-Za-z0-9_-]{43}$/);
    const asReader = tasksApi(reader.token);
    expect((await asReader.get(`tasks/${task.id}`)).body.title).toBe('Read me');
    const refused = await asReader.post('tasks', { title: 'Not with a read token' });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('write scope');
    // The other apps ask tasks-api through their sidecars.
    await waitFor('the task in the audit log', async () =>
      (await auditAs(reader.token, `taskId=${task.id}`)).body?.items?.length > 0 ? true : undefined,
    );
    expect((await notificationsAs(reader.token)).status).toBe(200);

    const writer = await makeToken(user, ['write'], 'importer');
    const created = await tasksApi(writer.token).post('tasks', { title: 'Made by a script' });
    expect(created.status).toBe(201);
    expect(created.body.ownerId).toBe(user.id);
    // The audit log names the token the change was made with; a sign-in change names none.
    const entryOf = async (taskId: string) =>
      waitFor('the audit entry', async () => (await auditAs(reader.token, `taskId=${taskId}`)).body?.items?.[0]);
    expect(await entryOf(created.body.id)).toMatchObject({
      eventType: 'task.created',
      actorId: user.id,
      viaTokenId: writer.id,
    });
    expect(await entryOf(task.id)).toMatchObject({ eventType: 'task.created', viaTokenId: null });

    // Listed without the secret, with when it was last used; only the hash is stored.
    const listed = (await user.api.get('me/access-tokens')).body.items;
    expect(listed.map((t: { name: string }) => t.name).sort()).toEqual(['dashboard', 'importer']);
    expect(listed.find((t: { id: string }) => t.id === reader.id)).toMatchObject({
      scopes: ['read'],
      lastUsedAt: expect.any(String),
    });
    expect(JSON.stringify(listed)).not.toContain('tmpat_');
    const stored = await db.personalAccessToken.findUniqueOrThrow({ where: { id: reader.id } });
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('audits making and revoking a token, and names the token on project, membership and comment changes', async () => {
    const [user, member] = await Promise.all([signUp(), signUp()]);
    const writer = await makeToken(user, ['write'], 'automation');
    const asWriter = tasksApi(writer.token);
    const project = await asWriter.post('projects', { name: 'Scripted' });
    expect(project.status).toBe(201);
    expect(
      (await asWriter.post(`projects/${project.body.id}/members`, { email: member.email, role: 'editor' })).status,
    ).toBe(201);
    const task = await createTask(user, { title: 'Discuss', projectId: project.body.id });
    expect((await asWriter.post(`tasks/${task.id}/comments`, { body: 'Posted by a script' })).status).toBe(201);
    expect((await user.api.delete(`me/access-tokens/${writer.id}`)).status).toBe(204);

    const feed = async (query: string, count: number) =>
      waitFor(`${count} audit entries for ${query}`, async () => {
        const items = (await auditAs(user.accessToken, query)).body?.items ?? [];
        return items.length >= count ? items : undefined;
      });
    const activity = await feed(`projectId=${project.body.id}`, 4);
    const byType = (type: string) => activity.find((e: { eventType: string }) => e.eventType === type);
    for (const type of ['project.created', 'project.member-added', 'comment.added'])
      expect([type, byType(type)?.viaTokenId]).toEqual([type, writer.id]);
    // The task was made with a sign-in token: none named.
    expect(byType('task.created')?.viaTokenId).toBeNull();

    const lifecycle = await feed('eventType=access-token.created,access-token.revoked', 2);
    expect(lifecycle.map((e: { eventType: string }) => e.eventType).sort()).toEqual([
      'access-token.created',
      'access-token.revoked',
    ]);
    for (const entry of lifecycle) {
      expect(entry).toMatchObject({ ownerId: user.id, actorId: user.id, taskId: null, projectId: null });
      expect(entry.after).toMatchObject({ tokenId: writer.id, name: 'automation', scopes: ['write'] });
      // Never the token, nor its hash.
      expect(JSON.stringify(entry)).not.toContain('tmpat_');
    }
  });

  it('cannot manage the account: no token minting tokens, listing or revoking them', async () => {
    const user = await signUp();
    const writer = await makeToken(user, ['write', 'read']);
    const asWriter = tasksApi(writer.token);
    expect(
      (await asWriter.post('me/access-tokens', { name: 'more', scopes: ['write'], expiresInDays: 1 })).status,
    ).toBe(403);
    expect((await asWriter.get('me/access-tokens')).status).toBe(403);
    expect((await asWriter.delete(`me/access-tokens/${writer.id}`)).status).toBe(403);
    expect((await asWriter.post('auth/verify-email/resend', {})).status).toBe(403);
    expect(await db.personalAccessToken.count({ where: { userId: user.id } })).toBe(1);
  });

  it('stops working when revoked or expired; unknown tokens are 401 everywhere', async () => {
    const user = await signUp();
    const token = await makeToken(user, ['read']);
    expect((await tasksApi(token.token).get('tasks')).status).toBe(200);
    expect((await user.api.delete(`me/access-tokens/${token.id}`)).status).toBe(204);
    expect((await tasksApi(token.token).get('tasks')).status).toBe(401);
    expect((await user.api.get('me/access-tokens')).body.items).toEqual([]);

    const expiring = await makeToken(user, ['read']);
    await db.personalAccessToken.update({
      where: { id: expiring.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await tasksApi(expiring.token).get('tasks')).status).toBe(401);

    const unknown = `tmpat_${'x'.repeat(43)}`;
    expect((await tasksApi(unknown).get('tasks')).status).toBe(401);
    expect((await auditAs(unknown, `ownerId=${user.id}`)).status).toBe(401);
    expect((await notificationsAs(unknown)).status).toBe(401);
    expect((await tasksApi('tmpat_short').get('tasks')).status).toBe(401);
    // Another user's token id is not found.
    const other = await signUp();
    const theirs = await makeToken(other, ['read']);
    expect((await user.api.delete(`me/access-tokens/${theirs.id}`)).status).toBe(404);
  });

  it('gives an admin token admin reads only with admin-read, and admin-read only to admins', async () => {
    const someone = await signUp();
    const task = await createTask(someone, { title: 'Someone else’s' });
    const admin = await promoteToAdmin(await signUp());
    const plain = await makeToken(admin, ['read']);
    const adminRead = await makeToken(admin, ['read', 'admin-read']);
    await waitFor('the task in the audit log', async () =>
      (await auditAs(adminRead.token, `taskId=${task.id}`)).body?.items?.length > 0 ? true : undefined,
    );
    // Without admin-read the admin's token is a plain user's: another user's task is not found.
    expect((await tasksApi(plain.token).get(`tasks/${task.id}`)).status).toBe(404);
    expect((await tasksApi(adminRead.token).get(`tasks/${task.id}`)).status).toBe(200);

    const refused = await someone.api.post('me/access-tokens', { name: 'x', scopes: ['admin-read'], expiresInDays: 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'scopes', message: 'admin-read is for admins' }]);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const user = await signUp();
    for (const [body, field] of [
      [{ name: '', scopes: ['read'], expiresInDays: 1 }, 'name'],
      [{ name: 'x', scopes: [], expiresInDays: 1 }, 'scopes'],
      [{ name: 'x', scopes: ['root'], expiresInDays: 1 }, 'scopes.0'],
      [{ name: 'x', scopes: ['read', 'read'], expiresInDays: 1 }, 'scopes'],
      [{ name: 'x', scopes: ['read'], expiresInDays: 0 }, 'expiresInDays'],
      [{ name: 'x', scopes: ['read'], expiresInDays: 366 }, 'expiresInDays'],
      [{ name: 'x', scopes: ['read'] }, 'expiresInDays'],
    ] as const) {
      const refused = await user.api.post('me/access-tokens', body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await user.api.delete('me/access-tokens/not-a-uuid')).status).toBe(400);
  });
});
