import { randomUUID } from 'node:crypto';
import { invoke } from './stack';

/** A fresh user id, so every test owns its data and tests never depend on order. */
export const newUserId = (): string => randomUUID();

let counter = 0;

/** Creates a task through Dapr service invocation of tasks-api. */
export async function createTask(userId: string, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const result = await invoke('tasks-api', 'tasks', {
    method: 'POST',
    headers: { 'x-user-id': userId },
    body: { title: `Task ${counter} ${randomUUID().slice(0, 8)}`, ...overrides },
  });
  if (result.status !== 201) throw new Error(`createTask: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  return result.body as { id: string; title: string; version: number; ownerId: string; tags: string[] };
}
