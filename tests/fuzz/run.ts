// The fuzz stage of npm test (issue 15): schemathesis against every service's
// served OpenAPI document, reached as a client app reaches Taskmesh (through
// its own sidecar's service invocation API), a bounded number of examples per
// operation, seeded. Passes only with 0 responses 5xx and 0 responses that
// contradict the document. Run by tests/fuzz/run.sh on a running stack.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppId, localClientAppId } from '@taskmesh/contracts';
import {
  daprApiToken,
  type ExtraSidecar,
  httpRequest,
  repoRoot,
  sidecarPort,
  signUp,
  startSidecar,
} from '@taskmesh/testing';

const schemathesis = process.env.SCHEMATHESIS_BIN ?? 'schemathesis';
// Examples per operation in the fuzzing phase (the coverage phase adds its own
// deterministic boundary cases): the whole stage stays under ~3 minutes on the
// project's 2-core machine.
const maxExamples = process.env.FUZZ_MAX_EXAMPLES ?? '40';
const seed = process.env.FUZZ_SEED ?? '15';
const reportDir = path.join(repoRoot, 'test-artifacts', 'fuzz');

// The sample client's app id, which access control lets call the public APIs
// (packages/contracts/src/access.ts); ports clear of the stack's and the tests'.
const clientPorts = { httpPort: 3598, grpcPort: 3698, internalGrpcPort: 3798 };

/**
 * Which responses count as failures, from schemathesis 4's checks reference:
 * - not_a_server_error: no 5xx, whatever the input;
 * - status_code_conformance, content_type_conformance,
 *   response_headers_conformance, response_schema_conformance: every response
 *   is one the document names, with its media type, headers and body schema;
 * - negative_data_rejection: input the document calls invalid is refused
 *   (else the document is stricter than the service and misleads clients);
 * - ignored_auth, missing_required_header: an operation marked bearerAuth
 *   refuses a request without a valid token with 401;
 * - use_after_free: what a DELETE removed is gone for the operations that
 *   read it (stateful phase, links inferred by schemathesis).
 * Left out, each for a reason:
 * - positive_data_acceptance (schema-valid input must get 2xx): our rules are
 *   richer than JSON Schema says (IANA zone names, RRULE grammar, "exactly one
 *   of at/beforeDue/afterDue", opaque cursors, If-Match against the current
 *   version), so schema-valid input rightly gets the documented 400 or 412;
 * - ensure_resource_availability: it follows links schemathesis infers from
 *   path shapes, e.g. POST /tasks to GET /tasks/{id}/recurrence, and a task
 *   that does not recur rightly has no recurrence (404);
 * - unsupported_method, allow_header_conformance (405 with Allow for methods a
 *   path does not list): an unrouted method is the same documented 404
 *   problem+json as an unrouted path, and Dapr access control, not the app,
 *   answers many such calls;
 * - object_level_authorization: needs a second user's resources by name;
 *   tests/integration covers cross-user access (another user's task is 404);
 * - max_response_time: timings are measured by benchmarks, never asserted.
 */
const checks = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'ignored_auth',
  'missing_required_header',
  'use_after_free',
];

interface Target {
  name: string;
  appId: AppId;
  /** The sidecar the calls go through. */
  port: number;
  filter: string[];
}

interface Report {
  /** Failures tests/fuzz/hooks.py dropped (daprd's own refusals; see there). */
  filtered: number;
  operations: { selected: number; tested: number; errored: number } | null;
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
  failures: { title: string; count: number; operations: string[] }[];
  errors: { title: string; count: number }[];
  exit_code: number;
}

function targets(clientPort: number): Target[] {
  return [
    // Internal routes are for recurrence-agent alone (access control refuses
    // every other caller with 403 before tasks-api sees the call): they are
    // fuzzed through recurrence-agent's sidecar below.
    { name: 'tasks-api', appId: AppId.tasksApi, port: clientPort, filter: ['--exclude-tag', 'internal'] },
    {
      name: 'tasks-api internal (as recurrence-agent)',
      appId: AppId.tasksApi,
      port: sidecarPort(AppId.recurrenceAgent),
      filter: ['--include-tag', 'internal'],
    },
    { name: 'audit-agent', appId: AppId.auditAgent, port: clientPort, filter: [] },
    { name: 'reminder-agent', appId: AppId.reminderAgent, port: clientPort, filter: [] },
    { name: 'webhook-agent', appId: AppId.webhookAgent, port: clientPort, filter: [] },
  ];
}

const invokeBase = (port: number, appId: string) => `http://127.0.0.1:${port}/v1.0/invoke/${appId}/method`;

/** The document the service serves, as the client's sidecar hands it out. */
async function servedDocument(clientPort: number, appId: AppId): Promise<string> {
  const file = path.join(reportDir, `${appId}.openapi.json`);
  const served = await httpRequest(`${invokeBase(clientPort, appId)}/openapi.json`);
  if (served.status !== 200) throw new Error(`GET ${appId}/openapi.json: HTTP ${served.status}`);
  writeFileSync(file, JSON.stringify(served.body, null, 2));
  return file;
}

function runSchemathesis(target: Target, document: string, env: NodeJS.ProcessEnv): Promise<Report> {
  const slug = target.name.replace(/[^a-z]+/g, '-').replace(/-$/, '');
  const reportFile = path.join(reportDir, `${slug}.report.json`);
  const args = [
    ...['--config-file', path.join(__dirname, 'schemathesis.toml'), '--no-color'],
    'run',
    document,
    ...['--url', invokeBase(target.port, target.appId)],
    ...target.filter,
    ...['--checks', checks.join(',')],
    ...['--max-examples', maxExamples, '--seed', seed],
    // One worker: with two, Hypothesis parses lambdas' source on both threads
    // at once, which Debian's Python 3.11.2 fails on (CPython gh-106905, fixed
    // in 3.11.7) as a "Runtime Error" of the run.
    ...['--workers', '1'],
    ...['--report', 'json,junit', '--report-dir', path.join(reportDir, slug), '--report-json-path', reportFile],
  ];
  // Its console output goes to a log, printed only when the target failed: its
  // pytest-style closing lines ("1 warning in 7.53s") read as a run of no test
  // to tools that parse CI output, and the summary below says what ran.
  const logFile = path.join(reportDir, `${slug}.log`);
  console.log(
    `==> schemathesis: ${target.name} through ${target.port} (output in ${path.relative(repoRoot, logFile)})`,
  );
  const log = createWriteStream(logFile);
  return new Promise((resolve, reject) => {
    const child = spawn(schemathesis, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', reject);
    child.on('close', (code) => {
      log.end(() => {
        try {
          const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
          if (code !== 0 || report.exit_code !== 0) process.stdout.write(readFileSync(logFile, 'utf8'));
          resolve(report);
        } catch (error) {
          process.stdout.write(readFileSync(logFile, 'utf8'));
          reject(new Error(`schemathesis wrote no report for ${target.name}: ${String(error)}`));
        }
      });
    });
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  let sidecar: ExtraSidecar | undefined;
  try {
    sidecar = await startSidecar({ appId: localClientAppId, ...clientPorts });
    // signUp goes through the client sidecar this variable names.
    process.env.TEST_SIDECAR_HTTP_PORT = String(clientPorts.httpPort);
    const user = await signUp();
    const env = {
      ...process.env,
      DAPR_API_TOKEN: daprApiToken(),
      FUZZ_ACCESS_TOKEN: user.accessToken,
      // An address of its own per run (IPv6 documentation range): see schemathesis.toml.
      FUZZ_CLIENT_ADDRESS: `2001:db8:f022:${randomBytes(2).toString('hex')}::1`,
    };
    const results: { target: Target; report: Report }[] = [];
    for (const target of targets(clientPorts.httpPort)) {
      const document = await servedDocument(clientPorts.httpPort, target.appId);
      results.push({ target, report: await runSchemathesis(target, document, env) });
    }
    return summarize(results, (Date.now() - started) / 1000);
  } finally {
    sidecar?.stop();
  }
}

function summarize(results: { target: Target; report: Report }[], seconds: number): number {
  console.log(`\n==> Fuzz summary (schemathesis, seed ${seed}, ${maxExamples} examples per operation)`);
  let failed = false;
  for (const { target, report } of results) {
    const failures = report.failures.reduce((sum, f) => sum + f.count, 0);
    const errors = report.errors.reduce((sum, e) => sum + e.count, 0);
    console.log(
      `    ${target.name}: ${report.operations?.tested ?? 0} operations, ${report.test_cases.generated} test cases, ` +
        `${failures} failures, ${errors} errors (${report.filtered} dropped as daprd's own, see hooks.py)`,
    );
    for (const failure of report.failures)
      console.log(`      ${failure.title} (${failure.count}): ${failure.operations.join(', ')}`);
    for (const error of report.errors) console.log(`      error: ${error.title} (${error.count})`);
    // A filter that stops matching would otherwise pass by testing nothing.
    if (!report.operations?.tested) console.log('      tested no operation');
    if (report.exit_code !== 0 || failures > 0 || errors > 0 || !report.operations?.tested) failed = true;
  }
  const total = (count: (r: Report) => number) => results.reduce((sum, { report }) => sum + count(report), 0);
  console.log(
    `    in all: ${total((r) => r.operations?.tested ?? 0)} operations, ${total((r) => r.test_cases.generated)} test cases, ` +
      `${total((r) => r.failures.reduce((sum, f) => sum + f.count, 0))} failures, ${seconds.toFixed(1)} s; ` +
      `reports in ${path.relative(repoRoot, reportDir)}/`,
  );
  return failed ? 1 : 0;
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
