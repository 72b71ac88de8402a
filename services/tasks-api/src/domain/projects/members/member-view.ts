import type { ProjectRole } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
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

/**
 * A user is a member of at most this many projects (owned or joined): their
 * sidebar, the lists across projects and realtime-sync's handshake (one room
 * per project) each read every membership, so this bounds the work of one request.
 */
export const maxMemberships = 1000;

/** Refuses a new membership for a user who already has `maxMemberships` (409). */
export async function requireRoomForMembership(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  if ((await tx.projectMember.count({ where: { userId } })) >= maxMemberships)
    throw new AppError(ErrorCode.conflict, `A user is a member of at most ${maxMemberships} projects`);
}
