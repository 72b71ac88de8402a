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
  allDay: false,
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

describe('all-day tasks (issue 20)', () => {
  const berlin = 'Europe/Berlin';
  const seriesId = '00000000-0000-4000-8000-0000000000a1';
  // 2026-12-10 00:00 in Berlin (CET, UTC+1).
  const dec10Berlin = new Date('2026-12-09T23:00:00Z');
  const allDay = (overrides: Partial<TaskState> = {}) =>
    task({ dueAt: dec10Berlin, timeZone: berlin, allDay: true, ...overrides });
  const field = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as { errors?: Array<{ field: string }> }).errors?.[0]?.field;
    }
    return undefined;
  };

  it('dueDate makes a task all-day at 00:00 of that day in its zone', () => {
    const timed = task({ dueAt: new Date('2026-12-01T14:00:00Z'), timeZone: berlin });
    const decision = decide(timed, { kind: 'update', patch: { dueDate: '2026-12-10' } }, now);
    expect(decision?.next).toMatchObject({ dueAt: dec10Berlin, timeZone: berlin, allDay: true });
    expect(decision?.changes).toEqual(['dueAt', 'allDay']);
  });

  it('takes the zone sent, else the task’s, else the editor’s, and refuses a day without any', () => {
    const sent = decide(task(), { kind: 'update', patch: { dueDate: '2026-12-10', timeZone: 'Asia/Tokyo' } }, now);
    expect(sent?.next).toMatchObject({ dueAt: new Date('2026-12-09T15:00:00Z'), timeZone: 'Asia/Tokyo' });
    const editors = decide(task(), { kind: 'update', patch: { dueDate: '2026-12-10' }, defaultTimeZone: berlin }, now);
    expect(editors?.next).toMatchObject({ dueAt: dec10Berlin, timeZone: berlin, allDay: true });
    expect(editors?.changes).toEqual(['dueAt', 'timeZone', 'allDay']);
    expect(field(() => decide(task(), { kind: 'update', patch: { dueDate: '2026-12-10' } }, now))).toBe('timeZone');
  });

  it('keeps whole days across DST: New York’s change days start at 00:00 local', () => {
    const ny = 'America/New_York';
    const day = (dueDate: string) =>
      decide(task({ timeZone: ny }), { kind: 'update', patch: { dueDate } }, now)?.next.dueAt?.toISOString();
    expect(day('2026-03-07')).toBe('2026-03-07T05:00:00.000Z'); // EST
    expect(day('2026-03-08')).toBe('2026-03-08T05:00:00.000Z'); // springs forward at 02:00, still EST at 00:00
    expect(day('2026-03-09')).toBe('2026-03-09T04:00:00.000Z'); // EDT
    expect(day('2026-11-01')).toBe('2026-11-01T04:00:00.000Z'); // falls back at 02:00, still EDT at 00:00
    expect(day('2026-11-02')).toBe('2026-11-02T05:00:00.000Z'); // EST
  });

  it('dueAt makes an all-day task timed; null for either clears the due date and allDay', () => {
    const timed = decide(allDay(), { kind: 'update', patch: { dueAt: '2026-12-10T09:00:00+01:00' } }, now);
    expect(timed?.next).toMatchObject({ dueAt: new Date('2026-12-10T08:00:00Z'), allDay: false, timeZone: berlin });
    for (const patch of [{ dueAt: null }, { dueDate: null }]) {
      const cleared = decide(allDay(), { kind: 'update', patch }, now);
      expect(cleared?.next).toMatchObject({ dueAt: null, allDay: false });
      expect(cleared?.changes).toEqual(['dueAt', 'allDay']);
    }
  });

  it('a timed task at 00:00 made all-day that day is still a change (allDay)', () => {
    const decision = decide(
      task({ dueAt: dec10Berlin, timeZone: berlin }),
      { kind: 'update', patch: { dueDate: '2026-12-10' } },
      now,
    );
    expect(decision?.changes).toEqual(['allDay']);
  });

  it('a new zone alone keeps an all-day task on its calendar day; a timed task keeps its instant', () => {
    const moved = decide(allDay(), { kind: 'update', patch: { timeZone: 'America/Los_Angeles' } }, now);
    expect(moved?.next).toMatchObject({ dueAt: new Date('2026-12-10T08:00:00Z'), allDay: true });
    expect(moved?.changes).toEqual(['dueAt', 'timeZone']);
    const timed = task({ dueAt: dec10Berlin, timeZone: berlin });
    expect(decide(timed, { kind: 'update', patch: { timeZone: 'America/Los_Angeles' } }, now)?.next.dueAt).toEqual(
      dec10Berlin,
    );
    expect(field(() => decide(allDay(), { kind: 'update', patch: { timeZone: null } }, now))).toBe('timeZone');
  });

  it('a recurrence step or a skip lands an all-day task on 00:00 of its day', () => {
    const nineOnDec12 = new Date('2026-12-12T08:00:00Z');
    const recur = decide(
      allDay(),
      { kind: 'recur', seriesId, occurrenceIndex: 0, firstDueAt: nineOnDec12, timeZone: berlin },
      now,
    );
    expect(recur?.next).toMatchObject({ dueAt: new Date('2026-12-11T23:00:00Z'), allDay: true });
    const skip = decide(allDay(), { kind: 'skip', dueAt: nineOnDec12 }, now);
    expect(skip?.next.dueAt).toEqual(new Date('2026-12-11T23:00:00Z'));
  });

  it('creates an occurrence of an all-day series on 00:00 of its day', () => {
    const draft = { ...allDay({ dueAt: new Date('2026-12-12T15:30:00Z') }), ownerId: seriesId };
    expect(decideCreation(draft, now).next).toMatchObject({ dueAt: new Date('2026-12-11T23:00:00Z'), allDay: true });
  });

  it('refuses a day that starts outside what a timestamp holds, naming dueDate', () => {
    // Tokyo's 0001-01-01 00:00 (local mean time, +09:18:59) is still year 0 in UTC.
    const patch = { dueDate: '0001-01-01', timeZone: 'Asia/Tokyo' };
    expect(field(() => decide(task(), { kind: 'update', patch }, now))).toBe('dueDate');
  });
});
