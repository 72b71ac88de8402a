import { parseQuickAdd } from '@taskmesh/quick-add';
import { isTimeZone } from '@taskmesh/recurrence';
import { contentKeyer, draftRow, type ReadRow } from './import-row';

/** Where a file is read: the importing user's zone, and the moment of the import (for "tomorrow"). */
export interface ReadContext {
  timeZone: string;
  now: Date;
}

/** A CSV record with its number in the file (1: the first row after the header), fields by column name. */
export interface CsvRow {
  row: number;
  get: (column: string) => string;
}

/*
 * Todoist's CSV ("Export as template", https://todoist.com/help/articles/YC8YvN):
 * TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE,...
 * Only `task` rows are tasks; `section` and `note` rows are reported as skipped.
 * PRIORITY in the CSV is the number the app shows: 1 is p1, the highest (not
 * the REST API's reversed scale, where 4 is p1), as quick add's !1..!4.
 */
const priorities: Record<string, string> = { '1': 'urgent', '2': 'high', '3': 'medium', '4': 'low' };

/** Todoist labels are written into the task's name as @label. */
const labelPattern = /(?<![\p{L}\p{N}_])@([^\s@,]+)/gu;

const skipped: Record<string, string> = {
  section: 'a section row: sections are not imported (the tasks below it are)',
  note: 'a note row: comments are not imported',
  meta: 'a meta row (Todoist view settings)',
};

export function readTodoistRows(rows: CsvRow[], context: ReadContext): ReadRow[] {
  const keyOf = contentKeyer('todoist');
  return rows.map(({ row, get }): ReadRow => {
    const type = get('TYPE').trim();
    if (type !== 'task') return { row, skip: skipped[type] ?? `TYPE "${type}" is not task, section or note` };
    const content = get('CONTENT');
    const tags = [...content.matchAll(labelPattern)].map((match) => match[1] as string);
    const title = content.replace(labelPattern, ' ').replace(/\s+/g, ' ').trim();
    const priorityText = get('PRIORITY').trim();
    const priority = priorityText === '' ? undefined : priorities[priorityText];
    if (priorityText !== '' && !priority) return { row, skip: `PRIORITY "${priorityText}" is not 1, 2, 3 or 4` };
    const zoneText = get('TIMEZONE').trim();
    const timeZone = zoneText && isTimeZone(zoneText) ? zoneText : context.timeZone;
    const date = get('DATE').trim();
    const due = date ? dueOf(date, timeZone, context.now) : {};
    if (!due) return { row, skip: `DATE "${date}" is not a date or repeat Taskmesh understands` };
    const key = keyOf([type, content, get('DESCRIPTION'), priorityText, date, zoneText]);
    return draftRow(row, key, { title, description: get('DESCRIPTION'), priority, tags, ...due });
  });
}

/**
 * Todoist's DATE is what its users typed ("every monday", "Dec 10 2026 9am",
 * "tomorrow"), read by quick add's parser in the row's zone. Anything left
 * over means the phrase was not understood: better skipped with a reason than
 * imported with a wrong date.
 */
function dueOf(text: string, timeZone: string, now: Date) {
  const parsed = parseQuickAdd(text, { now, timeZone });
  const understood = parsed.title === '' && parsed.tags.length === 0 && !parsed.priority && !parsed.project;
  if (!understood || !parsed.dueDate) return undefined;
  return {
    ...(parsed.dueAt ? { dueAt: parsed.dueAt } : { dueDate: parsed.dueDate }),
    timeZone,
    ...(parsed.repeat ? { repeat: parsed.repeat } : {}),
  };
}
