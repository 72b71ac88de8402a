import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { AppError, ErrorCode } from './errors';
import { httpRequestsShed } from './metrics';

/**
 * Admission control (issue 21): past its capacity an app refuses work at the
 * door, 429 with Retry-After, instead of taking every request and answering
 * all of them slowly (or, once the database pool's wait runs out, with 500s).
 * 429, not 503: the callers' sidecars retry 503 (resiliency.yaml, five times,
 * for a replica that is restarting), so a refusal with 503 came back six
 * times and held the caller for seconds; 429 reaches the caller at once.
 * At most `maxInFlight` requests run at once; up to `maxQueued` more wait, each
 * at most `maxWaitMs`, for a slot in arrival order; the rest are refused at
 * once. The ones it admits keep the latency of a loaded, not an overloaded, app.
 */
export interface AdmissionSettings {
  /** Requests handled at once; 0 turns admission control off. */
  maxInFlight: number;
  /** Requests waiting for a slot. */
  maxQueued: number;
  /** How long one may wait for a slot before it is refused. */
  maxWaitMs: number;
}

const count = (fallback: number) => z.coerce.number().int().min(0).max(100_000).default(fallback);

/**
 * Every service's admission settings (spread into baseEnv). The defaults fit
 * tasks-api on two cores, where the work is CPU-bound: 10 at once (its
 * database pool) keeps both cores busy, and more only lengthen each request
 * (32 at once measured p50 234 ms at the same throughput). What refuses is
 * the wait, not the queue's length: a burst the app clears within 250 ms is
 * served whatever its size (the queue's bound, 256, only caps memory), while
 * under sustained overload nothing admitted waits longer than that.
 */
export const admissionEnv = {
  ADMISSION_MAX_IN_FLIGHT: count(10),
  ADMISSION_MAX_QUEUED: count(256),
  ADMISSION_MAX_WAIT_MS: count(250),
};

export interface AdmissionGate {
  admit(res: Response, next: (error?: unknown) => void): void;
  readonly inFlight: number;
  readonly queued: number;
}

function refusal(reason: 'queue full' | 'waited too long'): AppError {
  httpRequestsShed.inc({ reason });
  return new AppError(ErrorCode.overloaded, 'Too busy right now; try again in a second', {
    headers: { 'retry-after': '1' },
    extra: { reason },
  });
}

export function admissionGate({ maxInFlight, maxQueued, maxWaitMs }: AdmissionSettings): AdmissionGate {
  let inFlight = 0;
  const queue: Array<{ start: () => void; timer: NodeJS.Timeout }> = [];

  function run(res: Response, next: (error?: unknown) => void): void {
    inFlight += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight -= 1;
      const waiter = queue.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.start();
      }
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  }

  return {
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return queue.length;
    },
    admit(res, next) {
      if (inFlight < maxInFlight) {
        run(res, next);
        return;
      }
      if (queue.length >= maxQueued) {
        next(refusal('queue full'));
        return;
      }
      const waiter = {
        start: () => run(res, next),
        timer: setTimeout(() => {
          remove();
          next(refusal('waited too long'));
        }, maxWaitMs),
      };
      const remove = () => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
      };
      queue.push(waiter);
      // A caller that gave up while waiting leaves its place.
      res.once('close', () => {
        if (queue.includes(waiter)) {
          clearTimeout(waiter.timer);
          remove();
        }
      });
    },
  };
}

/**
 * Which requests the gate governs: calls made through service invocation
 * (the caller's sidecar names its app), other than one app's internal call to
 * another. Not the sidecar's own deliveries (events, cron ticks: Dapr retries
 * and paces those), nor probes and metrics, which must answer when busy most.
 */
export function isShedable(path: string, callerAppId: string | undefined): boolean {
  return callerAppId !== undefined && !path.startsWith('/internal/');
}

/**
 * The gate's place in every app (createHttpApp puts it before body parsing,
 * so a refused request costs next to nothing). It acts once bootService has
 * set `app.locals.admission` from the validated environment.
 */
export const admissionControl: RequestHandler = (req, res, next) => {
  const gate = req.app.locals.admission as AdmissionGate | undefined;
  if (!gate || !isShedable(req.path, req.header('dapr-caller-app-id'))) {
    next();
    return;
  }
  gate.admit(res, next);
};
