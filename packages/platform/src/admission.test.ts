import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { admissionGate, isShedable } from './admission';
import { AppError } from './errors';

/** A response that can be finished (answered) or closed (the caller left). */
const response = () => new EventEmitter() as unknown as Response & EventEmitter;

/** Admits one request; says whether it ran, and with which error it was refused. */
function arrive(gate: ReturnType<typeof admissionGate>) {
  const res = response();
  const outcome: { ran: boolean; error?: AppError } = { ran: false };
  gate.admit(res, (error?: unknown) => {
    if (error) outcome.error = error as AppError;
    else outcome.ran = true;
  });
  return { res, outcome, finish: () => res.emit('finish') };
}

describe('admissionGate', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs up to maxInFlight at once and queues the next in arrival order', () => {
    const gate = admissionGate({ maxInFlight: 2, maxQueued: 2, maxWaitMs: 100 });
    const [a, b, c, d] = [arrive(gate), arrive(gate), arrive(gate), arrive(gate)];
    expect([a, b, c, d].map((r) => r.outcome.ran)).toEqual([true, true, false, false]);
    expect([gate.inFlight, gate.queued]).toEqual([2, 2]);
    a.finish();
    expect([c.outcome.ran, d.outcome.ran]).toEqual([true, false]);
    // finish and close both fire for one response: its slot is released once.
    a.res.emit('close');
    expect([gate.inFlight, gate.queued]).toEqual([2, 1]);
  });

  it('refuses at once when the queue is full, with 429 and Retry-After', () => {
    const gate = admissionGate({ maxInFlight: 1, maxQueued: 1, maxWaitMs: 100 });
    arrive(gate);
    arrive(gate);
    const refused = arrive(gate);
    expect(refused.outcome.ran).toBe(false);
    expect(refused.outcome.error?.status).toBe(429);
    expect(refused.outcome.error?.headers).toEqual({ 'retry-after': '1' });
  });

  it('refuses a request that waited maxWaitMs, and never runs it afterwards', () => {
    const gate = admissionGate({ maxInFlight: 1, maxQueued: 5, maxWaitMs: 100 });
    const first = arrive(gate);
    const waiting = arrive(gate);
    jest.advanceTimersByTime(99);
    expect(waiting.outcome).toEqual({ ran: false });
    jest.advanceTimersByTime(1);
    expect(waiting.outcome.error?.status).toBe(429);
    expect(gate.queued).toBe(0);
    first.finish();
    expect(waiting.outcome.ran).toBe(false);
    expect(gate.inFlight).toBe(0);
  });

  it('drops a waiting request whose caller left, so it takes no slot', () => {
    const gate = admissionGate({ maxInFlight: 1, maxQueued: 5, maxWaitMs: 100 });
    const first = arrive(gate);
    const gone = arrive(gate);
    const next = arrive(gate);
    gone.res.emit('close');
    expect(gate.queued).toBe(1);
    first.finish();
    expect([gone.outcome.ran, next.outcome.ran]).toEqual([false, true]);
  });
});

describe('isShedable', () => {
  it('governs invocations from other apps and clients, not internal calls or the sidecar’s own deliveries', () => {
    expect(isShedable('/tasks', 'web')).toBe(true);
    expect(isShedable('/internal/access-tokens/verify', 'audit-agent')).toBe(false);
    expect(isShedable('/events/task-events', undefined)).toBe(false);
    expect(isShedable('/outbox-sweep', undefined)).toBe(false);
  });
});
