import { NotificationCreated, SessionEnded, Subscriptions, TaskChanged, type TaskUpdate } from '@taskmesh/contracts';
import { bulkEventHandler, type Logger, type Subscription } from '@taskmesh/platform';
import type { Express } from 'express';
import type { EndedSessions } from '../domain/ended-sessions';
import type { ReplayBuffer } from '../domain/replay-buffer';
import type { SocketHub } from '../domain/socket-hub';

export const taskUpdatesSubscription: Subscription = Subscriptions.realtimeSync.taskUpdates;
export const notificationsSubscription: Subscription = Subscriptions.realtimeSync.notifications;
export const sessionsSubscription: Subscription = Subscriptions.realtimeSync.sessions;

/**
 * Task updates: stored in the owner's replay buffer, then pushed to the
 * owner's sockets on this replica. Events from before update sequences
 * existed (no seq) are pushed but cannot be replayed.
 */
export function handleTaskUpdates(app: Express, hub: SocketHub, replay: ReplayBuffer, logger: Logger): void {
  app.post(
    taskUpdatesSubscription.route,
    bulkEventHandler(TaskChanged, logger, async (events) => {
      const byUser = new Map<string, TaskUpdate[]>();
      for (const { data } of events) {
        const update: TaskUpdate = {
          seq: data.seq ?? 0,
          taskId: data.taskId,
          version: data.version,
          cause: data.cause,
          deleted: data.deleted,
          task: data.task,
          occurredAt: data.occurredAt,
        };
        byUser.set(data.userId, [...(byUser.get(data.userId) ?? []), update]);
      }
      // Stored before it is pushed: a client that sees an update can always resume after it.
      await Promise.all(
        [...byUser].map(([userId, updates]) =>
          replay.save(
            userId,
            updates.filter((u) => u.seq > 0),
          ),
        ),
      );
      for (const [userId, updates] of byUser)
        hub.deliverTaskUpdates(
          userId,
          updates.sort((a, b) => a.seq - b.seq),
        );
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
