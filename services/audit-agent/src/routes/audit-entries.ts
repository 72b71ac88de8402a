import type { PrismaClient } from '@taskmesh/db';
import { defineRoute, ProblemSchema, principalOf } from '@taskmesh/platform';
import { z } from 'zod';
import { AuditEntryView, ListAuditEntriesQuery, listAuditEntries } from '../domain/list-audit-entries';

export const auditRouteSpecs = {
  list: {
    method: 'get',
    path: '/audit-entries',
    operationId: 'listAuditEntries',
    summary: 'The audit log: by task, actor, owner, event type and time range, with cursor pagination',
    description:
      'Reached through service invocation only. A user sees the entries of their own tasks; an admin sees all.',
    tag: 'audit',
    security: 'bearer',
    query: ListAuditEntriesQuery,
    responses: {
      200: {
        description: 'One page',
        schema: z.object({ items: z.array(AuditEntryView), nextCursor: z.string().nullable() }),
      },
      400: { description: 'Invalid filter', schema: ProblemSchema },
      401: { description: 'No valid access token', schema: ProblemSchema },
    },
  },
} as const;

export function auditRoutes(prisma: PrismaClient) {
  return [
    defineRoute(auditRouteSpecs.list, async (req, res, { query }) => {
      res.json(await listAuditEntries(prisma, principalOf(req), query));
    }),
  ];
}
