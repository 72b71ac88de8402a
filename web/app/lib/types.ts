import type { NotificationView, TaskSnapshot } from '@taskmesh/contracts';

export type {
  AccessUpdate,
  Closing,
  CommentUpdate,
  ProjectsJoined,
  Resync,
  TaskUpdate,
} from '@taskmesh/contracts';

export type Task = TaskSnapshot;
export type Notification = NotificationView;
export type Channel = 'in_app' | 'email' | 'push';

/** The signed-in user as tasks-api describes them (GET /auth/me). */
export interface User {
  id: string;
  email: string;
  /** Reminder email goes only to a verified address (the link emailed at sign-up, or a new one from Settings). */
  emailVerified: boolean;
  displayName: string | null;
  role: 'user' | 'admin';
  timeZone: string;
  defaultReminderChannels: Channel[];
}

export interface TokenSet {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

/** A one-time message shown after a redirect, with an optional undo. */
export interface Toast {
  message: string;
  undo?: { intent: 'reopen' | 'complete' | 'restore'; taskIds: string[] };
}

/** A reminder as tasks-api shows it (GET /tasks/:id/reminders). */
export interface Reminder {
  id: string;
  at: string | null;
  beforeDue: string | null;
  afterDue: string | null;
  channels: Channel[];
  fireAt: string | null;
  state: 'scheduled' | 'delivered' | 'inactive';
  inactiveReason: string | null;
  /** What reminder-agent reported per channel and firing, newest first. */
  deliveries: Array<{ channel: Channel; fireAt: string; outcome: 'sent' | 'failed'; error: string | null }>;
}

/** One audit log entry (audit-agent's GET /audit-entries). */
export interface AuditEntry {
  id: string;
  eventId: string;
  eventType: string;
  source: string;
  /** Null for project and membership events (issue 19). */
  taskId: string | null;
  /** Null for events from before projects. */
  projectId: string | null;
  ownerId: string;
  actorId: string;
  taskVersion: number;
  occurredAt: string;
  recordedAt: string;
  before: unknown;
  after: unknown;
}
