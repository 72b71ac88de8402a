/**
 * Dapr component names, shared by the code, dapr-components/ and the Helm chart.
 * components.test.ts checks that dapr-components/ defines exactly these.
 */
export const Component = {
  pubsub: 'pubsub',
  /**
   * The same Kafka, but every replica its own consumer group (realtime-sync:
   * a user's sockets may sit on any replica, so each needs every update).
   */
  pubsubBroadcast: 'pubsub-broadcast',
  stateStore: 'statestore',
  secretStore: 'secretstore',
  reminderSweep: 'reminder-sweep',
  recurrenceSweep: 'recurrence-sweep',
  outboxSweep: 'outbox-sweep',
  /** Drives webhook-agent's retries (issue 20). */
  webhookSweep: 'webhook-sweep',
} as const;

export type ComponentName = (typeof Component)[keyof typeof Component];

/** Keys in the secret store (a local file here, Kubernetes secrets in the cluster). */
export const Secret = {
  /** The schema owner: migrations only (no app reads it). */
  databaseUrl: 'database-url',
  /** tasks-api's own role: its tables only (issue 15). */
  tasksDatabaseUrl: 'tasks-database-url',
  /** audit-agent's own role: may only read and append audit entries. */
  auditDatabaseUrl: 'audit-database-url',
  /** reminder-agent's own role: its tables only. */
  reminderDatabaseUrl: 'reminder-database-url',
  /** webhook-agent's own role: its tables only (issue 20). */
  webhookDatabaseUrl: 'webhook-database-url',
  /**
   * Encrypts webhooks' signing secrets at rest (AES-256-GCM): webhook-agent
   * only, so a copy of its tables alone cannot forge a signature (issue 20).
   */
  webhookSecretKey: 'webhook-secret-key',
  /** Signs access tokens (Ed25519, PKCS#8 PEM): tasks-api only. */
  jwtPrivateKey: 'jwt-private-key',
  /** Verifies access tokens (Ed25519, SPKI PEM): every service that serves users. */
  jwtPublicKey: 'jwt-public-key',
  /** reminder-agent's SMTP login (host and port are configuration, not secrets). */
  smtpUsername: 'smtp-username',
  smtpPassword: 'smtp-password',
  /** VAPID keys for web push: reminder-agent signs with the private key; browsers subscribe with the public one. */
  vapidPublicKey: 'vapid-public-key',
  vapidPrivateKey: 'vapid-private-key',
  /**
   * Derives the token in account email links from the id an event carries
   * (HMAC-SHA256): tasks-api and reminder-agent only, so the token itself is
   * never in an event (issue 15).
   */
  accountTokenKey: 'account-token-key',
  /** Signs web's session cookie (the cookie holds only the session id; the session lives in the state store). */
  webSessionSecret: 'web-session-secret',
} as const;
