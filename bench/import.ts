// npm run bench:import: how long tasks-api takes to import 10,000 CSV rows
// (issue 20: "a 10,000-row import finishes within a minute, with progress").
// One user posts one Taskmesh CSV of BENCH_IMPORT_ROWS generated rows (every
// tenth all-day, every twentieth repeating weekly) through tasks-api's sidecar,
// then polls GET /imports/{id} until done. Prints the time to accept the file,
// the time to finish, rows/s, and the progress seen; asserts nothing.
import { signUp } from '@taskmesh/testing';
import { cpuPhase } from './cpu';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const log = (message: string) => console.log(`[bench:import] ${message}`);

function generatedCsv(rows: number): string {
  const lines = ['title,description,status,priority,tags,due_at,due_date,time_zone,rrule'];
  const priorities = ['low', 'medium', 'high', 'urgent'];
  for (let i = 1; i <= rows; i += 1) {
    const day = `2027-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const due = i % 10 === 0 ? `,${day},Europe/Berlin` : `${day}T09:00:00Z,,`;
    const rule = i % 20 === 0 ? 'FREQ=WEEKLY' : '';
    lines.push(
      `Imported task ${i},"Row ${i}, generated",todo,${priorities[i % 4]},"bench,row${i % 50}",${due},${rule}`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const user = await signUp();
  const content = generatedCsv(ROWS);
  log(`${ROWS} rows, ${(content.length / 1e6).toFixed(2)} MB of CSV`);
  const started = performance.now();
  const importCpu = cpuPhase();
  const posted = await user.api.post('imports', { format: 'csv', content });
  if (posted.status !== 202) throw new Error(`POST /imports: HTTP ${posted.status} ${JSON.stringify(posted.body)}`);
  const acceptedMs = performance.now() - started;
  log(`accepted (file read and stored) in ${(acceptedMs / 1000).toFixed(2)} s`);
  const progress: string[] = [];
  for (;;) {
    const job = (await user.api.get(`imports/${posted.body.id}?status=skipped`)).body;
    const seconds = (performance.now() - started) / 1000;
    progress.push(`${seconds.toFixed(1)}s:${job.processed}`);
    if (job.status === 'done' || job.status === 'failed') {
      log(`status ${job.status}: ${job.created} created, ${job.skipped} skipped of ${job.total}`);
      log(`total ${seconds.toFixed(1)} s, ${(job.total / seconds).toFixed(0)} rows/s (from POST to done)`);
      log(`progress (time:processed) ${progress.filter((_, i) => i % 5 === 0).join(' ')}`);
      console.log(`\n${importCpu('the import (POST to done)', job.total, 'row')}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
