import { TokenScope } from '@taskmesh/platform';
import { z } from 'zod';

/** Body of POST /me/access-tokens. */
export const CreateAccessTokenInput = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(100, 'name must be at most 100 characters'),
    scopes: z
      .array(TokenScope, { message: 'scopes must list read, write or admin-read' })
      .min(1, 'give the token at least one scope')
      .max(3)
      .refine((scopes) => new Set(scopes).size === scopes.length, 'scopes must not repeat'),
    /** Every token expires: 1 to 365 days from now. */
    expiresInDays: z.number().int('expiresInDays must be whole days').min(1).max(365),
  })
  .strict();
export type CreateAccessTokenInput = z.infer<typeof CreateAccessTokenInput>;

export const AccessTokenIdParams = z.object({ id: z.string().uuid('id must be an access token id (UUID)') }).strict();

export const AccessTokenView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  scopes: z.array(TokenScope),
  expiresAt: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type AccessTokenView = z.infer<typeof AccessTokenView>;

/** POST /me/access-tokens answers the token once: only its hash is kept. */
export const CreatedAccessToken = AccessTokenView.extend({ token: z.string() });

/** Body of POST /internal/access-tokens/verify (the other apps ask tasks-api). */
export const VerifyAccessTokenInput = z
  .object({ token: z.string().regex(/^tmpat_[A-Za-z0-9_-]{43}$/, 'token must be a personal access token') })
  .strict();
