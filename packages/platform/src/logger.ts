import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

/** Carries the correlation id of the request or event being handled. */
export interface RequestContext {
  correlationId: string;
  /** The W3C trace context the sidecar sent, carried into outbox events so one trace spans API call, event and agent. */
  traceparent?: string;
  tracestate?: string;
}

export const correlationStore = new AsyncLocalStorage<RequestContext>();

/** The current request's trace context (undefined outside a request or without tracing). */
export function traceContext(): { traceparent: string; tracestate?: string } | undefined {
  const store = correlationStore.getStore();
  return store?.traceparent ? { traceparent: store.traceparent, tracestate: store.tracestate } : undefined;
}

export function correlationId(): string | undefined {
  return correlationStore.getStore()?.correlationId;
}

/** Structured JSON logs, one object per line, with the correlation id on every line. */
export function createLogger(appId: string, level = process.env.LOG_LEVEL ?? 'info') {
  return pino({
    level,
    base: { app: appId },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const id = correlationId();
      return id ? { correlationId: id } : {};
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
