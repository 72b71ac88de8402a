import { defineRoute, principalOf } from '@taskmesh/platform';
import { createCalendarFeed } from '../domain/calendar/create-calendar-feed';
import { listCalendarFeeds } from '../domain/calendar/list-calendar-feeds';
import { readCalendarFeed } from '../domain/calendar/read-calendar-feed';
import { revokeCalendarFeed } from '../domain/calendar/revoke-calendar-feed';
import { calendarRouteSpecs } from './calendar-specs';
import { type RouteDeps, sendWrite } from './route-context';

export function calendarRoutes(deps: RouteDeps) {
  const specs = calendarRouteSpecs;
  return [
    defineRoute(specs.create, async (req, res, { body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => ({
        status: 201,
        body: await createCalendarFeed(tx, principal, body),
        headers: {},
      }));
    }),
    defineRoute(specs.list, async (req, res) => {
      res.json({ items: await listCalendarFeeds(deps.prisma, principalOf(req)) });
    }),
    defineRoute(specs.revoke, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        await revokeCalendarFeed(tx, principal, params.id);
        return { status: 204, body: null, headers: {} };
      });
    }),
    defineRoute(specs.read, async (_req, res, { params }) => {
      const text = await readCalendarFeed(deps.prisma, params.token);
      // Calendars poll: a private cache only (the URL is a secret), revalidated each time.
      res.status(200).type('text/calendar; charset=utf-8').set('cache-control', 'private, no-cache').send(text);
    }),
  ];
}
