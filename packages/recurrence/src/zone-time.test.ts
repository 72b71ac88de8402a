import { isCalendarDate, localDate, startOfDay } from './zone-time';

describe('calendar days in a zone (all-day tasks, issue 20)', () => {
  it('knows which dates exist', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    for (const bad of [
      '2026-02-29',
      '2026-02-30',
      '2026-13-01',
      '2026-04-31',
      '2026-4-1',
      '20261201',
      '2026-12-01T00:00',
    ])
      expect(isCalendarDate(bad)).toBe(false);
  });

  it('starts a day at 00:00 local, whatever the DST state of the day', () => {
    expect(startOfDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfDay('2026-12-10', 'Europe/Berlin').toISOString()).toBe('2026-12-09T23:00:00.000Z');
  });

  it('where midnight falls in the gap, starts the day at its first minute (Chile skips 00:00-01:00)', () => {
    const start = startOfDay('2026-09-06', 'America/Santiago');
    expect(start.toISOString()).toBe('2026-09-06T04:00:00.000Z'); // 01:00 -03
    expect(localDate(start, 'America/Santiago')).toBe('2026-09-06');
  });

  it('reads years below 100 as themselves (Date.UTC would make 0001 into 1901)', () => {
    expect(startOfDay('0001-01-01', 'UTC').toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(localDate(startOfDay('0099-06-30', 'UTC'), 'UTC')).toBe('0099-06-30');
  });

  it('gives the day of an instant in a zone', () => {
    const instant = new Date('2026-12-09T23:30:00Z');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-12-10');
    expect(localDate(instant, 'America/New_York')).toBe('2026-12-09');
  });
});
