import { contentKeyer, draftRow, importKey, type ReadRow } from './import-row';
import type { CsvRow } from './todoist-csv';

/**
 * Taskmesh's own CSV export (GET /me/export.csv): id, title, description,
 * status, priority, tags (comma-separated in one field), project, section,
 * due_at, due_date (an all-day task's day), time_zone, rrule,
 * recurrence_mode, completed_at, created_at. Only title is required, so a
 * spreadsheet with these headings imports too. project and section are not
 * read: the tasks go where the import puts them.
 */
export function readTaskmeshRows(rows: CsvRow[]): ReadRow[] {
  const keyOf = contentKeyer('taskmesh-csv');
  return rows.map(({ row, get: raw }): ReadRow => {
    const get = (column: string) => unguarded(raw(column)).trim();
    const id = get('id');
    const content = ['title', 'description', 'status', 'priority', 'tags', 'due_at', 'due_date', 'time_zone', 'rrule'];
    // The export's task id is the row's identity; a row without one is known by its content.
    const key = id ? importKey('taskmesh', id) : keyOf(content.map(get));
    const rrule = get('rrule');
    return draftRow(row, key, {
      title: get('title'),
      description: unguarded(raw('description')),
      status: get('status'),
      priority: get('priority'),
      tags: get('tags')
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
      // An all-day task has both (due_at is 00:00 of its day): its day is what it means.
      ...(get('due_date') ? { dueDate: get('due_date') } : { dueAt: get('due_at') }),
      timeZone: get('time_zone'),
      ...(rrule ? { repeat: { rrule, mode: get('recurrence_mode') } } : {}),
    });
  });
}

/** The export starts a cell a spreadsheet would run as a formula with ' (csv.ts): take it off again. */
const unguarded = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);
