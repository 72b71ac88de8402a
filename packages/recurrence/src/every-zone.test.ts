import { DateTime } from 'luxon';
import { buildSeries, occurrencesAfter, type SeriesDefinition } from './series';

// Issue 16: a property test over every IANA zone the runtime knows, 1970-2037,
// with daily, weekly and monthly rules at random wall times, a third of them
// inside a DST gap or overlap. Occurrences must be strictly increasing
// instants, and a daily rule gives exactly one per local day. Seeded: the
// seed is printed with any failure (TEST_SEED=<n> replays it).

const seed = Number(process.env.TEST_SEED ?? 20261216);

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function prng(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const wall = (d: DateTime) => `${d.year}-${pad(d.month)}-${pad(d.day)}T${pad(d.hour)}:${pad(d.minute)}`;

/** The offset changes of a zone in a year: the instant each happens, and the offsets before and after. */
function transitions(zone: string, year: number): Array<{ at: number; before: number; after: number }> {
  const found: Array<{ at: number; before: number; after: number }> = [];
  const start = DateTime.fromObject({ year }, { zone: 'utc' }).toMillis();
  // Weekly probes, then bisection: cheap, and changes less than a week apart are rare enough to miss.
  const step = 7 * 86_400_000;
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  for (let t = start; t < start + 53 * step; t += step) {
    if (offset(t) === offset(t + step)) continue;
    let [lo, hi] = [t, t + step];
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (offset(mid) === offset(t)) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, before: offset(t), after: offset(hi) });
  }
  return found;
}

/** A random anchor in 1970-2037: a third of the time a wall time inside a gap or an overlap of the zone. */
function anchorFor(zone: string, random: () => number): DateTime {
  const year = 1970 + Math.floor(random() * 67);
  if (random() < 1 / 3) {
    const changes = transitions(zone, year);
    const change = changes[Math.floor(random() * changes.length)];
    if (change) {
      // The wall times in [before the change, + |delta|) are skipped (gap) or repeat (overlap).
      const delta = Math.abs(change.after - change.before);
      const local = DateTime.fromMillis(change.at, { zone: 'utc' }).plus({ minutes: change.before });
      // Up to three days before it, so that a daily rule's later occurrences fall on the change.
      const inside = local.plus({ minutes: Math.floor(random() * delta) }).startOf('minute');
      return inside.minus({ days: Math.floor(random() * 4) });
    }
  }
  const day = DateTime.fromObject({ year }, { zone: 'utc' }).plus({ days: Math.floor(random() * 365) });
  return day.set({ hour: Math.floor(random() * 24), minute: Math.floor(random() * 60) });
}

/** Whether a local calendar day exists in a zone (Pacific/Apia skipped 2011-12-30). */
function dayExists(zone: string, day: DateTime): boolean {
  return [0, 6, 12, 18, 23].some((hour) => {
    const at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour }, { zone });
    return at.toISODate() === day.toISODate();
  });
}

const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function ruleFor(kind: 'daily' | 'weekly' | 'monthly', anchor: DateTime, random: () => number): string {
  if (kind === 'daily') return 'FREQ=DAILY';
  if (kind === 'weekly') {
    const days = weekdays.filter(() => random() < 0.4);
    return days.length > 0 ? `FREQ=WEEKLY;BYDAY=${days.join(',')}` : 'FREQ=WEEKLY';
  }
  return random() < 0.5 ? 'FREQ=MONTHLY' : `FREQ=MONTHLY;BYMONTHDAY=${anchor.day}`;
}

/** What is wrong with a series' occurrences, or undefined. */
function problemWith(definition: SeriesDefinition, occurrences: Date[]): string | undefined {
  const zone = definition.timeZone;
  for (let i = 1; i < occurrences.length; i++) {
    const [previous, current] = [occurrences[i - 1] as Date, occurrences[i] as Date];
    if (current.getTime() <= previous.getTime())
      return `not strictly increasing: ${previous.toISOString()} then ${current.toISOString()}`;
    if (definition.rrule !== 'FREQ=DAILY') continue;
    // One per local day: the next occurrence is on the next local day that exists.
    let expected = DateTime.fromJSDate(previous, { zone }).startOf('day').plus({ days: 1 });
    const actual = DateTime.fromJSDate(current, { zone });
    while (actual.toISODate() !== expected.toISODate() && !dayExists(zone, expected))
      expected = expected.plus({ days: 1 });
    if (actual.toISODate() !== expected.toISODate())
      return `daily: ${DateTime.fromJSDate(previous, { zone }).toISO()} then ${actual.toISO()}, expected a day ${expected.toISODate()}`;
  }
  return undefined;
}

describe('occurrences in every IANA zone (issue 16)', () => {
  const zones = Intl.supportedValuesOf('timeZone');

  it.each(['daily', 'weekly', 'monthly'] as const)('%s rules: strictly increasing instants', (kind) => {
    const random = prng(seed + kind.length);
    const failures: string[] = [];
    for (const zone of zones) {
      for (let i = 0; i < 3; i++) {
        const anchor = anchorFor(zone, random);
        const definition: SeriesDefinition = {
          rrule: ruleFor(kind, anchor, random),
          timeZone: zone,
          anchor: wall(anchor),
          mode: 'fixed',
        };
        const series = buildSeries(definition, undefined, new Date('2026-01-01T00:00:00Z'));
        // From the anchor, and again from an instant a few periods later (the path a completion takes).
        const fromAnchor = occurrencesAfter(series, undefined, kind === 'daily' ? 8 : 6);
        const later = fromAnchor[2] as Date;
        const fromLater = occurrencesAfter(series, new Date(later.getTime() - 1), 4);
        const problem = problemWith(definition, fromAnchor) ?? problemWith(definition, fromLater);
        if (problem) failures.push(`${zone} ${definition.rrule} from ${definition.anchor}: ${problem}`);
      }
    }
    if (failures.length > 0) {
      throw new Error(
        `seed ${seed} (TEST_SEED=${seed} to replay), ${failures.length} failures:\n${failures.join('\n')}`,
      );
    }
  });
});
