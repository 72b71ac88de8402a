import { dayBoundary, fromLocalInput, toLocalInput } from './dates';
import { describeDuration, fromIsoDuration, toIsoDuration } from './durations';
import { tagList } from './form-data';
import { readFilters, toApiQuery } from './task-filters';

describe('dates in the user zone', () => {
  it('reads a datetime-local value in the zone, with its offset (DST in Berlin)', () => {
    expect(fromLocalInput('2026-07-01T09:00', 'Europe/Berlin')).toBe('2026-07-01T09:00:00+02:00');
    expect(fromLocalInput('2026-12-01T09:00', 'Europe/Berlin')).toBe('2026-12-01T09:00:00+01:00');
    expect(fromLocalInput('tomorrow', 'Europe/Berlin')).toBeUndefined();
  });
  it('shows an instant as the zone’s wall clock', () => {
    expect(toLocalInput('2026-12-01T08:00:00Z', 'Europe/Berlin')).toBe('2026-12-01T09:00');
    expect(toLocalInput(null, 'Europe/Berlin')).toBe('');
  });
  it('gives whole days in the zone for the due range', () => {
    expect(dayBoundary('2026-03-29', 'Europe/Berlin')).toBe('2026-03-29T00:00:00+01:00');
    // 29 March 2026 is 23 hours long in Berlin: the day after starts at +02:00.
    expect(dayBoundary('2026-03-29', 'Europe/Berlin', true)).toBe('2026-03-30T00:00:00+02:00');
  });
});

describe('reminder offsets', () => {
  it('round-trips the editor units through ISO 8601 durations', () => {
    expect(toIsoDuration(15, 'minutes')).toBe('PT15M');
    expect(toIsoDuration(2, 'days')).toBe('P2D');
    expect(fromIsoDuration('PT1H')).toEqual({ amount: 1, unit: 'hours' });
    expect(fromIsoDuration('P1W')).toEqual({ amount: 1, unit: 'weeks' });
    expect(fromIsoDuration('P1DT2H')).toBeUndefined();
    expect(describeDuration('PT1H')).toBe('1 hour');
    expect(describeDuration('P3D')).toBe('3 days');
  });
});

describe('list filters', () => {
  it('maps the page’s URL onto tasks-api’s query, days in the user zone', () => {
    const filters = readFilters(
      new URLSearchParams('q=rent&show=all&priority=high&priority=bogus&tags=home,%23work&from=2026-12-01&overdue=on'),
    );
    expect(toApiQuery(filters, 'Europe/Berlin')).toEqual({
      q: 'rent',
      status: undefined,
      priority: 'high',
      tags: 'home,work',
      dueAfter: '2026-12-01T00:00:00+01:00',
      dueBefore: undefined,
      overdue: 'true',
      sort: 'relevance',
      limit: '25',
      cursor: undefined,
    });
  });
  it('shows open tasks by due date unless told otherwise; relevance needs a search', () => {
    const query = toApiQuery(readFilters(new URLSearchParams('sort=relevance')), 'UTC');
    expect(query.status).toBe('todo,in_progress');
    expect(query.sort).toBe('due');
  });
  it('splits typed tags on commas and spaces', () => {
    expect(tagList('a, b  #c,a')).toEqual(['a', 'b', 'c']);
  });
});
