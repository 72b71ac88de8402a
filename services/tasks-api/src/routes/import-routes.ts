import { defineRoute, principalOf } from '@taskmesh/platform';
import type { ImportRunner } from '../domain/imports/import-runner';
import { importView, listImports } from '../domain/imports/import-view';
import { startImport } from '../domain/imports/start-import';
import { importRouteSpecs } from './import-specs';
import type { RouteDeps } from './route-context';

export function importRoutes(deps: RouteDeps & { imports: ImportRunner }) {
  const specs = importRouteSpecs;
  return [
    defineRoute(specs.start, async (req, res, { body }) => {
      const job = await startImport(deps.prisma, principalOf(req), body);
      deps.imports.runSoon();
      res.status(202).json(job);
    }),
    defineRoute(specs.list, async (req, res) => {
      res.json({ items: await listImports(deps.prisma, principalOf(req)) });
    }),
    defineRoute(specs.get, async (req, res, { params, query }) => {
      res.json(await importView(deps.prisma, principalOf(req), params.id, query));
    }),
  ];
}
