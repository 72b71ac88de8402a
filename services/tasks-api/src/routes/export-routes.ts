import { defineRoute, principalOf } from '@taskmesh/platform';
import type { Response } from 'express';
import { exportUserData } from '../domain/export/export-user-data';
import { exportRouteSpecs } from './export-specs';
import type { RouteDeps } from './route-context';

/** Streams an export, waiting on the client when its buffer is full. */
async function stream(
  res: Response,
  type: string,
  file: string,
  run: (write: (chunk: string) => Promise<void>) => Promise<void>,
) {
  res
    .status(200)
    .type(type)
    .set('content-disposition', `attachment; filename="${file}"`)
    .set('cache-control', 'no-store');
  const write = (chunk: string) =>
    new Promise<void>((resolve) => {
      if (res.write(chunk)) resolve();
      else res.once('drain', () => resolve());
    });
  try {
    await run(write);
    res.end();
  } catch (error) {
    // Headers are gone: cut the response, so the client sees a broken download, never a short "complete" one.
    res.destroy(error as Error);
    throw error;
  }
}

export function exportRoutes(deps: RouteDeps) {
  const specs = exportRouteSpecs;
  return [
    defineRoute(specs.json, async (req, res) => {
      await stream(res, 'application/json', 'taskmesh-export.json', (write) =>
        exportUserData(deps.prisma, principalOf(req), 'json', write),
      );
    }),
    defineRoute(specs.csv, async (req, res) => {
      await stream(res, 'text/csv; charset=utf-8', 'taskmesh-tasks.csv', (write) =>
        exportUserData(deps.prisma, principalOf(req), 'csv', write),
      );
    }),
  ];
}
