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
  /** When relative reminders of all-day tasks count from (HH:MM; issue 20). */
  allDayReminderTime: string;
}

export interface TokenSet {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

/** A one-time message shown after a redirect, with an optional undo. */
export interface Toast {
  message: string;
  undo?:
    | { intent: 'reopen' | 'complete' | 'restore'; taskIds: string[] }
    /** A project's delete or archive (issue 19). */
    | { intent: 'restore-project' | 'unarchive-project'; projectId: string };
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
  /** The personal access token the change was made with (issue 20). */
  viaTokenId?: string | null;
  taskVersion: number;
  occurredAt: string;
  recordedAt: string;
  before: unknown;
  after: unknown;
}

export type ProjectRole = 'owner' | 'editor' | 'commenter' | 'viewer';

/** A project as tasks-api shows it to one member (GET /projects; issue 19). */
export interface Project {
  id: string;
  name: string;
  color: string | null;
  isInbox: boolean;
  ownerId: string;
  /** The caller's role; null for an admin who is not a member. */
  role: ProjectRole | null;
  position: number;
  archivedAt: string | null;
  deletedAt: string | null;
  version: number;
}

export interface Section {
  id: string;
  projectId: string;
  name: string;
  position: number;
}

export interface Member {
  userId: string;
  email: string;
  displayName: string | null;
  role: ProjectRole;
  joinedAt: string;
}

/** An invite link as the owner sees it (the token is shown once, when it is made). */
export interface Invite {
  id: string;
  projectId: string;
  role: Exclude<ProjectRole, 'owner'>;
  expiresAt: string;
  maxUses: number | null;
  uses: number;
  revokedAt: string | null;
  createdAt: string;
}

export type { CommentView as Comment } from '@taskmesh/contracts';
