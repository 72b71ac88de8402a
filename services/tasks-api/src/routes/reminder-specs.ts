import { z } from 'zod';
import { ReminderInput, ReminderParams, ReminderPatch, SnoozeInput } from '../domain/reminders/reminder-input';
import { ReminderView } from '../domain/reminders/reminder-view';
import { TaskIdParams } from '../domain/tasks/task-input';
import { commonProblems, idempotencyHeader, idempotencyProblems, problem } from './problems';

const notFound = problem('No such task or reminder of yours');

export const reminderRouteSpecs = {
  list: {
    method: 'get',
    path: '/tasks/:id/reminders',
    operationId: 'listReminders',
    summary: "A task's reminders in the order they fire, with what was delivered on each channel",
    tag: 'reminders',
    security: 'bearer',
    params: TaskIdParams,
    responses: {
      200: { description: 'Reminders', schema: z.object({ items: z.array(ReminderView) }) },
      ...commonProblems,
      404: notFound,
    },
  },
  add: {
    method: 'post',
    path: '/tasks/:id/reminders',
    operationId: 'addReminder',
    summary: 'Add a reminder: at an instant, or a duration before or after the due date',
    description:
      'Exactly one of `at` (ISO 8601 instant), `beforeDue` or `afterDue` (ISO 8601 duration, counted in the task zone: P1D is the same wall-clock time a calendar day away, even across DST; PT24H is exactly 24 hours; on an all-day task they count from your allDayReminderTime on its day). Channels default to the user’s defaultReminderChannels. Moving the due date moves relative reminders; completing or deleting the task cancels pending ones; reopening reschedules them. A relative reminder whose time is more than a minute in the past is kept but inactive.',
    tag: 'reminders',
    security: 'bearer',
    params: TaskIdParams,
    body: ReminderInput,
    headers: idempotencyHeader,
    responses: {
      201: { description: 'Added', schema: ReminderView },
      ...commonProblems,
      404: notFound,
      ...idempotencyProblems,
    },
  },
  change: {
    method: 'patch',
    path: '/tasks/:id/reminders/:reminderId',
    operationId: 'changeReminder',
    summary: "Change a reminder's time or channels",
    tag: 'reminders',
    security: 'bearer',
    params: ReminderParams,
    body: ReminderPatch,
    responses: { 200: { description: 'Changed', schema: ReminderView }, ...commonProblems, 404: notFound },
  },
  remove: {
    method: 'delete',
    path: '/tasks/:id/reminders/:reminderId',
    operationId: 'removeReminder',
    summary: 'Remove a reminder (what has not been sent is cancelled)',
    tag: 'reminders',
    security: 'bearer',
    params: ReminderParams,
    responses: { 204: { description: 'Removed' }, ...commonProblems, 404: notFound },
  },
  snooze: {
    method: 'post',
    path: '/tasks/:id/reminders/:reminderId/snooze',
    operationId: 'snoozeReminder',
    summary: 'Snooze a reminder that has gone out: it fires again after the duration',
    tag: 'reminders',
    security: 'bearer',
    params: ReminderParams,
    body: SnoozeInput,
    headers: idempotencyHeader,
    responses: {
      200: { description: 'Snoozed', schema: ReminderView },
      ...commonProblems,
      404: notFound,
      409: problem('The reminder has not gone out yet, or the task is done'),
      ...idempotencyProblems,
    },
  },
} as const;
