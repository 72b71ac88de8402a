import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

/** Carries the correlation id of the request or event being handled. */
export const correlationStore = new AsyncLocalStorage<{ correlationId: string }>();

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
