// npm run bench:recurrence: how long one evaluation of an adversarial rule
// takes (issue 15), through the recurrence package's public functions, as
// POST /recurrence/preview runs them: build the series (validation, its walk
// to the first or COUNT-th occurrence), describe it, and list the next 50
// occurrences after now. Pure: no stack needed. Prints a table; asserts nothing.
// Wall-clock times include whatever else the machine runs; the CPU column
// (this process's user + system time) does not.
import {
  buildSeries,
  describe,
  occurrencesAfter,
  RecurrenceBudgetError,
  RecurrenceRuleError,
  STEP_BUDGET,
  StepBudget,
} from '@taskmesh/recurrence';
import { percentile } from './load';

const RUNS = Number(process.env.BENCH_RECURRENCE_RUNS ?? 30);
const COUNT = 50;
const TARGET_MS = 100;

const list = (n: number, value: (i: number) => number) => Array.from({ length: n }, (_, i) => value(i)).join(',');
const days = 'MO,TU,WE,TH,FR,SA,SU';
const cases: Array<[rrule: string, anchor: string]> = [
  // Legal, anchored far back: walked from the period nearest now.
  ['FREQ=DAILY', '1900-01-01T09:00'],
  ['FREQ=WEEKLY;BYDAY=MO,WE,FR', '1900-01-01T09:00'],
  ['FREQ=MONTHLY;BYMONTHDAY=31', '1900-01-31T09:00'],
  ['FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', '1900-04-13T09:00'],
  ['FREQ=YEARLY;INTERVAL=1000', '1900-01-01T09:00'],
  ['FREQ=DAILY;COUNT=1000', '2024-01-01T09:00'],
  // Refused at the edge.
  ['FREQ=DAILY', '1000-01-01T09:00'],
  ['FREQ=SECONDLY;COUNT=1000000', '2026-01-01T09:00'],
  ['FREQ=MINUTELY', '2026-01-01T09:00'],
  ['FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2', '2026-01-01T09:00'],
  // Rarely or never matching: out of steps.
  // (February 29th on a Thursday, once in 28 years: 50 of them are 1,400 years of yearly steps.)
  ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29,30;BYDAY=TH', '2026-01-06T09:00'],
  ['FREQ=DAILY;INTERVAL=7;BYDAY=MO', '2026-01-06T09:00'],
  ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=TH', '2026-01-06T09:00'],
  ['FREQ=DAILY;BYMONTHDAY=31;BYDAY=MO', '2026-01-06T09:00'],
  ['FREQ=WEEKLY;BYWEEKNO=1;BYMONTH=6', '2026-01-05T09:00'],
  ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6', '2026-01-06T09:00'],
  ['FREQ=YEARLY;BYYEARDAY=366;BYMONTH=1', '2026-01-06T09:00'],
  [`FREQ=YEARLY;BYMONTH=1;BYYEARDAY=${list(31, (i) => 335 + i)}`, '2026-01-06T09:00'],
  [`FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6;BYSETPOS=${list(31, (i) => i + 1)}`, '2026-01-06T09:00'],
  [`FREQ=YEARLY;BYMONTH=2;BYDAY=${days};BYMONTHDAY=30,31;BYSETPOS=${list(31, (i) => -i - 1)}`, '2026-01-06T09:00'],
  [`FREQ=YEARLY;BYMONTH=1;BYDAY=${days};BYSETPOS=${list(31, (i) => 32 + i)}`, '2026-01-06T09:00'],
  [`FREQ=MONTHLY;BYDAY=${days};BYSETPOS=${list(31, (i) => 40 + i)}`, '2026-01-06T09:00'],
  [`FREQ=WEEKLY;BYDAY=${days};BYSETPOS=${list(31, (i) => 10 + i)}`, '2026-01-06T09:00'],
];

/** One preview, with one budget for both walks (as tasks-api gives each request): the outcome and the steps. */
function preview(rrule: string, anchor: string, now: Date): { outcome: string; steps: number } {
  const budget = new StepBudget();
  try {
    const series = buildSeries({ rrule, anchor, timeZone: 'Europe/Berlin', mode: 'fixed' }, budget, now);
    describe(series);
    const dates = occurrencesAfter(series, now, COUNT, budget);
    return { outcome: `${dates.length} dates`, steps: budget.steps };
  } catch (error) {
    if (!(error instanceof RecurrenceRuleError)) throw error;
    const reason = error instanceof RecurrenceBudgetError ? 'out of steps' : error.message.split(', not')[0];
    return { outcome: `400 ${error.field}: ${reason}`, steps: budget.steps };
  }
}

function main(): void {
  const now = new Date();
  const rows = [['rule', 'anchor', 'outcome', 'p50 ms', 'max ms', 'cpu p50 ms', 'steps', `target ${TARGET_MS} ms`]];
  for (const [rrule, anchor] of cases) {
    for (let i = 0; i < 3; i += 1) preview(rrule, anchor, now);
    const times: number[] = [];
    const cpu: number[] = [];
    let result = { outcome: '', steps: 0 };
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      const startedCpu = process.cpuUsage();
      result = preview(rrule, anchor, now);
      times.push(performance.now() - started);
      const used = process.cpuUsage(startedCpu);
      cpu.push((used.user + used.system) / 1000);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const max = times.at(-1) ?? Number.NaN;
    rows.push([
      rrule.length > 60 ? `${rrule.slice(0, 57)}...` : rrule,
      anchor,
      result.outcome,
      percentile(times, 50).toFixed(2),
      max.toFixed(2),
      percentile(cpu, 50).toFixed(2),
      String(result.steps),
      max < TARGET_MS ? 'pass' : 'FAIL',
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  console.log(
    `preview of ${COUNT} occurrences, ${RUNS} runs each after 3 warm-up runs; step budget ${STEP_BUDGET} per preview`,
  );
  console.log(rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')).join('\n'));
}

main();
