import { z } from 'zod';
import { commonProblems } from './problems';

/** The JSON export's top level (each task carries its recurrence, your reminders and your comments). */
const ExportDocument = z
  .object({
    format: z.literal('taskmesh-export'),
    version: z.literal(1),
    exportedAt: z.string(),
    user: z.object({}).passthrough(),
    projects: z.array(z.object({}).passthrough()),
    tasks: z.array(z.object({}).passthrough()),
  })
  .passthrough();

export const exportRouteSpecs = {
  json: {
    method: 'get',
    path: '/me/export.json',
    operationId: 'exportJson',
    summary: 'Everything you own as one JSON document: settings, your projects and sections, your tasks',
    tag: 'export',
    security: 'bearer',
    responses: { 200: { description: 'The export (streamed)', schema: ExportDocument }, ...commonProblems },
  },
  csv: {
    method: 'get',
    path: '/me/export.csv',
    operationId: 'exportCsv',
    summary: 'Your tasks as CSV (RFC 4180), one row per task',
    tag: 'export',
    security: 'bearer',
    responses: {
      200: { description: 'The export (streamed)', schema: z.string(), contentType: 'text/csv' },
      ...commonProblems,
    },
  },
} as const;
