import { z } from 'zod';
import {
  ImportIdParams,
  ImportQuery,
  ImportSummary,
  ImportView,
  StartImportInput,
} from '../domain/imports/import-input';
import { commonProblems, problem } from './problems';

export const importRouteSpecs = {
  start: {
    method: 'post',
    path: '/imports',
    operationId: 'startImport',
    summary: 'Import tasks from a CSV (a Taskmesh or Todoist export) or an iCalendar file; runs in the background',
    description:
      'The file is read and every row checked at once (not CSV or iCalendar: 400 naming `content`); its tasks are created in the background, 200 rows per transaction: poll GET /imports/{id}. Importing the same rows again creates nothing (each is skipped as "already imported"). At most 10,000 rows and 3,000,000 characters.',
    tag: 'import',
    security: 'bearer',
    body: StartImportInput,
    responses: {
      202: { description: 'The import, started', schema: ImportView },
      403: problem('Your role in the project does not let you add tasks'),
      404: problem('projectId names no project you are a member of'),
      ...commonProblems,
    },
  },
  list: {
    method: 'get',
    path: '/imports',
    operationId: 'listImports',
    summary: 'Your 20 newest imports, with their counts',
    tag: 'import',
    security: 'bearer',
    responses: {
      200: { description: 'Imports, newest first', schema: z.object({ items: z.array(ImportSummary) }) },
      ...commonProblems,
    },
  },
  get: {
    method: 'get',
    path: '/imports/:id',
    operationId: 'getImport',
    summary: 'An import’s progress and its report: each row created or skipped, with the reason',
    tag: 'import',
    security: 'bearer',
    params: ImportIdParams,
    query: ImportQuery,
    responses: {
      200: { description: 'The import and a page of its report (1,000 rows)', schema: ImportView },
      404: problem('No such import of yours'),
      ...commonProblems,
    },
  },
} as const;
