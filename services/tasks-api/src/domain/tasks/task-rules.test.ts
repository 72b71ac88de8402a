import { decide, decideCreation, type TaskState } from './task-rules';

const now = new Date('2026-11-27T10:00:00Z');
const task = (overrides: Partial<TaskState> = {}): TaskState => ({
  title: 'Write report',
  description: null,
  status: 'todo',
  priority: 'medium',
  tags: ['work'],
  checklist: [],
  dueAt: null,
  timeZone: null,
  projectId: '00000000-0000-4000-8000-000000000001',
  sectionId: null,
  assigneeIds: [],
  completedAt: null,
  deletedAt: null,
  seriesId: null,
  occurrenceIndex: null,
  version: 3,
  ...overrides,
});

describe('decide', () => {
  it('completes an open task: status done, completedAt now, next version, task.completed', () => {
    const decision = decide(task(), { kind: 'complete' }, now);
    expect(decision?.next).toMatchObject({ status: 'done', completedAt: now, version: 4 });
    expect(decision?.eventType).toBe('task.completed');
    expect(decision?.changes).toEqual(['status', 'completedAt']);
  });

  it('refuses to complete a done task and to reopen an open one', () => {
    expect(() => decide(task({ status: 'done', completedAt: now }), { kind: 'complete' }, now)).toThrow('already done');
    expect(() => decide(task(), { kind: 'reopen' }, now)).toThrow('Only a done task');
  });

  it('reopens a done task back to todo and clears completedAt', () => {
    const decision = decide(task({ status: 'done', completedAt: now }), { kind: 'reopen' }, now);
    expect(decision?.next).toMatchObject({ status: 'todo', completedAt: null, version: 4 });
    expect(decision?.eventType).toBe('task.reopened');
  });

  it('treats a deleted task as gone for every command but restore', () => {
    for (const kind of ['complete', 'reopen', 'delete'] as const) {
      expect(() => decide(task({ deletedAt: now }), { kind }, now)).toThrow('Task not found');
    }
    expect(() => decide(task({ deletedAt: now }), { kind: 'update', patch: { title: 'Edited' } }, now)).toThrow(
      'Task not found',
    );
    expect(() => decide(task({ deletedAt: now }), { kind: 'tag', add: ['x'], remove: [] }, now)).toThrow(
      'Task not found',
    );
  });

  it('restores a deleted task with task.restored: deletedAt cleared, next version, the rest as it was', () => {
    const deletedAt = new Date('2026-11-27T09:00:00Z');
    const decision = decide(task({ status: 'done', completedAt: deletedAt, deletedAt }), { kind: 'restore' }, now);
    expect(decision?.eventType).toBe('task.restored');
    expect(decision?.changes).toEqual(['deletedAt']);
    expect(decision?.next).toEqual(task({ status: 'done', completedAt: deletedAt, deletedAt: null, version: 4 }));
  });

  it('refuses to restore a task that is not deleted, with a conflict', () => {
    expect(() => decide(task(), { kind: 'restore' }, now)).toThrow(
      expect.objectContaining({ code: 'conflict', message: 'Only a deleted task can be restored' }),
    );
  });

  it('soft-deletes with task.deleted', () => {
    const decision = decide(task(), { kind: 'delete' }, now);
    expect(decision?.next.deletedAt).toEqual(now);
    expect(decision?.eventType).toBe('task.deleted');
  });

  it('updates only the fields sent, and a no-op patch makes no new version', () => {
    const decision = decide(task(), { kind: 'update', patch: { title: 'Write the report', dueAt: null } }, now);
    expect(decision?.changes).toEqual(['title']);
    expect(decision?.eventType).toBe('task.updated');
    expect(
      decide(task(), { kind: 'update', patch: { title: 'Write report', tags: ['work', 'work'] } }, now),
    ).toBeUndefined();
  });

  it('maps a PATCH of status into done onto a completion and out of done onto a reopening', () => {
    expect(decide(task(), { kind: 'update', patch: { status: 'done' } }, now)?.eventType).toBe('task.completed');
    const reopened = decide(
      task({ status: 'done', completedAt: now }),
      { kind: 'update', patch: { status: 'in_progress' } },
      now,
    );
    expect(reopened?.eventType).toBe('task.reopened');
    expect(reopened?.next.completedAt).toBeNull();
  });

  it('adds and removes tags without duplicates and refuses more than 20', () => {
    const decision = decide(task({ tags: ['a', 'b'] }), { kind: 'tag', add: ['b', 'c'], remove: ['a'] }, now);
    expect(decision?.next.tags).toEqual(['b', 'c']);
    const many = Array.from({ length: 20 }, (_, i) => `t${i}`);
    expect(() => decide(task({ tags: many }), { kind: 'tag', add: ['one-more'], remove: [] }, now)).toThrow(
      'at most 20 tags',
    );
  });

  it('replaces the checklist: new items get ids, ticking one is a change', () => {
    const item = { id: '6f1c1c3e-2a44-4c55-9d66-7e8f9a0b1c2d', text: 'Buy stamps', done: false };
    const added = decide(
      task({ checklist: [item] }),
      { kind: 'update', patch: { checklist: [item, { text: 'Post it', done: false }] } },
      now,
    );
    expect(added?.changes).toEqual(['checklist']);
    expect(added?.next.checklist).toEqual([item, { id: expect.any(String), text: 'Post it', done: false }]);
    const ticked = decide(
      task({ checklist: [item] }),
      { kind: 'update', patch: { checklist: [{ ...item, done: true }] } },
      now,
    );
    expect(ticked?.next.checklist).toEqual([{ ...item, done: true }]);
    expect(decide(task({ checklist: [item] }), { kind: 'update', patch: { checklist: [item] } }, now)).toBeUndefined();
  });

  // Issue 16: recurrence changes go through the same rules as every other change.
  const seriesId = '0b7e8c1a-3d4f-4a5b-8c6d-7e8f9a0b1c2d';
  const firstDueAt = new Date('2026-11-28T08:00:00Z');

  it('sets a rule: the task joins the series, due at its first occurrence, task.updated naming the series first', () => {
    const decision = decide(
      task(),
      { kind: 'recur', seriesId, occurrenceIndex: 0, firstDueAt, timeZone: 'Europe/Berlin' },
      now,
    );
    expect(decision?.next).toMatchObject({ seriesId, occurrenceIndex: 0, dueAt: firstDueAt, version: 4 });
    expect(decision?.eventType).toBe('task.updated');
    expect(decision?.changes).toEqual(['seriesId', 'dueAt', 'timeZone']);
  });

  it('changing the rule of a series is a change even when the task keeps its series and date', () => {
    const recurring = task({ seriesId, occurrenceIndex: 2, dueAt: firstDueAt, timeZone: 'Europe/Berlin' });
    const decision = decide(
      recurring,
      { kind: 'recur', seriesId, occurrenceIndex: 2, firstDueAt, timeZone: 'Europe/Berlin' },
      now,
    );
    expect(decision?.changes).toEqual(['seriesId']);
    expect(decision?.next.version).toBe(4);
  });

  it('keeps a done occurrence due when it was when a rule is set on it', () => {
    const dueAt = new Date('2026-11-20T08:00:00Z');
    const decision = decide(
      task({ status: 'done', completedAt: now, dueAt }),
      { kind: 'recur', seriesId, occurrenceIndex: 0, firstDueAt, timeZone: 'UTC' },
      now,
    );
    expect(decision?.next.dueAt).toEqual(dueAt);
  });

  it('skips to the next occurrence of an open task and refuses a done one', () => {
    const decision = decide(
      task({ seriesId, occurrenceIndex: 0, dueAt: now }),
      { kind: 'skip', dueAt: firstDueAt },
      now,
    );
    expect(decision?.next).toMatchObject({ dueAt: firstDueAt, version: 4 });
    expect(decision?.changes).toEqual(['dueAt']);
    expect(() => decide(task({ status: 'done', completedAt: now }), { kind: 'skip', dueAt: firstDueAt }, now)).toThrow(
      expect.objectContaining({ code: 'conflict', message: 'Only the open occurrence can be skipped' }),
    );
  });

  it('creates at version 1 with task.created, tags once each, completed now only when created done', () => {
    const draft = { ...task(), ownerId: seriesId, tags: ['a', 'a', 'b'] };
    const open = decideCreation(draft, now);
    expect(open.eventType).toBe('task.created');
    expect(open.next).toMatchObject({ version: 1, tags: ['a', 'b'], completedAt: null, deletedAt: null });
    expect(decideCreation({ ...draft, status: 'done' }, now).next.completedAt).toEqual(now);
  });
});
