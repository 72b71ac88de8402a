import { decide, type TaskState } from './task-rules';

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
  completedAt: null,
  deletedAt: null,
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
});
