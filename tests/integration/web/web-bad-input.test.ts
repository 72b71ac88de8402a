import { createTask, signUp, type TestUser, testDatabase } from '@taskmesh/testing';
import { postForm, webSessionCookie } from './web-pages';

const db = testDatabase();
afterAll(() => db.$disconnect());

/** The editor's save form for a task as the page renders it, with some fields overridden. */
const saveForm = (task: { title: string; version: number }, fields: Record<string, string>) => ({
  intent: 'save',
  version: String(task.version),
  original: JSON.stringify({
    title: task.title,
    description: null,
    priority: 'medium',
    status: 'todo',
    tags: [],
    dueAt: null,
    timeZone: null,
  }),
  title: task.title,
  priority: 'medium',
  status: 'todo',
  ...fields,
});

async function setUp(): Promise<{
  user: TestUser;
  cookie: string;
  task: { id: string; title: string; version: number };
}> {
  const user = await signUp();
  return { user, cookie: await webSessionCookie(user), task: await createTask(user, { title: 'keep me' }) };
}

describe('web answers a malformed form with 400 naming the field, never 500 (issue 15)', () => {
  it('refuses broken JSON in the editor’s hidden fields and leaves the task as it was', async () => {
    const { cookie, task } = await setUp();
    const cases: Array<[string, Record<string, string>, string]> = [
      ['original not JSON', saveForm(task, { original: '{"title":', title: 'changed' }), 'original'],
      ['original of another shape', saveForm(task, { original: '{}', title: 'changed' }), 'original'],
      ['original null', saveForm(task, { original: 'null', title: 'changed' }), 'original'],
      ['reapply patch not JSON', { intent: 'reapply', version: '1', patch: 'not json' }, 'patch'],
      ['reapply patch a list', { intent: 'reapply', version: '1', patch: '[1,2]' }, 'patch'],
    ];
    for (const [name, fields, field] of cases) {
      const response = await postForm(`/tasks/${task.id}`, fields, { cookie });
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect({ name, body: String(response.body) }).toEqual({ name, body: expect.stringContaining(`${field}: `) });
    }
    const stored = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored).toMatchObject({ title: 'keep me', version: 1 });
  });

  it('shows tasks-api’s field error for text it cannot store, and saves nothing', async () => {
    const { cookie, task } = await setUp();
    const response = await postForm(`/tasks/${task.id}`, saveForm(task, { title: 'a\u0000b' }), { cookie });
    expect(response.status).toBe(400);
    expect(String(response.body)).toContain('must not contain NUL characters');
    const stored = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored).toMatchObject({ title: 'keep me', version: 1 });
  });

  it('refuses a push subscription that is not JSON and registers none', async () => {
    const { user, cookie } = await setUp();
    const response = await postForm(
      '/settings',
      { intent: 'push-subscribe', subscription: '{"endpoint":' },
      { cookie },
    );
    expect(response.status).toBe(400);
    expect(String(response.body)).toContain('subscription: must be JSON');
    expect(await db.pushSubscription.count({ where: { userId: user.id } })).toBe(0);
  });

  it('refuses quick add’s undone offsets when they are not offsets in the line, and adds nothing (issue 20)', async () => {
    const { user, cookie } = await setUp();
    for (const literal of ['x', '1,,2', '-1', '99', '1.5', Array.from({ length: 101 }, () => '0').join(',')]) {
      const response = await postForm(
        '/tasks?index',
        { intent: 'quick-add', title: 'Call mom tomorrow', literal },
        { cookie },
      );
      expect({ literal, status: response.status }).toEqual({ literal, status: 400 });
      expect(String(response.body)).toContain('literal: ');
    }
    // A line too long for a title is the form's error, not a task.
    const long = await postForm(
      '/tasks?index',
      { intent: 'quick-add', title: `${'a'.repeat(501)} tomorrow` },
      { cookie },
    );
    expect(long.status).toBe(400);
    expect(await db.task.count({ where: { ownerId: user.id, title: { not: 'keep me' } } })).toBe(0);
    // The same line with a valid undo is added, the undone word kept in the title.
    const added = await postForm(
      '/tasks?index',
      { intent: 'quick-add', title: 'Call mom tomorrow', literal: '9' },
      { cookie },
    );
    expect(added.status).toBe(302);
    expect(await db.task.findFirst({ where: { ownerId: user.id, title: 'Call mom tomorrow' } })).toMatchObject({
      dueAt: null,
    });
  });
});
