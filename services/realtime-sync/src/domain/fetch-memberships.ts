import { AppId, ProjectRole } from '@taskmesh/contracts';
import { type DaprClient, invocationPath } from '@taskmesh/platform';
import { z } from 'zod';

const Memberships = z.object({
  projects: z.array(z.object({ projectId: z.string().uuid(), role: ProjectRole, seq: z.number().int().min(0) })),
  /** tasks-api listed only the first ones (absent from older tasks-api versions). */
  truncated: z.boolean().default(false),
});
export type Memberships = z.infer<typeof Memberships>;
export type Membership = Memberships['projects'][number];

/**
 * The projects a connecting user sees, from tasks-api by service invocation
 * (`GET /internal/memberships/:userId`, granted to realtime-sync alone in
 * contracts' access.ts). tasks-api lists at most 1000, in sidebar order; the
 * hub joins at most its own cap of them. Throws when tasks-api cannot answer:
 * a socket that joined no rooms would silently miss every shared update.
 */
export async function fetchMemberships(dapr: DaprClient, userId: string, timeoutMs = 5_000): Promise<Memberships> {
  const response = await dapr.invoke(AppId.tasksApi, invocationPath`internal/memberships/${userId}`, { timeoutMs });
  if (!response.ok) throw new Error(`memberships of ${userId}: HTTP ${response.status} ${await response.text()}`);
  return Memberships.parse(await response.json());
}

export type MembershipSource = (userId: string) => Promise<Memberships>;
