import type { TaskTopicEvent } from '@taskmesh/contracts';
import type { MemberActions } from '../project-access';
import { receiversOf } from './fan-out-events';

const project = '11111111-1111-4111-8111-111111111111';
const other = '22222222-2222-4222-8222-222222222222';
const [owner, editor, outsider] = ['owner-id', 'editor-id', 'outsider-id'];
const members: MemberActions[] = [
  { userId: owner, role: 'owner', actions: ['view', 'edit', 'manageWebhooks'] },
  { userId: editor, role: 'editor', actions: ['view', 'edit'] },
];
const event = { id: 'e1', type: 'task.completed', data: { occurredAt: '2026-12-03T12:00:00.000Z' } } as TaskTopicEvent;
const hook = (
  id: string,
  userId: string,
  projectId: string | null,
  eventTypes = ['task.completed'],
  createdAt = new Date('2026-12-01T00:00:00.000Z'),
) => ({ id, userId, projectId, eventTypes, createdAt });

describe('receiversOf', () => {
  it('sends a project’s events to its own webhooks and to its members’ personal ones', () => {
    const found = receiversOf(event, project, members, [
      hook('project-hook', owner, project),
      hook('editor-personal', editor, null),
      hook('owner-personal', owner, null),
    ]);
    expect(found).toEqual({ receivers: ['project-hook', 'editor-personal', 'owner-personal'], lostAccess: [] });
  });

  it('never to a non-member’s personal webhook, nor to another project’s webhook', () => {
    const found = receiversOf(event, project, members, [hook('outsider', outsider, null), hook('other', owner, other)]);
    expect(found).toEqual({ receivers: [], lostAccess: [] });
  });

  it('skips webhooks that did not subscribe to the type', () => {
    const found = receiversOf(event, project, members, [hook('created-only', owner, null, ['task.created'])]);
    expect(found.receivers).toEqual([]);
  });

  it('never sends an event from before the webhook existed (a backlog read late)', () => {
    const later = new Date('2026-12-03T12:00:00.001Z');
    const found = receiversOf(event, project, members, [hook('new', owner, null, ['task.completed'], later)]);
    expect(found.receivers).toEqual([]);
  });

  it('pauses a project webhook whose creator may no longer manage the project’s webhooks', () => {
    const found = receiversOf(event, project, members, [
      hook('demoted', editor, project),
      hook('removed', outsider, project),
    ]);
    expect(found).toEqual({ receivers: [], lostAccess: ['demoted', 'removed'] });
  });
});
