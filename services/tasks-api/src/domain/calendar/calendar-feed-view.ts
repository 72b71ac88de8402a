import type { CalendarFeed } from '@taskmesh/db';
import type { CalendarFeedView } from './calendar-feed-input';

/** Active feeds a user may have at once: each is polled by calendars, so they are not free. */
export const maxActiveFeeds = 20;

/** Where web serves a feed (web/app/routes/calendar.$file.tsx). */
export const feedPath = (token: string) => `/calendar/${token}.ics`;

export const toFeedView = (row: CalendarFeed): CalendarFeedView => ({
  id: row.id,
  name: row.name,
  projectId: row.projectId,
  createdAt: row.createdAt.toISOString(),
  lastReadAt: row.lastReadAt?.toISOString() ?? null,
});
