import { z } from 'zod';

/**
 * The largest file content one import takes, in characters. Every Dapr
 * sidecar refuses a body over 4 MiB (daprd's --max-body-size default, which
 * dapr.yaml, docker-compose and the chart keep), and tasks-api's parser takes
 * up to that on /imports (app.ts); JSON escaping (quotes, line breaks) makes
 * the body larger than the file, so the file gets 3 MB of it.
 */
export const maxImportCharacters = 3_000_000;

/** Body of POST /imports. */
export const StartImportInput = z
  .object({
    format: z.enum(['csv', 'ical']),
    /** The file's text: a Taskmesh or Todoist CSV export, or an iCalendar file. */
    content: z
      .string()
      .min(1, 'content is the file’s text, and must not be empty')
      .max(maxImportCharacters, `content must be at most ${maxImportCharacters} characters (a 3 MB file)`),
    /** Where the tasks go (a project you may edit tasks in); your Inbox when left out. */
    projectId: z.string().uuid('projectId must be a project id (UUID)').optional(),
  })
  .strict();
export type StartImportInput = z.infer<typeof StartImportInput>;

export const ImportIdParams = z.object({ id: z.string().uuid('id must be an import id (UUID)') }).strict();

/** Rows of the report per answer. */
export const reportPageSize = 1000;

export const ImportQuery = z
  .object({
    /** Only rows that were created, or skipped. */
    status: z.enum(['created', 'skipped']).optional(),
    /** The report from this row number on (the previous answer's nextRow). */
    fromRow: z.coerce.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();
export type ImportQuery = z.infer<typeof ImportQuery>;

/** One row's outcome. */
export const ImportRowReport = z.object({
  row: z.number().int(),
  status: z.enum(['created', 'skipped']),
  reason: z.string().optional(),
  taskId: z.string().optional(),
});

export const ImportSummary = z.object({
  id: z.string(),
  format: z.enum(['csv', 'ical']),
  /** The kind of file found. */
  source: z.enum(['taskmesh-csv', 'todoist-csv', 'icalendar']),
  projectId: z.string().nullable(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  skipped: z.number().int(),
  /** Why the import stopped (status failed). */
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const ImportView = ImportSummary.extend({
  /** The rows done so far (created or skipped), in file order, a page at a time. */
  rows: z.array(ImportRowReport),
  /** More rows: ask again with fromRow set to this. */
  nextRow: z.number().int().optional(),
});
export type ImportView = z.infer<typeof ImportView>;
