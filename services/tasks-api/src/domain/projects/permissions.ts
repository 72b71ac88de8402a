import type { ProjectRole } from '@taskmesh/contracts';

/**
 * Everything a person can do in a project (issue 19), and the one table that
 * says which roles may do it. Every route that touches a project, its tasks,
 * members, invites or comments asks `allows` (through requireProjectAccess);
 * tests/integration/projects/permission-matrix.test.ts walks every route for
 * every role, a non-member and an admin against this table.
 */
export const ProjectAction = {
  /** See the project, its tasks, sections, members, comments and activity. */
  view: 'view',
  /** Rename, recolour, manage sections. */
  edit: 'edit',
  /** Archive, unarchive, delete and restore the project. */
  administer: 'administer',
  /** Invite (by email or link), change roles, remove members, revoke links. */
  manageMembers: 'manageMembers',
  /** Hand the owner role to another member. */
  transfer: 'transfer',
  /** Leave the project (the owner must transfer it first). */
  leave: 'leave',
  /** Create, change, complete, delete, move and assign tasks. */
  editTasks: 'editTasks',
  /** Comment, and edit or delete one's own comments. */
  comment: 'comment',
  /** Delete anyone's comment (moderation). */
  moderate: 'moderate',
  /** Set one's own reminders on the project's tasks (reminders stay personal). */
  remind: 'remind',
  /**
   * Send every event of the project to a URL outside Taskmesh (webhook-agent,
   * issue 20): the owner's call, like who may join.
   */
  manageWebhooks: 'manageWebhooks',
} as const;
export type ProjectAction = (typeof ProjectAction)[keyof typeof ProjectAction];

const everyone: readonly ProjectRole[] = ['owner', 'editor', 'commenter', 'viewer'];

export const permissions: Record<ProjectAction, readonly ProjectRole[]> = {
  view: everyone,
  edit: ['owner', 'editor'],
  administer: ['owner'],
  manageMembers: ['owner'],
  transfer: ['owner'],
  leave: ['editor', 'commenter', 'viewer'],
  editTasks: ['owner', 'editor'],
  comment: ['owner', 'editor', 'commenter'],
  moderate: ['owner'],
  remind: everyone,
  manageWebhooks: ['owner'],
};

/** Actions an admin who is not a member may take: reading, as for tasks before projects. */
const adminActions: ReadonlySet<ProjectAction> = new Set([ProjectAction.view]);

/** Whether a member with `role` (undefined: not a member) may take `action`; admins may read. */
export function allows(role: ProjectRole | undefined, action: ProjectAction, { admin = false } = {}): boolean {
  if (role !== undefined && permissions[action].includes(role)) return true;
  return admin && adminActions.has(action);
}
