import type { ProjectRole } from '@taskmesh/contracts';
import { z } from 'zod';

export const MemberView = z.object({
  userId: z.string().uuid(),
  email: z.string(),
  displayName: z.string().nullable(),
  role: z.enum(['owner', 'editor', 'commenter', 'viewer']),
  joinedAt: z.string(),
});
export type MemberView = z.infer<typeof MemberView>;

export function toMemberView(member: {
  userId: string;
  role: ProjectRole;
  createdAt: Date;
  user: { email: string; displayName: string | null };
}): MemberView {
  return {
    userId: member.userId,
    email: member.user.email,
    displayName: member.user.displayName,
    role: member.role,
    joinedAt: member.createdAt.toISOString(),
  };
}

/** A project has at most this many members (every member's sockets join its room). */
export const maxMembers = 500;
