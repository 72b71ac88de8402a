import { z } from 'zod';
import {
  CalendarFeedIdParams,
  CalendarFeedTokenParams,
  CalendarFeedView,
  CreateCalendarFeedInput,
  CreatedCalendarFeed,
} from '../domain/calendar/calendar-feed-input';
import { commonProblems, idempotencyHeader, idempotencyProblems, problem } from './problems';

export const calendarRouteSpecs = {
  create: {
    method: 'post',
    path: '/calendar-feeds',
    operationId: 'createCalendarFeed',
    summary: 'A new iCalendar feed of your dated tasks (or one project’s) at a secret URL, shown once',
    tag: 'calendar',
    security: 'bearer',
    body: CreateCalendarFeedInput,
    headers: idempotencyHeader,
    responses: {
      201: { description: 'The feed, with its token and path (not shown again)', schema: CreatedCalendarFeed },
      404: problem('No such project, or not one you are a member of'),
      409: problem('Too many active feeds: revoke one first'),
      ...commonProblems,
      ...idempotencyProblems,
    },
  },
  list: {
    method: 'get',
    path: '/calendar-feeds',
    operationId: 'listCalendarFeeds',
    summary: 'Your active calendar feeds (their tokens are not kept)',
    tag: 'calendar',
    security: 'bearer',
    responses: {
      200: { description: 'Feeds', schema: z.object({ items: z.array(CalendarFeedView) }) },
      ...commonProblems,
    },
  },
  revoke: {
    method: 'delete',
    path: '/calendar-feeds/:id',
    operationId: 'revokeCalendarFeed',
    summary: 'Revoke a feed: its URL answers 404 from now on',
    tag: 'calendar',
    security: 'bearer',
    params: CalendarFeedIdParams,
    responses: { 204: { description: 'Revoked' }, 404: problem('No such feed of yours'), ...commonProblems },
  },
  read: {
    method: 'get',
    path: '/calendars/:token',
    operationId: 'readCalendarFeed',
    summary: 'A feed as RFC 5545 iCalendar (VTODO, RRULE, VTIMEZONE, VALARM); the token is the credential',
    description:
      'What calendar apps subscribe to, through web (`/calendar/<token>.ics`). An unknown or revoked token is 404.',
    tag: 'calendar',
    security: 'none',
    params: CalendarFeedTokenParams,
    responses: {
      200: { description: 'The calendar', schema: z.string(), contentType: 'text/calendar' },
      404: problem('No such feed, or revoked'),
      ...commonProblems,
    },
  },
} as const;
