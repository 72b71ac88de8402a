import { AppError } from '@taskmesh/platform';
import { decodeCursor, encodeCursor } from './list-tasks';
import { searchText } from './search-text';

/** The longest run of NOTs websearch_to_tsquery would push for a text (its limit is 32). */
const longestNotRun = (text: string) =>
  Math.max(0, ...(text.match(/(?:^|[\s"!&|()<])-[-\s!&|()<]*/g) ?? []).map((run) => run.split('-').length - 1));

describe('searchText (issue 15)', () => {
  it('leaves ordinary web-search syntax as it is', () => {
    for (const q of [
      'groceries',
      'buy milk',
      '"annual report" -draft',
      'cat or dog',
      'e-mail x-ray',
      'AT&T',
      ":* \\ '",
    ])
      expect(searchText(q)).toBe(q);
  });

  it('turns each run of NOTs into one or two by parity, whatever separates them', () => {
    expect(searchText('-'.repeat(40))).toBe('--');
    expect(searchText(`${'-'.repeat(41)}draft`)).toBe('-draft');
    expect(searchText(`x ${'- '.repeat(33)}draft`)).toBe('x -draft');
    expect(searchText(`x ${'!-'.repeat(34)}draft`)).toBe('x !--draft');
    expect(searchText(`"a b"${'-'.repeat(35)}c`)).toBe('"a b"-c');
  });

  it('never leaves more than two NOTs in a row', () => {
    const hostile = [
      '-'.repeat(200),
      '- '.repeat(100),
      '!-'.repeat(100),
      '(-'.repeat(100),
      '<-'.repeat(100),
      '-\t'.repeat(100),
    ];
    for (const q of hostile) expect(longestNotRun(searchText(q))).toBeLessThanOrEqual(2);
  });
});

describe('task list cursors (issue 15)', () => {
  const id = '6f1d0c7e-8d3a-4b8e-9a55-2f4e0c1d2b3a';
  const tampered = (sort: string, key: unknown) => Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');
  const refused = (value: string, sort: 'created' | 'due' | 'priority' | 'relevance') => {
    try {
      decodeCursor(value, sort);
    } catch (error) {
      return error instanceof AppError && error.status === 400 && error.errors[0]?.field === 'cursor';
    }
    return false;
  };

  it('takes back the cursors listTasks makes', () => {
    expect(
      decodeCursor(encodeCursor({ sort: 'created', key: '2026-12-02 04:39:26.929123+00', id }), 'created'),
    ).toEqual({
      sort: 'created',
      key: '2026-12-02T04:39:26.929123+00:00',
      id,
    });
    expect(decodeCursor(encodeCursor({ sort: 'due', key: 'infinity', id }), 'due').key).toBe('infinity');
    expect(decodeCursor(encodeCursor({ sort: 'priority', key: 'high', id }), 'priority').key).toBe('high');
    expect(decodeCursor(encodeCursor({ sort: 'relevance', key: 0.0607927, id }), 'relevance').key).toBe(0.0607927);
  });

  it('refuses a tampered sort key with 400 naming the cursor, before it reaches SQL', () => {
    expect(refused(tampered('created', 'not-a-date'), 'created')).toBe(true);
    expect(refused(tampered('created', '0000-01-01 00:00:00+00'), 'created')).toBe(true);
    expect(refused(tampered('created', '2026-02-30 00:00:00+00'), 'created')).toBe(true);
    expect(refused(tampered('created', 5), 'created')).toBe(true);
    expect(refused(tampered('created', '\u0000'), 'created')).toBe(true);
    expect(refused(tampered('due', 'yesterday'), 'due')).toBe(true);
    expect(refused(tampered('priority', 'zzz'), 'priority')).toBe(true);
    expect(refused(tampered('relevance', 1e300), 'relevance')).toBe(true);
    expect(refused(tampered('relevance', 1e-300), 'relevance')).toBe(true);
    expect(refused(tampered('relevance', 'abc'), 'relevance')).toBe(true);
    expect(refused('bogus', 'created')).toBe(true);
  });
});
