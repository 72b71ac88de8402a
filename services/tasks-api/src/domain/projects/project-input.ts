import { ProjectRole } from '@taskmesh/contracts';
import { z } from 'zod';

const Name = z.string().trim().min(1, 'name is required').max(100, 'name must be at most 100 characters');
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'color must be #rrggbb');
const ProjectId = z.string().uuid('projectId must be a project id (UUID)');
const UserId = z.string().uuid('userId must be a user id (UUID)');

export const ProjectIdParams = z.object({ projectId: ProjectId }).strict();
export const SectionParams = z
  .object({ projectId: ProjectId, sectionId: z.string().uuid('sectionId must be a section id (UUID)') })
  .strict();
export const MemberParams = z.object({ projectId: ProjectId, userId: UserId }).strict();
export const InviteParams = z
  .object({ projectId: ProjectId, inviteId: z.string().uuid('inviteId must be an invite id (UUID)') })
  .strict();

export const ListProjectsQuery = z
  .object({
    archived: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional(),
  })
  .strict();

export const CreateProjectInput = z.object({ name: Name, color: Color.nullish() }).strict();
export type CreateProjectInput = z.infer<typeof CreateProjectInput>;

/** PATCH /projects/{id}: any subset; `position` is the caller's own sidebar order. */
export const UpdateProjectInput = z
  .object({
    name: Name,
    color: Color.nullable(),
    archived: z.boolean(),
    position: z.number().int().min(0).max(100_000),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'send at least one field to change' });
export type UpdateProjectInput = z.infer<typeof UpdateProjectInput>;

export const SectionInput = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(100, 'name must be at most 100 characters'),
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type SectionInput = z.infer<typeof SectionInput>;

/** A role a member may be given; owner only by a transfer. */
const MemberRole = ProjectRole.exclude(['owner'], { message: 'role must be editor, commenter or viewer' });

export const AddMemberInput = z
  .object({ email: z.string().trim().toLowerCase().email('email must be an email address').max(320), role: MemberRole })
  .strict();
export type AddMemberInput = z.infer<typeof AddMemberInput>;

export const ChangeRoleInput = z.object({ role: MemberRole }).strict();

export const TransferInput = z.object({ userId: UserId }).strict();

export const CreateInviteInput = z
  .object({
    role: MemberRole,
    /** 1 hour to 30 days; a week by default. */
    expiresInHours: z.number().int().min(1).max(720).default(168),
    singleUse: z.boolean().default(true),
  })
  .strict();
export type CreateInviteInput = z.infer<typeof CreateInviteInput>;

/** The token from an invite link (base64url of 32 random bytes). */
export const AcceptInviteInput = z
  .object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'token must be the token of an invite link') })
  .strict();
