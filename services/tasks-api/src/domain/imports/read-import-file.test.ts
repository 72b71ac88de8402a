import { AppError } from '@taskmesh/platform';
import type { ReadRow } from './import-row';
import { readImportFile } from './read-import-file';

// The row mappers (issue 20): Taskmesh's own export, Todoist's CSV and
// iCalendar, each row checked as POST /tasks would check it.

const context = { timeZone: 'Europe/Berlin', now: new Date('2026-12-02T10:00:00Z') };
const read = (format: 'csv' | 'ical', content: string) => readImportFile(format, content, context);
const byRow = (rows: ReadRow[]) => Object.fromEntries(rows.map((r) => [r.row, r]));
const drafted = (row: ReadRow | undefined) => {
  if (!row || 'skip' in row) throw new Error(`row skipped: ${JSON.stringify(row)}`);
  return row.draft;
};

function contentError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).errors.map((e) => e.field)).toEqual(['content']);
    return (error as AppError).errors[0]?.message ?? '';
  }
  throw new Error('expected a 400 naming content');
}

describe('Todoist CSV', () => {
  const file = [
    'TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE',
    'section,Errands,,,,,,,,',
    'task,Buy milk @errands @home,Semi-skimmed,1,1,Ada (1),,tomorrow,en,Europe/Berlin',
    'note,Remember the coupon,,,,,,,,',
    ',,,,,,,,,',
    'task,Standup,,4,1,,,every monday,en,America/New_York',
    'task,Dentist,,2,2,,,Dec 10 2026 9am,en,',
    'task,Mystery,,3,1,,,whenever you like,en,',
    'task,Odd,,7,1,,,,en,',
    'task,Buy milk @errands @home,Semi-skimmed,1,1,Ada (1),,tomorrow,en,Europe/Berlin',
  ].join('\r\n');

  it('reads tasks with labels, priorities (1 is p1, urgent) and dates; skips sections, notes and bad rows', () => {
    const { source, rows } = read('csv', file);
    expect(source).toBe('todoist-csv');
    const row = byRow(rows);
    // The empty record (5) is no row at all.
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 5, 6, 7, 8, 9]);
    expect(row[1]).toEqual({ row: 1, skip: expect.stringContaining('section') });
    expect(row[3]).toEqual({ row: 3, skip: expect.stringContaining('note') });
    expect(drafted(row[2])).toEqual({
      task: {
        title: 'Buy milk',
        description: 'Semi-skimmed',
        priority: 'urgent',
        tags: ['errands', 'home'],
        dueDate: '2026-12-03',
        timeZone: 'Europe/Berlin',
      },
    });
    const standup = drafted(row[5]);
    expect(standup.task).toMatchObject({
      title: 'Standup',
      priority: 'low',
      dueDate: '2026-12-07',
      timeZone: 'America/New_York',
    });
    expect(standup.repeat).toMatchObject({ rrule: expect.stringContaining('BYDAY=MO'), mode: 'fixed' });
    // No TIMEZONE: the user's zone.
    expect(drafted(row[6]).task).toMatchObject({
      priority: 'high',
      dueAt: '2026-12-10T08:00:00Z',
      timeZone: 'Europe/Berlin',
    });
    expect(row[7]).toEqual({ row: 7, skip: expect.stringContaining('DATE "whenever you like"') });
    expect(row[8]).toEqual({ row: 8, skip: expect.stringContaining('PRIORITY "7"') });
    // Two identical rows are two tasks, with two keys (and the same two keys next time).
    const keys = [row[2], row[9]].map((r) => (r && 'key' in r ? r.key : undefined));
    expect(new Set(keys).size).toBe(2);
    expect(read('csv', file).rows.map((r) => ('key' in r ? r.key : r.skip))).toEqual(
      rows.map((r) => ('key' in r ? r.key : r.skip)),
    );
  });
});

describe('Taskmesh export CSV', () => {
  it('reads the export’s columns, undoing its formula guard', () => {
    const file = [
      'id,title,description,status,priority,tags,project,section,due_at,due_date,time_zone,rrule,recurrence_mode,completed_at,created_at',
      `0b7c5b1e-8d59-4f7e-9a51-6f0e7c1d2a11,"'=SUM(A1)","Line one, ""quoted""\nline two",in_progress,high,"a,b",Home,Kitchen,2027-01-05T08:00:00.000Z,,Europe/Berlin,,,,2026-12-01T00:00:00.000Z`,
      'b2,Bin day,,todo,medium,,Inbox,,2027-01-06T23:00:00.000Z,2027-01-07,Europe/Berlin,FREQ=WEEKLY,afterCompletion,,2026-12-01T00:00:00.000Z',
      ',,,,,,,,,,,,,,',
      'b3,,,todo,medium,,Inbox,,,,,,,,',
      `b4,${'x'.repeat(501)},,todo,,,,,,,,,,,`,
      'b5,Bad priority,,todo,extreme,,,,,,,,,,',
      'b6,Bad zone,,todo,,,,,,2027-01-07,Mars/Olympus,,,,',
    ].join('\n');
    const { source, rows } = read('csv', file);
    expect(source).toBe('taskmesh-csv');
    const row = byRow(rows);
    expect(drafted(row[1]).task).toEqual({
      title: '=SUM(A1)',
      description: 'Line one, "quoted"\nline two',
      status: 'in_progress',
      priority: 'high',
      tags: ['a', 'b'],
      dueAt: '2027-01-05T08:00:00.000Z',
      timeZone: 'Europe/Berlin',
    });
    expect(drafted(row[2])).toEqual({
      task: {
        title: 'Bin day',
        description: null,
        status: 'todo',
        priority: 'medium',
        tags: [],
        dueDate: '2027-01-07',
        timeZone: 'Europe/Berlin',
      },
      repeat: { rrule: 'FREQ=WEEKLY', mode: 'afterCompletion' },
    });
    expect(row[3]).toBeUndefined();
    expect(row[4]).toEqual({ row: 4, skip: expect.stringContaining('title is required') });
    expect(row[5]).toEqual({ row: 5, skip: expect.stringContaining('at most 500') });
    expect(row[6]).toEqual({ row: 6, skip: expect.stringContaining('priority') });
    expect(row[7]).toEqual({ row: 7, skip: expect.stringContaining('timeZone') });
  });

  it('refuses what is not a CSV it knows, naming content', () => {
    expect(contentError(() => read('csv', 'name,age\nAda,36'))).toContain('header');
    expect(contentError(() => read('csv', 'title,description\n"unclosed,quote'))).toContain('not CSV');
    expect(contentError(() => read('csv', 'title\n'))).toContain('no tasks');
    expect(contentError(() => read('csv', `title\n${'t\n'.repeat(10_001)}`))).toContain('at most 10000');
  });
});

describe('iCalendar', () => {
  const calendar = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VTIMEZONE',
    'TZID:Custom/Berlin',
    'BEGIN:STANDARD',
    'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
    'BEGIN:VTODO',
    'UID:todo-1@example',
    'DTSTAMP:20261201T000000Z',
    'SUMMARY:Pay rent',
    'DESCRIPTION:Flat 3\\, second floor',
    'DUE;TZID=Custom/Berlin:20270701T090000',
    'RRULE:FREQ=MONTHLY;BYMONTHDAY=1',
    'PRIORITY:1',
    'CATEGORIES:home,money matters',
    'END:VTODO',
    'BEGIN:VEVENT',
    'UID:event-1@example',
    'DTSTAMP:20261201T000000Z',
    'SUMMARY:Holiday',
    'DTSTART;VALUE=DATE:20261224',
    'PRIORITY:9',
    'END:VEVENT',
    'BEGIN:VTODO',
    'UID:todo-2@example',
    'DTSTAMP:20261201T000000Z',
    'SUMMARY:Filed taxes',
    'STATUS:COMPLETED',
    'DUE;TZID=America/New_York:20261201T170000',
    'END:VTODO',
    'BEGIN:VTODO',
    'UID:todo-3@example',
    'DTSTAMP:20261201T000000Z',
    'DESCRIPTION:no title',
    'END:VTODO',
    'BEGIN:VEVENT',
    'UID:event-2@example',
    'DTSTAMP:20261201T000000Z',
    'SUMMARY:Moved standup',
    'RECURRENCE-ID:20261207T090000Z',
    'DTSTART:20261208T090000Z',
    'END:VEVENT',
    'BEGIN:VTODO',
    'UID:todo-4@example',
    'DTSTAMP:20261201T000000Z',
    'SUMMARY:Floating',
    'DUE:20261205T180000',
    'PRIORITY:5',
    'END:VTODO',
    'END:VCALENDAR',
  ].join('\r\n');

  it('reads VTODOs and VEVENTs: zones from the file’s VTIMEZONE, all-day dates, repeats, priority, tags, status', () => {
    const { source, rows } = read('ical', calendar);
    expect(source).toBe('icalendar');
    const row = byRow(rows);
    // July: summer time in the file's own zone (UTC+2); its name is no IANA zone, so the task takes the user's.
    expect(drafted(row[1])).toEqual({
      task: {
        title: 'Pay rent',
        description: 'Flat 3, second floor',
        priority: 'urgent',
        tags: ['home', 'money-matters'],
        dueAt: '2027-07-01T07:00:00.000Z',
        timeZone: 'Europe/Berlin',
      },
      repeat: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=1', mode: 'fixed' },
    });
    expect(drafted(row[2]).task).toMatchObject({
      title: 'Holiday',
      priority: 'low',
      dueDate: '2026-12-24',
      timeZone: 'Europe/Berlin',
    });
    expect(drafted(row[3]).task).toMatchObject({
      status: 'done',
      dueAt: '2026-12-01T22:00:00.000Z',
      timeZone: 'America/New_York',
    });
    expect(row[4]).toEqual({ row: 4, skip: 'no SUMMARY (title)' });
    expect(row[5]).toEqual({ row: 5, skip: expect.stringContaining('RECURRENCE-ID') });
    // Floating: the user's zone.
    expect(drafted(row[6]).task).toMatchObject({
      priority: 'medium',
      dueAt: '2026-12-05T17:00:00.000Z',
      timeZone: 'Europe/Berlin',
    });
  });

  it('keeps UTC times in UTC, and skips an item whose value is broken instead of failing the file', () => {
    const items = [
      'BEGIN:VCALENDAR',
      'BEGIN:VTODO',
      'SUMMARY:In UTC',
      'DUE:20261205T180000Z',
      'END:VTODO',
      'BEGIN:VTODO',
      'SUMMARY:Broken',
      'DUE:soon',
      'END:VTODO',
      'END:VCALENDAR',
    ].join('\r\n');
    const [utc, broken] = read('ical', items).rows;
    expect(drafted(utc).task).toEqual({
      title: 'In UTC',
      description: null,
      tags: [],
      dueAt: '2026-12-05T18:00:00.000Z',
    });
    expect(broken).toEqual({ row: 2, skip: expect.any(String) });
  });

  it('keys rows by UID, whatever else changed', () => {
    const keys = (text: string) => read('ical', text).rows.map((r) => ('key' in r ? r.key : r.skip));
    expect(keys(calendar.replace('SUMMARY:Pay rent', 'SUMMARY:Pay the rent'))).toEqual(keys(calendar));
  });

  it('refuses what is not iCalendar, naming content', () => {
    expect(contentError(() => read('ical', 'hello'))).toContain('not iCalendar');
    expect(contentError(() => read('ical', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR'))).toContain('no tasks');
  });
});
