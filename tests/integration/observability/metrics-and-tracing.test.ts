import { randomBytes } from 'node:crypto';
import { createTask, readTopicSince, runFileApps, signUp, topicEndOffsets, waitFor } from '@taskmesh/testing';
import { io } from 'socket.io-client';

// Each service serves Prometheus metrics on its own port (METRICS_PORT), next
// to its sidecar's (daprd's metrics port). Prometheus scrapes both.
const app = (appId: string) => {
  const found = runFileApps().find((a) => a.appID === appId);
  if (!found?.env?.METRICS_PORT) throw new Error(`${appId} has no METRICS_PORT in dapr.yaml`);
  return { ...found, appMetrics: Number(found.env.METRICS_PORT) };
};

async function scrape(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample, e.g. sample(text, 'x_total', { topic: 't' }); undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('metrics and tracing', () => {
  it('counts requests, latency and errors by route pattern on tasks-api, and the outbox depth', async () => {
    const user = await signUp();
    const task = await createTask(user);
    expect((await user.api.get(`tasks/${task.id}`)).status).toBe(200);
    const text = await scrape(app('tasks-api').appMetrics);
    expect(
      sample(text, 'taskmesh_http_requests_total', { method: 'GET', route: '/tasks/:id', status: '200' }),
    ).toBeGreaterThan(0);
    expect(
      sample(text, 'taskmesh_http_request_duration_seconds_count', { method: 'POST', route: '/tasks' }),
    ).toBeGreaterThan(0);
    expect(text).toContain('# TYPE taskmesh_http_server_errors_total counter');
    // One series per route, never per task id.
    expect(text).not.toContain(task.id);
    expect(sample(text, 'taskmesh_outbox_pending_events', { table: 'outbox_events' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'taskmesh_process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('counts events handled by topic and outcome on the agents', async () => {
    const user = await signUp();
    await createTask(user);
    await waitFor('audit-agent to count task-events', async () => {
      const text = await scrape(app('audit-agent').appMetrics);
      return (sample(text, 'taskmesh_events_handled_total', { topic: 'task-events', outcome: 'success' }) ?? 0) > 0
        ? true
        : undefined;
    });
    const audit = await scrape(app('audit-agent').appMetrics);
    expect(sample(audit, 'taskmesh_outbox_pending_events', { table: 'audit_outbox_events' })).toBeGreaterThanOrEqual(0);
  });

  it('shows reminder lateness by channel and connected sockets', async () => {
    const user = await signUp();
    const socket = io(`http://127.0.0.1:${app('realtime-sync').appPort}`, {
      auth: { token: user.accessToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const realtime = await scrape(app('realtime-sync').appMetrics);
      expect(sample(realtime, 'taskmesh_realtime_connected_sockets')).toBeGreaterThanOrEqual(1);
    } finally {
      socket.disconnect();
    }
    const task = await createTask(user);
    const at = new Date(Date.now() + 1500).toISOString();
    expect((await user.api.post(`tasks/${task.id}/reminders`, { at, channels: ['in_app'] })).status).toBe(201);
    await waitFor('a lateness sample for in_app', async () => {
      const text = await scrape(app('reminder-agent').appMetrics);
      return (sample(text, 'taskmesh_reminder_lateness_seconds_count', { channel: 'in_app' }) ?? 0) > 0
        ? true
        : undefined;
    });
  });

  it('leaves daprd’s own metrics on the sidecar’s metrics port', async () => {
    const text = await scrape(app('tasks-api').metricsPort);
    expect(text).toContain('dapr_http_server_request_count');
    expect(text).toContain('dapr_component_pubsub_egress_bulk_count');
  });

  it('carries each API call’s trace through the outbox to Kafka, and through audit-agent to its own event', async () => {
    // Dapr continues the trace a caller starts; tasks-api stores it in the
    // outbox event, and Dapr keeps an event's own traceparent when the relay
    // publishes it later, outside the request. Six calls at once, each its own
    // trace: the relay publishes them together and audit-agent receives them
    // in one bulk delivery, yet each audit-logs event must stay in its own trace.
    const user = await signUp();
    const since = topicEndOffsets('task-events');
    const auditSince = topicEndOffsets('audit-logs');
    const calls = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const traceId = randomBytes(16).toString('hex');
        const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
        const created = await user.api.post('tasks', { title: `traced ${i}` }, { traceparent });
        expect(created.status).toBe(201);
        return { taskId: created.body.id as string, traceId };
      }),
    );
    type Published = {
      subject?: string;
      type?: string;
      traceparent?: string;
      traceid?: string;
      data?: { taskId?: string };
    };
    const traceOf = (e: Published | undefined) => e?.traceparent?.split('-')[1];
    let events: Published[] = [];
    await waitFor('the task.created events on task-events', async () => {
      events = readTopicSince('task-events', since).map((line) => JSON.parse(line) as Published);
      return calls.every((c) => events.some((e) => e.subject === c.taskId)) ? true : undefined;
    });
    let entries: Published[] = [];
    await waitFor('the audit entries on audit-logs', async () => {
      entries = readTopicSince('audit-logs', auditSince).map((line) => JSON.parse(line) as Published);
      return calls.every((c) => entries.some((e) => e.data?.taskId === c.taskId)) ? true : undefined;
    });
    for (const { taskId, traceId } of calls) {
      const event = events.find((e) => e.subject === taskId && e.type === 'task.created');
      expect([taskId, traceOf(event), event?.traceid?.split('-')[1]]).toEqual([taskId, traceId, traceId]);
      expect([taskId, traceOf(entries.find((e) => e.data?.taskId === taskId))]).toEqual([taskId, traceId]);
    }
  });
});
