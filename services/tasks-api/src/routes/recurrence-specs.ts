import { TaskSnapshot } from '@taskmesh/contracts';
import { recurrenceLimits as bounds, STEP_BUDGET } from '@taskmesh/recurrence';
import { z } from 'zod';
import {
  CreateOccurrenceInput,
  PreviewInput,
  SeriesIdParams,
  SetRecurrenceInput,
} from '../domain/recurrence/recurrence-input';
import { TaskIdParams } from '../domain/tasks/task-input';
import { commonProblems, idempotencyHeader, idempotencyProblems, ifMatchHeader, problem } from './problems';

const limits = `Limits (so that no request can stall the service): the anchor and UNTIL from ${bounds.earliestYear} to ${bounds.yearsAhead} years ahead; COUNT up to ${bounds.maxCount}; INTERVAL up to ${bounds.maxInterval}; up to ${bounds.maxListValues} values per BY part; FREQ DAILY to YEARLY. A rule that needs more than ${STEP_BUDGET} steps (days, weeks or months examined, or occurrences) in one request, because it matches rarely or never, is a 400 naming rrule; a coarser FREQ usually fixes it.`;
const PreviewView = z.object({ rrule: z.string(), description: z.string(), occurrences: z.array(z.string()) });
const notFound = problem('No such task of yours');
const conflict = problem('The task does not recur, or the series has ended');

export const recurrenceRouteSpecs = {
  set: {
    method: 'put',
    path: '/tasks/:id/recurrence',
    operationId: 'setRecurrence',
    summary: 'Make a task recur, or change its rule',
    description:
      'An RFC 5545 RRULE (or a preset) anchored at a local date-time in an IANA zone. Month-end policy: a single BYMONTHDAY of 29, 30 or 31 falls on the last day of shorter months (Jan 31, Feb 28/29, Mar 31, ...); yearly from Feb 29 falls on Feb 28 in common years; list several days (BYMONTHDAY=15,30) for RFC 5545 behaviour, which skips missing days. fixed: the next occurrence follows the rule from the scheduled one; afterCompletion: the interval counts from the completion. Completing an overdue occurrence schedules one next occurrence in the future, never catch-ups. An all-day task (allDay) is anchored at 00:00 of its day (or of the anchor’s date; its time is ignored), and every occurrence stays all-day. ' +
      limits,
    tag: 'recurrence',
    security: 'bearer',
    params: TaskIdParams,
    body: SetRecurrenceInput,
    headers: ifMatchHeader,
    responses: {
      200: {
        description: 'The task and its series',
        schema: z.object({ task: TaskSnapshot, seriesId: z.string().uuid(), preview: PreviewView }),
      },
      ...commonProblems,
      404: notFound,
      412: problem('If-Match is stale'),
    },
  },
  get: {
    method: 'get',
    path: '/tasks/:id/recurrence',
    operationId: 'getRecurrence',
    summary: 'How a task recurs: the rule, in words, and the next five dates',
    tag: 'recurrence',
    security: 'bearer',
    params: TaskIdParams,
    responses: {
      200: {
        description: 'The series',
        schema: z.object({
          seriesId: z.string().uuid(),
          rrule: z.string(),
          timeZone: z.string(),
          anchor: z.string(),
          mode: z.enum(['fixed', 'afterCompletion']),
          endedAt: z.string().nullable(),
          description: z.string(),
          occurrences: z.array(z.string()),
        }),
      },
      ...commonProblems,
      404: problem('No such task of yours, or it does not recur'),
    },
  },
  end: {
    method: 'delete',
    path: '/tasks/:id/recurrence',
    operationId: 'endSeries',
    summary: 'End the series: no further occurrence is created',
    tag: 'recurrence',
    security: 'bearer',
    params: TaskIdParams,
    responses: { 204: { description: 'Ended' }, ...commonProblems, 404: notFound, 409: conflict },
  },
  skip: {
    method: 'post',
    path: '/tasks/:id/recurrence/skip',
    operationId: 'skipNextOccurrence',
    summary: 'Skip the upcoming occurrence: the open task moves to the one after',
    tag: 'recurrence',
    security: 'bearer',
    params: TaskIdParams,
    headers: idempotencyHeader,
    responses: {
      200: { description: 'The moved task', schema: TaskSnapshot },
      ...commonProblems,
      404: notFound,
      409: conflict,
      ...idempotencyProblems,
    },
  },
  preview: {
    method: 'post',
    path: '/recurrence/preview',
    operationId: 'previewRecurrence',
    summary: 'The next N occurrences of a rule and its description, without saving',
    description: limits,
    tag: 'recurrence',
    security: 'bearer',
    body: PreviewInput,
    responses: { 200: { description: 'Preview', schema: PreviewView }, ...commonProblems },
  },
  getSeries: {
    method: 'get',
    path: '/internal/series/:id',
    operationId: 'getSeries',
    summary: 'A series definition (recurrence-agent only)',
    tag: 'internal',
    security: 'none',
    params: SeriesIdParams,
    responses: {
      200: {
        description: 'The series',
        schema: z.object({
          id: z.string(),
          ownerId: z.string(),
          rrule: z.string(),
          timeZone: z.string(),
          anchor: z.string(),
          mode: z.enum(['fixed', 'afterCompletion']),
          endedAt: z.string().nullable(),
        }),
      },
      403: problem('Not recurrence-agent'),
      404: problem('No such series'),
    },
  },
  createOccurrence: {
    method: 'post',
    path: '/internal/series/:id/occurrences',
    operationId: 'createNextOccurrence',
    summary: 'Create the next occurrence of a series (recurrence-agent only; one per index)',
    tag: 'internal',
    security: 'none',
    params: SeriesIdParams,
    body: CreateOccurrenceInput,
    headers: idempotencyHeader,
    responses: {
      201: { description: 'Created', schema: TaskSnapshot },
      200: { description: 'Already existed', schema: TaskSnapshot },
      400: commonProblems[400],
      403: problem('Not recurrence-agent'),
      404: problem('No such series'),
      409: conflict,
      ...idempotencyProblems,
    },
  },
  missingNext: {
    method: 'get',
    path: '/internal/series-missing-next',
    operationId: 'listSeriesMissingNext',
    summary: 'Series whose latest occurrence is done and has no successor (recurrence-agent only)',
    tag: 'internal',
    security: 'none',
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
    responses: {
      200: {
        description: 'Work for the repair sweep',
        schema: z.object({
          items: z.array(
            z.object({
              seriesId: z.string(),
              taskId: z.string(),
              occurrenceIndex: z.number().int(),
              dueAt: z.string().nullable(),
              completedAt: z.string().nullable(),
            }),
          ),
        }),
      },
      403: problem('Not recurrence-agent'),
    },
  },
} as const;
