import { invoke, signUp, waitFor } from '@taskmesh/testing';

// The walking skeleton's flow (issue 2), shared by the integration test on the
// host stack and the compose deployment's test (issue 17): a task created by
// Dapr service invocation through the client sidecar is stored by tasks-api,
// published through its outbox to Kafka via Dapr pub/sub, and recorded by
// audit-agent.

interface AuditEntry {
  eventId: string;
  eventType: string;
  taskId: string;
  ownerId: string;
  actorId: string;
  taskVersion: number;
  after: { title: string; tags: string[] };
}

export async function walkingSkeleton(): Promise<void> {
  const user = await signUp();
  const userId = user.id;
  const created = await user.api.post('tasks', {
    title: 'Water the plants',
    tags: ['home', 'garden'],
    priority: 'high',
  });
  expect(created.status).toBe(201);
  expect(created.headers.get('etag')).toBe('"1"');
  expect(created.body).toMatchObject({
    title: 'Water the plants',
    ownerId: userId,
    status: 'todo',
    priority: 'high',
    tags: ['home', 'garden'],
    version: 1,
  });
  const taskId = created.body.id as string;

  const listed = await user.api.get('tasks');
  expect(listed.status).toBe(200);
  expect(listed.body.items.map((t: { id: string }) => t.id)).toEqual([taskId]);

  const entries = await waitFor('the audit row of task.created', async () => {
    const result = await invoke<{ items: AuditEntry[] }>('audit-agent', `audit-entries?taskId=${taskId}`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    return result.status === 200 && result.body.items.length > 0 ? result.body.items : undefined;
  });
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({
    eventType: 'task.created',
    taskId,
    ownerId: userId,
    actorId: userId,
    taskVersion: 1,
    after: { title: 'Water the plants', tags: ['home', 'garden'] },
  });
}
