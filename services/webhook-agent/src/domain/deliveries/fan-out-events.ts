import type { TaskTopicEvent } from '@taskmesh/contracts';
import type { PrismaClient, Webhook } from '@taskmesh/db';
import { Action, type MemberActions, mayTake, type ProjectMembers } from '../project-access';

/** Why webhook-agent paused a project webhook by itself. */
export const creatorLostAccess = 'Paused: its creator may no longer manage this project’s webhooks';

/** The body every receiver gets (Standard Webhooks' recommended shape, plus the event's id). */
export function deliveryBody(event: TaskTopicEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.data.occurredAt, eventId: event.id, data: event.data });
}

/** The project an event belongs to; none for account events (tokens) and events from before projects. */
export function projectOf(event: TaskTopicEvent): string | undefined {
  return 'projectId' in event.data ? event.data.projectId : undefined;
}

type Candidate = Pick<Webhook, 'id' | 'userId' | 'projectId' | 'eventTypes' | 'createdAt'>;

/**
 * Which webhooks receive an event: those subscribed to its type, and either
 * the project's own webhooks (while their creator may manage them) or the
 * personal webhooks of every member who may view the project; never an
 * event from before the webhook was made. Who may do what
 * is tasks-api's permission table, asked when the event arrives, so a member
 * removed from a project stops receiving its events at once.
 */
export function receiversOf(
  event: TaskTopicEvent,
  projectId: string,
  members: readonly MemberActions[],
  candidates: readonly Candidate[],
): { receivers: string[]; lostAccess: string[] } {
  const receivers: string[] = [];
  const lostAccess: string[] = [];
  const occurredAt = new Date(event.data.occurredAt);
  for (const webhook of candidates) {
    if (!webhook.eventTypes.includes(event.type)) continue;
    // A webhook hears what happens after it exists, however late the event is read (a backlog, a replay).
    if (occurredAt < webhook.createdAt) continue;
    if (webhook.projectId === projectId) {
      if (mayTake(members, webhook.userId, Action.manageWebhooks)) receivers.push(webhook.id);
      else lostAccess.push(webhook.id);
    } else if (webhook.projectId === null && mayTake(members, webhook.userId, Action.view)) {
      receivers.push(webhook.id);
    }
  }
  return { receivers, lostAccess };
}

/**
 * Turns a batch of task-events into deliveries, in one transaction. A
 * redelivered batch adds nothing: a delivery's key is (webhook, event), and
 * no webhook hears of an event from before it existed. Events of no project
 * (account events, events from before projects) have no audience. With no
 * enabled webhook for the batch's types (the usual case, and a backlog read
 * at first deployment, events older than every webhook) this is one
 * query and nothing is written.
 * Returns how many deliveries were queued.
 */
export async function fanOutEvents(
  prisma: PrismaClient,
  members: ProjectMembers,
  events: readonly TaskTopicEvent[],
): Promise<{ queued: number }> {
  const withProject = events.filter((e) => projectOf(e) !== undefined);
  if (withProject.length === 0) return { queued: 0 };
  // Only events from after the oldest webhook that could want them: a backlog
  // (a new deployment reading the topic from its start) costs one query a batch.
  const types = [...new Set(withProject.map((e) => e.type))];
  const oldest = await prisma.webhook.aggregate({
    where: { disabledAt: null, eventTypes: { hasSome: types } },
    _min: { createdAt: true },
  });
  const since = oldest._min.createdAt;
  if (!since) return { queued: 0 };
  const recent = withProject.filter((e) => new Date(e.data.occurredAt) >= since);
  if (recent.length === 0) return { queued: 0 };
  const projectIds = [...new Set(recent.flatMap((e) => projectOf(e) ?? []))];
  const membersOf = new Map<string, readonly MemberActions[]>();
  await Promise.all(projectIds.map(async (projectId) => membersOf.set(projectId, await members(projectId))));
  const memberIds = [...new Set([...membersOf.values()].flatMap((list) => list.map((m) => m.userId)))];
  const candidates = await prisma.webhook.findMany({
    where: {
      disabledAt: null,
      eventTypes: { hasSome: [...new Set(recent.map((e) => e.type))] },
      OR: [{ projectId: { in: projectIds } }, { projectId: null, userId: { in: memberIds } }],
    },
    select: { id: true, userId: true, projectId: true, eventTypes: true, createdAt: true },
  });

  const now = new Date();
  const deliveries: Array<{
    webhookId: string;
    eventId: string;
    eventType: string;
    body: string;
    nextAttemptAt: Date;
  }> = [];
  const lostAccess = new Set<string>();
  for (const event of recent) {
    const projectId = projectOf(event) as string;
    const found = receiversOf(event, projectId, membersOf.get(projectId) ?? [], candidates);
    for (const id of found.lostAccess) lostAccess.add(id);
    if (found.receivers.length === 0) continue;
    const body = deliveryBody(event);
    for (const webhookId of found.receivers)
      deliveries.push({ webhookId, eventId: event.id, eventType: event.type, body, nextAttemptAt: now });
  }
  if (deliveries.length === 0 && lostAccess.size === 0) return { queued: 0 };
  const [created] = await prisma.$transaction([
    prisma.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true }),
    prisma.webhook.updateMany({
      where: { id: { in: [...lostAccess] }, disabledAt: null },
      data: { disabledAt: now, disabledReason: creatorLostAccess },
    }),
  ]);
  return { queued: created.count };
}
