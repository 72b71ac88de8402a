import { AppId } from '@taskmesh/contracts';
import { defineRoute, principalOf, requireCallerApp } from '@taskmesh/platform';
import { createNextOccurrence } from '../domain/recurrence/create-next-occurrence';
import { endSeries } from '../domain/recurrence/end-series';
import { getRecurrence } from '../domain/recurrence/get-recurrence';
import { previewRecurrence } from '../domain/recurrence/preview-recurrence';
import { getSeries, listSeriesMissingNext } from '../domain/recurrence/series-for-agent';
import { setRecurrence } from '../domain/recurrence/set-recurrence';
import { skipNextOccurrence } from '../domain/recurrence/skip-next-occurrence';
import { recurrenceRouteSpecs } from './recurrence-specs';
import { etagOf, type RouteDeps, sendWrite } from './route-context';

const agents = [AppId.recurrenceAgent] as const;

export function recurrenceRoutes(deps: RouteDeps) {
  const specs = recurrenceRouteSpecs;
  return [
    defineRoute(specs.set, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const { task, seriesId, anchor, timeZone } = await setRecurrence(
          tx,
          principal,
          params.id,
          body,
          req.header('if-match'),
        );
        const preview = previewRecurrence({ ...body, timeZone, anchor, count: 5 });
        return { status: 200, body: { task, seriesId, preview }, headers: { etag: etagOf(task.version) } };
      });
    }),
    defineRoute(specs.get, async (req, res, { params }) => {
      res.json(await getRecurrence(deps.prisma, principalOf(req), params.id));
    }),
    defineRoute(specs.end, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        await endSeries(tx, principal, params.id);
        return { status: 204, body: null, headers: {} };
      });
    }),
    defineRoute(specs.skip, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const task = await skipNextOccurrence(tx, principal, params.id);
        return { status: 200, body: task, headers: { etag: etagOf(task.version) } };
      });
    }),
    defineRoute(specs.preview, async (req, res, { body }) => {
      principalOf(req);
      res.json(previewRecurrence(body));
    }),
    defineRoute(specs.getSeries, async (req, res, { params }) => {
      requireCallerApp(req, agents);
      res.json(await getSeries(deps.prisma, params.id));
    }),
    defineRoute(specs.createOccurrence, async (req, res, { params, body }) => {
      const caller = requireCallerApp(req, agents);
      await sendWrite(deps, req, res, `app:${caller}`, async (tx) => {
        const { task, created } = await createNextOccurrence(tx, params.id, body, caller);
        return { status: created ? 201 : 200, body: task, headers: { etag: etagOf(task.version) } };
      });
    }),
    defineRoute(specs.missingNext, async (req, res, { query }) => {
      requireCallerApp(req, agents);
      res.json({ items: await listSeriesMissingNext(deps.prisma, query.limit) });
    }),
  ];
}
