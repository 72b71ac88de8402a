import type { Member, Project } from './types';

/** What each role may do in the UI (mirrors services/tasks-api/src/domain/projects/permissions.ts; the API decides). */
export const can = {
  editTasks: (role: Project['role']) => role === 'owner' || role === 'editor',
  comment: (role: Project['role']) => role === 'owner' || role === 'editor' || role === 'commenter',
  manage: (role: Project['role']) => role === 'owner',
};

/** How the UI names a member: their display name, else their email. */
export const memberName = (member: Pick<Member, 'displayName' | 'email'>) => member.displayName ?? member.email;

/**
 * Who made a change, from a task's `updatedBy`: a member's name, "you", an
 * app ("app:recurrence-agent" -> "Taskmesh"), or "someone" when the person
 * is no longer a member.
 */
export function whoChanged(updatedBy: string | null | undefined, members: Member[], userId: string): string {
  if (!updatedBy) return 'someone';
  if (updatedBy === userId) return 'you (in another tab or device)';
  if (updatedBy.startsWith('app:')) return `Taskmesh (${updatedBy.slice(4)})`;
  const member = members.find((m) => m.userId === updatedBy);
  return member ? memberName(member) : 'someone who is no longer a member';
}

/** Intents whose refusal shows on the share dialog rather than the page. */
export const shareIntents = new Set([
  'add-member',
  'change-role',
  'remove-member',
  'transfer',
  'create-invite',
  'revoke-invite',
  'leave',
]);
