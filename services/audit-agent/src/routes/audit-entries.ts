import type { PrismaClient } from '@taskmesh/db';
import { AppError } from '@taskmesh/platform';
import { Router } from 'express';
import { ListAuditEntriesQuery, listAuditEntries } from '../domain/list-audit-entries';

/** Reached through service invocation only (/v1.0/invoke/audit-agent/method/audit-entries). */
export function auditEntriesRouter(prisma: PrismaClient): Router {
  const router = Router();
  router.get('/audit-entries', async (req, res) => {
    const query = ListAuditEntriesQuery.safeParse(req.query);
    if (!query.success) throw AppError.fromZod(query.error, 'query');
    res.json({ items: await listAuditEntries(prisma, query.data) });
  });
  return router;
}
