/** Dapr app ids. Each is also the folder name of its service (services/<app-id>, web/). */
export const AppId = {
  tasksApi: 'tasks-api',
  auditAgent: 'audit-agent',
  recurrenceAgent: 'recurrence-agent',
  reminderAgent: 'reminder-agent',
  realtimeSync: 'realtime-sync',
  webhookAgent: 'webhook-agent',
  web: 'web',
} as const;

export type AppId = (typeof AppId)[keyof typeof AppId];
export const allAppIds: readonly AppId[] = Object.values(AppId);
