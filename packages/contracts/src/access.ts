import { AppId } from './app-ids';
import { Secret } from './components';

/**
 * Who may read what and call whom: the single source for each sidecar's
 * Configuration (secret scopes and access control), locally
 * (dapr-components/config/<app-id>.yaml, written by scripts/write-dapr-config.ts)
 * and in the Helm chart (checked against this by the deployment tests).
 * Everything not granted here is denied (issue 15).
 */

/** The secrets each app reads from the secret store; its sidecar refuses every other key. */
export const secretsOf: Record<AppId, readonly string[]> = {
  [AppId.tasksApi]: [Secret.tasksDatabaseUrl, Secret.jwtPrivateKey, Secret.vapidPublicKey, Secret.accountTokenKey],
  [AppId.auditAgent]: [Secret.auditDatabaseUrl, Secret.jwtPublicKey],
  [AppId.recurrenceAgent]: [],
  [AppId.reminderAgent]: [
    Secret.reminderDatabaseUrl,
    Secret.jwtPublicKey,
    Secret.smtpUsername,
    Secret.smtpPassword,
    Secret.vapidPublicKey,
    Secret.vapidPrivateKey,
    Secret.accountTokenKey,
  ],
  [AppId.realtimeSync]: [Secret.jwtPublicKey],
  [AppId.webhookAgent]: [Secret.webhookDatabaseUrl, Secret.jwtPublicKey, Secret.webhookSecretKey],
  [AppId.web]: [Secret.webSessionSecret],
};

/**
 * Operations as Dapr access control matches them: the invoked method path,
 * `*` one segment, `**` any number.
 */
export type Operation = `/${string}`;

/** Each app's API for people, which web (and client apps) invoke on a user's behalf. */
export const publicOperations: Partial<Record<AppId, readonly Operation[]>> = {
  [AppId.tasksApi]: [
    '/auth/**',
    '/me/**',
    '/tasks',
    '/tasks/**',
    '/projects',
    '/projects/**',
    '/invites/**',
    '/push/**',
    '/recurrence/**',
    '/calendar-feeds',
    '/calendar-feeds/**',
    // A feed by its secret token (web serves it to calendar apps; issue 20).
    '/calendars/**',
    // Imports (issue 20): web posts the file and polls the job.
    '/imports',
    '/imports/**',
    '/openapi.json',
    '/asyncapi.json',
  ],
  [AppId.auditAgent]: ['/audit-entries', '/openapi.json'],
  [AppId.reminderAgent]: ['/notifications', '/notifications/**', '/openapi.json'],
  // Outbound webhooks (issue 20): registrations, deliveries, dead letters and replays.
  [AppId.webhookAgent]: ['/webhooks', '/webhooks/**', '/openapi.json'],
};

/** Routes one Taskmesh app offers another, and no one else. */
export const internalOperations: Partial<Record<AppId, Partial<Record<AppId, readonly Operation[]>>>> = {
  [AppId.tasksApi]: {
    [AppId.recurrenceAgent]: ['/internal/**'],
    // Project membership (issue 19): realtime-sync asks which projects a
    // connecting user may see; audit-agent whether a reader is a member of
    // the project whose activity they ask for.
    // Personal access tokens (issue 20; decision 013): the apps that serve users ask tasks-api.
    [AppId.realtimeSync]: ['/internal/memberships/**', '/internal/access-tokens/verify'],
    [AppId.auditAgent]: ['/internal/memberships/**', '/internal/access-tokens/verify'],
    [AppId.reminderAgent]: ['/internal/access-tokens/verify'],
    // Webhooks (issue 20): who may see, and who may manage the webhooks of, an event's project.
    [AppId.webhookAgent]: ['/internal/project-members/*', '/internal/access-tokens/verify'],
  },
};

/**
 * The app id of the sample client that `npm start` lets call the public APIs
 * (tests/clients/taskmesh_client.py uses it). In a cluster, operators list
 * their own client apps in the chart's `dapr.accessControl.clients`.
 */
export const localClientAppId = 'example-client';

/** Per callee: each caller that may invoke it, with the operations it may invoke. */
export function invocationGrants(callee: AppId, clients: readonly string[]): Record<string, readonly Operation[]> {
  const grants: Record<string, Operation[]> = {};
  const publicOps = publicOperations[callee] ?? [];
  if (publicOps.length > 0) for (const caller of [AppId.web, ...clients]) grants[caller] = [...publicOps];
  for (const [caller, operations] of Object.entries(internalOperations[callee] ?? {}))
    grants[caller] = [...(grants[caller] ?? []), ...(operations ?? [])];
  return grants;
}
