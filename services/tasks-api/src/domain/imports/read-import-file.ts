import { AppError } from '@taskmesh/platform';
import { parse } from 'csv-parse/sync';
import { readCalendarRows } from './ical-file';
import type { ReadRow } from './import-row';
import { readTaskmeshRows } from './taskmesh-csv';
import { type CsvRow, type ReadContext, readTodoistRows } from './todoist-csv';

/** Rows (CSV records after the header, VTODOs and VEVENTs) one import takes. */
export const maxImportRows = 10_000;

export type ImportSource = 'taskmesh-csv' | 'todoist-csv' | 'icalendar';

const contentProblem = (message: string) => AppError.invalid('body', [{ field: 'content', message }]);

/**
 * Reads a whole file when it is posted, so a file that is not what it claims
 * is a 400 naming `content` at once, and every row is checked before anything
 * is written; the runner then only creates what was read.
 */
export function readImportFile(
  format: 'csv' | 'ical',
  content: string,
  context: ReadContext,
): { source: ImportSource; rows: ReadRow[] } {
  const read =
    format === 'ical'
      ? { source: 'icalendar' as const, rows: readCalendarRows(content, context) }
      : readCsv(content, context);
  if (read.rows.length === 0) throw contentProblem('has no tasks to import');
  if (read.rows.length > maxImportRows)
    throw contentProblem(`has ${read.rows.length} rows; one import takes at most ${maxImportRows}`);
  return read;
}

function readCsv(content: string, context: ReadContext): { source: ImportSource; rows: ReadRow[] } {
  let records: string[][];
  try {
    records = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false });
  } catch (error) {
    throw contentProblem(`is not CSV (RFC 4180): ${(error as Error).message}`);
  }
  const [header = [], ...body] = records;
  const columns = new Map(header.map((name, i) => [name.trim(), i]));
  const rows: CsvRow[] = body.flatMap((fields, i) =>
    // Todoist's export separates tasks with empty records; they are not rows.
    fields.every((field) => field.trim() === '')
      ? []
      : [{ row: i + 1, get: (column: string) => fields[columns.get(column) ?? -1] ?? '' }],
  );
  if (rows.length > maxImportRows)
    throw contentProblem(`has ${rows.length} rows; one import takes at most ${maxImportRows}`);
  if (columns.has('TYPE') && columns.has('CONTENT'))
    return { source: 'todoist-csv', rows: readTodoistRows(rows, context) };
  if (columns.has('title')) return { source: 'taskmesh-csv', rows: readTaskmeshRows(rows) };
  throw contentProblem(
    'has neither a Taskmesh export header (with a title column) nor a Todoist one (TYPE,CONTENT,...)',
  );
}
