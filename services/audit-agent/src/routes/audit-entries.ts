import type { PrismaClient } from '@taskmesh/db';
import { defineRoute, ProblemSchema, principalOf } from '@taskmesh/platform';
import { z } from 'zod';
import { AuditEntryView, ListAuditEntriesQuery, listAuditEntries } from '../domain/list-audit-entries';
import type { MembershipCheck } from '../domain/project-membership';

export const auditRouteSpecs = {
  list: {
    method: 'get',
    path: '/audit-entries',
    operationId: 'listAuditEntries',
    summary:
      'The audit log and project activity feeds: by project, task, actor, owner, event type and time range, with cursor pagination',
    description:
      'Reached through service invocation only. A user sees the entries of their own tasks and projects, and with ' +
      'projectId the activity feed of a project they are a member of (any role), membership changes included; ' +
      'with taskId the history of a task in a project they are a member of. An admin sees all.',
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
      404: { description: 'No such project, or the caller is not a member of it', schema: ProblemSchema },
      503: { description: 'Project membership could not be checked', schema: ProblemSchema },
    },
  },
} as const;

export function auditRoutes(prisma: PrismaClient, isMember: MembershipCheck) {
  return [
    defineRoute(auditRouteSpecs.list, async (req, res, { query }) => {
      res.json(await listAuditEntries(prisma, principalOf(req), query, isMember));
    }),
  ];
}
