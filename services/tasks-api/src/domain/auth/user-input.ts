import { z } from 'zod';
import { TimeZone } from '../tasks/task-input';

/**
 * What zod's email check leaves out of RFC 5321 and the documents' `format:
 * email` holds to: a local part of at most 64 octets, domain labels of at most
 * 63 that do not end in a hyphen (the fuzz stage found a 100-character local
 * part accepted by POST /auth/password-reset, issue 15).
 */
const withinRfc5321 = (email: string) => {
  const at = email.lastIndexOf('@');
  return (
    at <= 64 &&
    email
      .slice(at + 1)
      .split('.')
      .every((label) => label.length <= 63 && !label.endsWith('-'))
  );
};

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'email must be at most 254 characters')
  .email('email must be an email address')
  .refine(withinRfc5321, 'email must be an email address');

// The upper bound keeps one request from hashing megabytes.
export const Password = z
  .string()
  .min(10, 'password must be at least 10 characters')
  .max(256, 'password must be at most 256 characters');

export const RegisterInput = z
  .object({
    email: Email,
    password: Password,
    displayName: z.string().trim().min(1).max(100).optional(),
    timeZone: TimeZone.optional(),
  })
  .strict();
export type RegisterInput = z.infer<typeof RegisterInput>;

export const LoginInput = z.object({ email: Email, password: z.string().min(1).max(256) }).strict();
export type LoginInput = z.infer<typeof LoginInput>;

/** The token of an account email link: 32 bytes, base64url. */
const LinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'token must be the token from the link');

export const VerifyEmailInput = z.object({ token: LinkToken }).strict();
export const PasswordResetInput = z.object({ email: Email }).strict();
export const PasswordResetConfirmInput = z.object({ token: LinkToken, password: Password }).strict();
export type PasswordResetConfirmInput = z.infer<typeof PasswordResetConfirmInput>;

export const RefreshInput = z.object({ refreshToken: z.string().min(20).max(200) }).strict();
export type RefreshInput = z.infer<typeof RefreshInput>;
