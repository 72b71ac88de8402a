import { createHash } from 'node:crypto';
import type { ProjectInvite } from '@taskmesh/db';
import { z } from 'zod';

export const InviteView = z.object({
  id: z.string().uuid(),
  projectId: z.string().uuid(),
  role: z.enum(['editor', 'commenter', 'viewer']),
  expiresAt: z.string(),
  /** 1: single use; null: anyone with the link until it expires. */
  maxUses: z.number().int().nullable(),
  uses: z.number().int(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type InviteView = z.infer<typeof InviteView>;

export function toInviteView(invite: ProjectInvite): InviteView {
  return {
    id: invite.id,
    projectId: invite.projectId,
    role: invite.role as InviteView['role'],
    expiresAt: invite.expiresAt.toISOString(),
    maxUses: invite.maxUses,
    uses: invite.uses,
    revokedAt: invite.revokedAt?.toISOString() ?? null,
    createdAt: invite.createdAt.toISOString(),
  };
}

/** Only the SHA-256 of a link's token is stored: a copy of the database opens no project. */
export const hashInviteToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A project keeps at most this many live (unrevoked, unexpired) links. */
export const maxLiveInvites = 50;
