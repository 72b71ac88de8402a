import {
  type CommentChangedData,
  NotificationCreated,
  type ProjectAccessChangedData,
  ProjectAccessChangedType,
  SessionEnded,
  Subscriptions,
  type TaskChangedData,
  TaskChangedType,
  type TaskUpdate,
  TaskUpdatesEvent,
} from '@taskmesh/contracts';
import { bulkEventHandler, type Logger, type Subscription } from '@taskmesh/platform';
import type { Express } from 'express';
import type { EndedSessions } from '../domain/ended-sessions';
import type { ReplayBuffer } from '../domain/replay-buffer';
import type { ProjectUpdate, SocketHub } from '../domain/socket-hub';

export const taskUpdatesSubscription: Subscription = Subscriptions.realtimeSync.taskUpdates;
export const notificationsSubscription: Subscription = Subscriptions.realtimeSync.notifications;
export const sessionsSubscription: Subscription = Subscriptions.realtimeSync.sessions;

export interface Replays {
  /** The owners' rings (task updates from before projects). */
  user: ReplayBuffer<TaskUpdate>;
  project: ReplayBuffer<ProjectUpdate>;
}

function toTaskUpdate(data: TaskChangedData): TaskUpdate {
  return {
    seq: data.seq ?? 0,
    ...(data.projectId ? { projectId: data.projectId } : {}),
    taskId: data.taskId,
    version: data.version,
    cause: data.cause,
    deleted: data.deleted,
    ...(data.movedOut ? { movedOut: true } : {}),
    task: data.task,
    occurredAt: data.occurredAt,
  };
}

function toProjectUpdate(data: TaskChangedData | CommentChangedData): ProjectUpdate {
  if ('comment' in data) {
    const { projectId, taskId, seq, cause, comment, occurredAt } = data;
    return { seq, event: 'comment', update: { seq, projectId, taskId, cause, comment, occurredAt } };
  }
  return { seq: data.seq ?? 0, event: 'task', update: toTaskUpdate(data) };
}

/**
 * Event ids this replica handled lately: a redelivered event is not pushed
 * twice (clients drop repeats by version and seq too; the replay writes are
 * idempotent). An id counts once its batch succeeded, so a retried batch is
 * handled again. Bounded: the oldest ids are forgotten first.
 */
function recentIds(max: number) {
  const seen = new Set<string>();
  return {
    has: (id: string) => seen.has(id),
    add(id: string): void {
      seen.add(id);
      if (seen.size > max) seen.delete(seen.values().next().value as string);
    },
  };
}

/**
 * task-updates (issue 19): a project's task and comment updates are stored in
 * the project's replay buffer, then pushed to its room on this replica;
 * project.access-changed joins or removes the member's sockets here. Updates
 * from before projects (no projectId) go to the owner's buffer and sockets,
 * as before; those from before update sequences (no seq) are pushed but
 * cannot be replayed. A batch is applied in order: access changes divide it,
 * and between them each project's updates go out in sequence order.
 */
export function handleTaskUpdates(app: Express, hub: SocketHub, replays: Replays, logger: Logger): void {
  const handled = recentIds(10_000);
  app.post(
    taskUpdatesSubscription.route,
    bulkEventHandler(TaskUpdatesEvent, logger, async (events) => {
      const inBatch = new Set<string>();
      const fresh = events.filter((event) => !handled.has(event.id) && !inBatch.has(event.id) && inBatch.add(event.id));
      const byUser = new Map<string, TaskUpdate[]>();
      const byProject = new Map<string, ProjectUpdate[]>();
      const steps: Array<
        | { access: ProjectAccessChangedData }
        | { projectId: string; update: ProjectUpdate }
        | { userId: string; update: TaskUpdate }
      > = [];
      for (const event of fresh) {
        if (event.type === ProjectAccessChangedType) steps.push({ access: event.data });
        else if (event.type === TaskChangedType && !event.data.projectId) {
          const update = toTaskUpdate(event.data);
          byUser.set(event.data.userId, [...(byUser.get(event.data.userId) ?? []), update]);
          steps.push({ userId: event.data.userId, update });
        } else {
          const projectId = event.data.projectId as string;
          const update = toProjectUpdate(event.data);
          byProject.set(projectId, [...(byProject.get(projectId) ?? []), update]);
          steps.push({ projectId, update });
        }
      }
      // Stored before it is pushed: a client that sees an update can always resume after it.
      await Promise.all([
        ...[...byUser].map(([userId, updates]) =>
          replays.user.save(
            userId,
            updates.filter((u) => u.seq > 0),
          ),
        ),
        ...[...byProject].map(([projectId, updates]) =>
          replays.project.save(
            projectId,
            updates.filter((u) => u.seq > 0),
          ),
        ),
      ]);
      let users = new Map<string, TaskUpdate[]>();
      let projects = new Map<string, ProjectUpdate[]>();
      const flush = () => {
        for (const [userId, updates] of users)
          hub.deliverTaskUpdates(
            userId,
            updates.sort((a, b) => a.seq - b.seq),
          );
        for (const [projectId, updates] of projects)
          hub.deliverProjectUpdates(
            projectId,
            updates.sort((a, b) => a.seq - b.seq),
          );
        users = new Map();
        projects = new Map();
      };
      for (const step of steps) {
        if ('access' in step) {
          flush();
          hub.changeAccess(step.access);
        } else if ('userId' in step) users.set(step.userId, [...(users.get(step.userId) ?? []), step.update]);
        else projects.set(step.projectId, [...(projects.get(step.projectId) ?? []), step.update]);
      }
      flush();
      for (const id of inBatch) handled.add(id);
    }),
  );
  app.post(
    notificationsSubscription.route,
    bulkEventHandler(NotificationCreated, logger, async (events) => {
      for (const { data } of events) hub.deliverNotification(data);
    }),
  );
}

/**
 * session.ended: remembered (so the session's still-valid tokens cannot open
 * new sockets), then the session's sockets on this replica are closed.
 */
export function handleSessionEvents(app: Express, hub: SocketHub, endedSessions: EndedSessions, logger: Logger): void {
  app.post(
    sessionsSubscription.route,
    bulkEventHandler(SessionEnded, logger, async (events) => {
      await Promise.all(events.map(({ data }) => endedSessions.record(data.sessionId, new Date(data.tokensExpireBy))));
      for (const { data } of events) hub.endSession(data.userId, data.sessionId);
    }),
  );
}
