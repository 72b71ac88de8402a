import { DateTime } from 'luxon';

/** UTC offset in minutes as RFC 5545 writes it: +0100, -0430, +0545. */
function offsetValue(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

const offsetAt = (zone: string, millis: number): number => DateTime.fromMillis(millis, { zone }).offset;

const hour = 3_600_000;
const week = 7 * 24 * hour;

/** The first minute with the later offset, between two instants whose offsets differ. */
function transitionBetween(zone: string, before: number, after: number): number {
  let low = before;
  let high = after;
  const from = offsetAt(zone, low);
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 2 / 60_000) * 60_000;
    if (offsetAt(zone, middle) === from) low = middle;
    else high = middle;
  }
  return high;
}

const cache = new Map<string, string[]>();

/**
 * The VTIMEZONE of an IANA zone for the years a calendar needs, from the
 * same time-zone data the apps compute due dates with (Node's ICU), so a
 * subscribed calendar shows each time as Taskmesh means it. Observances are
 * the zone's actual transitions in those years (one STANDARD or DAYLIGHT
 * each, found by a weekly scan and a search to the minute), plus the offset
 * in force at the start; after the last year the last observance continues.
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string[] {
  const key = `${zone}|${fromYear}|${toYear}`;
  const known = cache.get(key);
  if (known) return known;
  const start = DateTime.fromObject({ year: fromYear, month: 1, day: 1 }, { zone: 'UTC' }).toMillis();
  const end = DateTime.fromObject({ year: toYear + 1, month: 1, day: 1 }, { zone: 'UTC' }).toMillis();
  const observance = (at: number, from: number, to: number): string[] => {
    const local = DateTime.fromMillis(at, { zone });
    const kind = local.isInDST ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the onset in the local time in force before it (RFC 5545 3.6.5).
    const onset = DateTime.fromMillis(at + from * 60_000, { zone: 'UTC' }).toFormat("yyyyLLdd'T'HHmmss");
    return [
      `BEGIN:${kind}`,
      `DTSTART:${onset}`,
      `TZOFFSETFROM:${offsetValue(from)}`,
      `TZOFFSETTO:${offsetValue(to)}`,
      ...(local.offsetNameShort ? [`TZNAME:${local.offsetNameShort}`] : []),
      `END:${kind}`,
    ];
  };
  const initial = offsetAt(zone, start);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, ...observance(start, initial, initial)];
  let previous = start;
  let offset = initial;
  for (let at = start + week; previous < end; at = Math.min(at + week, end)) {
    const next = offsetAt(zone, at);
    if (next !== offset) {
      const transition = transitionBetween(zone, previous, at);
      lines.push(...observance(transition, offset, next));
      offset = next;
    }
    previous = at;
    if (at === end) break;
  }
  lines.push('END:VTIMEZONE');
  if (cache.size > 500) cache.clear();
  cache.set(key, lines);
  return lines;
}
