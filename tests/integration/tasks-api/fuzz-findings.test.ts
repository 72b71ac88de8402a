import { randomBytes } from 'node:crypto';
import { AppId } from '@taskmesh/contracts';
import { createTask, httpRequest, type InvokeResult, invoke, sidecarPort, signUp, tasksApi } from '@taskmesh/testing';

// What the fuzz stage (tests/fuzz, issue 15) found: responses the OpenAPI
// documents did not name, and 500s. Each is checked here directly, so it
// stays fixed whatever the fuzzer's seed draws next time.

interface Operation {
  parameters: { name: string; in: string; schema: { pattern?: string } }[];
  requestBody?: unknown;
  security: unknown[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

async function operations(appId: string): Promise<Array<[string, Operation]>> {
  const served = await invoke(appId, 'openapi.json');
  expect(served.status).toBe(200);
  return Object.entries(served.body.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

/** The statuses the document names for one operation. */
async function documented(appId: string, label: string): Promise<string[]> {
  const found = (await operations(appId)).find(([name]) => name === label);
  if (!found) throw new Error(`${label} is not in ${appId}'s document`);
  return Object.keys(found[1].responses);
}

const expectDocumented = async (appId: string, label: string, response: InvokeResult) =>
  expect({ label, status: response.status, documented: await documented(appId, label) }).toEqual({
    label,
    status: response.status,
    documented: expect.arrayContaining([String(response.status)]),
  });

describe('the OpenAPI documents name every response the platform gives', () => {
  it.each([AppId.tasksApi, AppId.auditAgent, AppId.reminderAgent])(
    '%s: 400 where input is checked, 401 where a token is needed, 413 and 415 where a body is read',
    async (appId) => {
      for (const [label, op] of await operations(appId)) {
        const statuses = Object.keys(op.responses);
        const expected = [
          ...(op.parameters.length > 0 || op.requestBody ? ['400'] : []),
          ...(op.security.length > 0 ? ['401'] : []),
          ...(op.requestBody ? ['413', '415'] : []),
        ];
        expect({ label, statuses }).toEqual({ label, statuses: expect.arrayContaining(expected) });
        for (const status of statuses.filter((s) => Number(s) >= 400)) {
          expect({ label, status, content: Object.keys(op.responses[status]?.content ?? {}) }).toEqual({
            label,
            status,
            content: ['application/problem+json'],
          });
        }
      }
    },
  );

  it('states what an Idempotency-Key may be, as the API checks it', async () => {
    const [, create] = (await operations(AppId.tasksApi)).find(([label]) => label === 'POST /tasks') ?? [];
    const key = create?.parameters.find((p) => p.name === 'Idempotency-Key');
    expect(key?.schema.pattern).toBe('^[\\x21-\\x7e]{1,200}$');
    const user = await signUp();
    const refused = await user.api.post('tasks', { title: 'x' }, { 'Idempotency-Key': 'has space' });
    expect(refused.status).toBe(400);
  });

  it('answers an oversized body 413 and an unknown charset 415, both documented', async () => {
    const user = await signUp();
    const tooLarge = await user.api.post('tasks', { title: 'x', description: 'y'.repeat(70_000) });
    expect(tooLarge.status).toBe(413);
    await expectDocumented(AppId.tasksApi, 'POST /tasks', tooLarge);
    const charset = await invoke(AppId.tasksApi, 'tasks', {
      method: 'POST',
      body: JSON.stringify({ title: 'x' }),
      headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json; charset=klingon' },
    });
    expect(charset.status).toBe(415);
    await expectDocumented(AppId.tasksApi, 'POST /tasks', charset);
  });

  it('answers bad input to an internal route 400, documented', async () => {
    const asRecurrenceAgent = await httpRequest(
      `http://127.0.0.1:${sidecarPort(AppId.recurrenceAgent)}/v1.0/invoke/tasks-api/method/internal/series/not-a-uuid`,
    );
    expect(asRecurrenceAgent.status).toBe(400);
    await expectDocumented(AppId.tasksApi, 'GET /internal/series/{id}', asRecurrenceAgent);
  });
});

describe('email addresses', () => {
  it('refuses what format: email refuses: a local part over 64 characters, a domain label over 63 or ending in -', async () => {
    // A client address of its own: reset requests are limited per address.
    const from = { 'x-forwarded-for': `2001:db8:e:${randomBytes(2).toString('hex')}::1` };
    for (const email of [`${'a'.repeat(65)}@example.test`, `a@${'b'.repeat(64)}.test`, 'a@b-.test']) {
      // Was 202: the reset route answers every well-formed email alike, so zod's looser check showed.
      const reset = await tasksApi().post('auth/password-reset', { email }, from);
      expect({ email, status: reset.status, field: reset.body.errors?.[0]?.field }).toEqual({
        email,
        status: 400,
        field: 'email',
      });
    }
    const longest = `${'a'.repeat(64)}@example.test`;
    expect((await tasksApi().post('auth/password-reset', { email: longest }, from)).status).toBe(202);
  });
});

describe('who before what', () => {
  it('answers a call without a token 401 before it looks at the input, on every service', async () => {
    const preview = await tasksApi().post('recurrence/preview', { rrule: 'nonsense', timeZone: 'Mars/Olympus' });
    expect(preview.status).toBe(401);
    expect((await invoke(AppId.auditAgent, 'audit-entries?limit=0')).status).toBe(401);
    expect((await invoke(AppId.reminderAgent, 'notifications/not-a-uuid/read', { method: 'POST' })).status).toBe(401);
  });
});

describe('the internal occurrence route', () => {
  it('refuses an occurrence index past what the database stores with a 400, not a 500', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'Daily' });
    const set = await user.api.put(`tasks/${task.id}/recurrence`, {
      preset: { kind: 'daily' },
      timeZone: 'UTC',
      anchor: '2027-01-01T09:00',
    });
    expect(set.status).toBe(200);
    const created = await httpRequest(
      `http://127.0.0.1:${sidecarPort(AppId.recurrenceAgent)}/v1.0/invoke/tasks-api/method/internal/series/${set.body.task.seriesId}/occurrences`,
      {
        method: 'POST',
        body: { afterTaskId: task.id, occurrenceIndex: 2 ** 40, dueAt: '2027-01-02T09:00:00Z' },
      },
    );
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([expect.objectContaining({ field: 'occurrenceIndex' })]);
  });
});
