import { z } from 'zod';
import { admissionEnv } from './admission';

/**
 * Validates a service's environment at boot against one zod schema. On any
 * bad field it prints every problem (one line each) and exits non-zero, so a
 * misconfigured service never half-starts.
 */
export function parseEnv<TSchema extends z.ZodTypeAny>(
  schema: TSchema,
  source: NodeJS.ProcessEnv = process.env,
): z.infer<TSchema> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  process.stderr.write(`Invalid environment:\n${lines.join('\n')}\n`);
  process.exit(1);
}

const port = z.coerce.number().int().min(1).max(65535);

/** Settings every Taskmesh service reads: its own port and its sidecar's. */
export const baseEnv = {
  APP_ID: z.string().min(1),
  APP_PORT: port,
  /**
   * Where the app listens. Loopback: only its own sidecar reaches it. In a pod
   * 0.0.0.0, so the kubelet's probes reach it; the app API token still turns
   * away anything but the sidecar.
   */
  APP_HOST: z.string().default('127.0.0.1'),
  DAPR_HTTP_PORT: port,
  DAPR_API_TOKEN: z.string().optional(),
  APP_API_TOKEN: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prometheus metrics (GET /metrics) on this port; none when unset. */
  METRICS_PORT: port.optional(),
  /** Where the metrics port listens: 0.0.0.0 in a pod, so Prometheus can scrape it. */
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** How long to wait for in-flight work on SIGTERM before exiting anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Admission control (issue 21): how much work the app takes at once before it sheds with 503. */
  ...admissionEnv,
};
