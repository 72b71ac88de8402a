import { createTask, signUp, testDatabase, waitFor } from '@taskmesh/testing';

const db = testDatabase();
afterAll(() => db.$disconnect());

describe('checklists', () => {
  it('keeps items in order, ticks them under If-Match and names a bad item', async () => {
    const user = await signUp();
    const task = await createTask(user, { checklist: [{ text: 'Buy stamps' }, { text: 'Post the letter' }] });
    expect(task).toMatchObject({
      checklist: [
        { id: expect.any(String), text: 'Buy stamps', done: false },
        { id: expect.any(String), text: 'Post the letter', done: false },
      ],
    });
    const [stamps, post] = (task as unknown as { checklist: Array<{ id: string; text: string }> }).checklist;
    const ticked = await user.api.patch(
      `tasks/${task.id}`,
      { checklist: [{ ...stamps, done: true }, post, { text: 'Keep the receipt' }] },
      { 'if-match': `"${task.version}"` },
    );
    expect(ticked.status).toBe(200);
    expect(ticked.body.version).toBe(task.version + 1);
    expect(ticked.body.checklist.map((i: { text: string; done: boolean }) => [i.text, i.done])).toEqual([
      ['Buy stamps', true],
      ['Post the letter', false],
      ['Keep the receipt', false],
    ]);
    // A stale version is refused, and a bad item is named.
    const stale = await user.api.patch(`tasks/${task.id}`, { checklist: [] }, { 'if-match': `"${task.version}"` });
    expect(stale.status).toBe(412);
    const bad = await user.api.patch(`tasks/${task.id}`, { checklist: [{ text: '' }, { text: 'ok', done: 'yes' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['checklist.0.text', 'checklist.1.done']);
    expect((await user.api.get(`tasks/${task.id}`)).body.checklist).toHaveLength(3);
  });

  it('starts each occurrence of a recurring task with the checklist unticked', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'Weekly review', checklist: [{ text: 'Inbox zero', done: true }] });
    const start = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const set = await user.api.put(`tasks/${task.id}/recurrence`, {
      preset: { kind: 'weekly', days: ['FR'] },
      timeZone: 'Europe/Paris',
      anchor: `${start}T17:00`,
    });
    expect(set.status).toBe(200);
    await user.api.post(`tasks/${task.id}/complete`);
    const next = await waitFor(
      'the next occurrence',
      async () =>
        (await db.task.findFirst({ where: { seriesId: set.body.seriesId, occurrenceIndex: 1 } })) ?? undefined,
    );
    const fetched = await user.api.get(`tasks/${next.id}`);
    expect(fetched.body.checklist).toEqual([{ id: expect.any(String), text: 'Inbox zero', done: false }]);
    expect(fetched.body.checklist[0].id).not.toBe(
      (task as unknown as { checklist: Array<{ id: string }> }).checklist[0]?.id,
    );
  });
});
