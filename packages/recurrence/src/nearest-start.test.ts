import { buildSeries, nextOccurrence, occurrencesAfter, type Series, StepBudget, toFloating, toInstant } from '.';

// Walking from the period nearest a point (issue 15) must give exactly what
// walking from the anchor gives. The reference is one walk from the anchor
// with the whole rule (as the package did before), cheap here because the
// anchors are only a few years back.
function fromAnchor(series: Series): (after: Date, count: number) => Date[] {
  const zone = series.definition.timeZone;
  const all = series.rule.all((date) => date.getUTCFullYear() < 2040);
  return (after, count) => {
    const cursor = toFloating(after, zone).getTime() - 1000;
    return all
      .filter((date) => date.getTime() > cursor)
      .slice(0, count + 2) // the instant filter below drops at most one (an overlap)
      .map((date) => toInstant(date, zone))
      .filter((instant) => instant.getTime() > after.getTime())
      .slice(0, count);
  };
}

const rules = [
  'FREQ=DAILY',
  'FREQ=DAILY;INTERVAL=5',
  'FREQ=DAILY;BYMONTH=2,3;BYDAY=SA,SU',
  'FREQ=WEEKLY',
  'FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,SU;WKST=SU',
  'FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=2',
  'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,FR;BYSETPOS=-1;WKST=SU',
  'FREQ=MONTHLY',
  'FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=30',
  'FREQ=MONTHLY;BYMONTHDAY=15,31',
  'FREQ=MONTHLY;BYMONTHDAY=-1',
  'FREQ=MONTHLY;BYDAY=-1FR',
  'FREQ=MONTHLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2',
  'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13',
  'FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29',
  'FREQ=YEARLY',
  'FREQ=YEARLY;INTERVAL=3',
  'FREQ=YEARLY;BYMONTH=4',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
  'FREQ=YEARLY;BYWEEKNO=1,53;BYDAY=MO',
  'FREQ=YEARLY;BYYEARDAY=1,-1,60',
  'FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  'FREQ=DAILY;COUNT=700',
  'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=300',
  'FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20290115T000000Z',
];
// Anchors on month ends and leap days, at times that fall in DST gaps or overlaps in some of the zones.
const starts: Array<[string, string]> = [
  ['America/New_York', '2023-01-31T02:30'],
  ['Pacific/Auckland', '2024-02-29T02:30'],
  ['Europe/London', '2022-10-30T01:30'],
  ['Australia/Lord_Howe', '2023-03-31T23:45'],
  ['UTC', '2020-12-31T00:00'],
];
// Points every 47 days and 5 hours from before the anchors to 2029.
const points = Array.from(
  { length: 60 },
  (_, i) => new Date(Date.UTC(2020, 6, 1) + i * (47 * 86_400_000 + 5 * 3_600_000)),
);

describe('walking from the nearest period gives what walking from the anchor gives', () => {
  it.each(rules)('%s', (rrule) => {
    for (const [timeZone, anchor] of starts) {
      const series = buildSeries({ rrule, timeZone, anchor, mode: 'fixed' });
      const reference = fromAnchor(series);
      for (const point of points) {
        const label = `${timeZone} ${anchor} after ${point.toISOString()}`;
        expect([label, occurrencesAfter(series, point, 4)]).toEqual([label, reference(point, 4)]);
      }
    }
  });

  it('the next occurrence after a completion, for a series anchored in 1900 (only a few steps)', () => {
    const series = buildSeries({
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=31',
      timeZone: 'Europe/London',
      anchor: '1900-01-31T09:00',
      mode: 'fixed',
    });
    const budget = new StepBudget();
    const next = nextOccurrence(
      series,
      { scheduledAt: new Date('2028-01-31T09:00:00Z'), completedAt: new Date('2028-02-03T10:00:00Z') },
      budget,
    );
    expect(next?.toISOString()).toBe('2028-02-29T09:00:00.000Z');
    expect(budget.steps).toBeLessThan(10);
  });
});
