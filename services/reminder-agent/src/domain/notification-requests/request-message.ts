import { createHash } from 'node:crypto';
import { escapeHtml, type ReminderMessage } from '../reminder-message';

/** What a due delivery knows about its notification request (reminder-agent's request row). */
export interface DueRequest {
  requestId: string;
  kind: 'assigned' | 'mentioned';
  taskId: string;
  userId: string;
  /** When it happened (the request's occurredAt). */
  fireAt: Date;
  actorName: string;
  taskTitle: string;
  /** For mentions: the comment's first characters. */
  excerpt: string | null;
  recipientEmail: string;
  recipientZone: string;
}

/** "Ana assigned you to 'Ship v2'", "Ana mentioned you on 'Ship v2'": the title of every channel. */
export function requestTitle(request: Pick<DueRequest, 'kind' | 'actorName' | 'taskTitle'>): string {
  return request.kind === 'assigned'
    ? `${request.actorName} assigned you to '${request.taskTitle}'`
    : `${request.actorName} mentioned you on '${request.taskTitle}'`;
}

/**
 * An assignment or mention as people receive it (issue 19), the same on
 * every channel and in the same shape as a reminder: the body is the
 * comment's excerpt for a mention. One identity per request, so a retried
 * email or push is recognised as the same message.
 */
export function requestMessage(request: DueRequest, webBaseUrl: string): ReminderMessage {
  const key = `request.${request.requestId}`;
  const url = `${webBaseUrl.replace(/\/$/, '')}/tasks/${request.taskId}`;
  const subject = requestTitle(request);
  const body =
    request.kind === 'mentioned' ? `“${request.excerpt ?? ''}”` : `You are now an assignee of '${request.taskTitle}'.`;
  return {
    key,
    subject,
    body,
    text: `${subject}\n${body}\n\nOpen the task: ${url}\n`,
    html: `<p><strong>${escapeHtml(subject)}</strong></p><p>${escapeHtml(body)}</p><p><a href="${escapeHtml(url)}">Open the task</a></p>`,
    url,
    messageId: `<${request.requestId}@notifications.taskmesh>`,
    pushTopic: createHash('sha256').update(key).digest('base64url').slice(0, 32),
    headers: { 'X-Taskmesh-Notification': request.kind, 'X-Taskmesh-Request': request.requestId },
  };
}
