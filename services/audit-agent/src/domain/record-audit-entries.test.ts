import { randomUUID } from 'node:crypto';
import { TaskTopicEvent } from '@taskmesh/contracts';
import { entryColumns } from './record-audit-entries';

const now = '2026-12-03T08:00:00.000Z';
const owner = randomUUID();
const projectId = randomUUID();
const taskId = randomUUID();

const envelope = (type: string, data: Record<string, unknown>) =>
  TaskTopicEvent.parse({ specversion: '1.0', id: randomUUID(), type, source: 'tasks-api', data });

const task = (extra: Record<string, unknown> = {}) => ({
  id: taskId,
  ownerId: owner,
  title: 'T',
  description: null,
  status: 'todo',
  priority: 'medium',
  tags: [],
  dueAt: null,
  timeZone: null,
  completedAt: null,
  deletedAt: null,
  version: 1,
  createdAt: now,
  updatedAt: now,
  ...extra,
});

const project = {
  id: projectId,
  name: 'P',
  color: null,
  isInbox: false,
  ownerId: owner,
  archivedAt: null,
  deletedAt: null,
  version: 3,
  createdAt: now,
  updatedAt: now,
};

describe('entryColumns: what each task-events type puts in its audit entry (issue 19)', () => {
  it('keeps a task event from before projects with no project', () => {
    const event = envelope('task.created', {
      taskId,
      userId: owner,
      actorId: owner,
      version: 1,
      occurredAt: now,
      after: task(),
    });
    expect(entryColumns(event)).toMatchObject({ task_id: taskId, project_id: null, owner_id: owner, before: null });
  });

  it('takes the project of a task event from its data, or else from its snapshot', () => {
    const fromSnapshot = envelope('task.created', {
      taskId,
      userId: owner,
      actorId: owner,
      version: 1,
      occurredAt: now,
      after: task({ projectId }),
    });
    expect(entryColumns(fromSnapshot).project_id).toBe(projectId);
  });

  it('records a membership change as the member and their role before and after, with no task', () => {
    const member = randomUUID();
    const event = envelope('project.member-removed', {
      projectId,
      actorId: member,
      version: 3,
      occurredAt: now,
      project,
      memberId: member,
      roleBefore: 'viewer',
      roleAfter: null,
      reason: 'left',
    });
    expect(entryColumns(event)).toEqual({
      task_id: null,
      project_id: projectId,
      owner_id: owner,
      task_version: 3,
      before: { memberId: member, role: 'viewer' },
      after: { memberId: member, role: null, reason: 'left' },
    });
    const added = envelope('project.member-added', {
      ...event.data,
      roleBefore: null,
      roleAfter: 'editor',
      reason: 'invite-accepted',
    });
    expect(entryColumns(added).before).toBeNull();
  });
});
