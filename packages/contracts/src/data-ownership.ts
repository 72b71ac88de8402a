import { AppId } from './app-ids';
import { Secret } from './components';

/**
 * Who owns which data (issue 16): each service that keeps data owns one
 * PostgreSQL schema, named after its app id, and connects as a role that may
 * use that schema only (prisma/migrations/20261202074500_schema_per_service).
 * Which table lives in which schema is said once, by `@@schema` in
 * prisma/schema.prisma; tests/architecture/data-ownership.test.ts checks
 * every service's code against both.
 */
export const DbSchema = {
  tasksApi: 'tasks_api',
  auditAgent: 'audit_agent',
  reminderAgent: 'reminder_agent',
  webhookAgent: 'webhook_agent',
} as const;

export type DbSchema = (typeof DbSchema)[keyof typeof DbSchema];

/** The schema each app owns; an app without one keeps no data of its own and has no database role. */
export const schemaOwnedBy: Record<AppId, DbSchema | undefined> = {
  [AppId.tasksApi]: DbSchema.tasksApi,
  [AppId.auditAgent]: DbSchema.auditAgent,
  [AppId.recurrenceAgent]: undefined,
  [AppId.reminderAgent]: DbSchema.reminderAgent,
  [AppId.realtimeSync]: undefined,
  [AppId.webhookAgent]: DbSchema.webhookAgent,
  [AppId.web]: undefined,
};

/**
 * The database role of each schema's owner, and the secret holding its
 * connection URL (generated locally by infra/generate-secrets.mjs).
 */
export const databaseRoleOf: Record<DbSchema, { role: string; secret: string }> = {
  [DbSchema.tasksApi]: { role: 'taskmesh_tasks_api', secret: Secret.tasksDatabaseUrl },
  [DbSchema.auditAgent]: { role: 'taskmesh_audit_agent', secret: Secret.auditDatabaseUrl },
  [DbSchema.reminderAgent]: { role: 'taskmesh_reminder_agent', secret: Secret.reminderDatabaseUrl },
  [DbSchema.webhookAgent]: { role: 'taskmesh_webhook_agent', secret: Secret.webhookDatabaseUrl },
};

/**
 * Other owners' schemas an app reads by contract (granted SELECT in a
 * migration). None today: reads across services go through service invocation
 * or through the events the reader keeps (ARCHITECTURE.md, "Each service owns
 * its tables"). Adding one here is a design decision: say why in docs/decisions.
 */
export const readsByContract: Partial<Record<AppId, readonly DbSchema[]>> = {};
