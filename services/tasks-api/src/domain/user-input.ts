import { z } from 'zod';
import { TimeZone } from './task-input';

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'email must be at most 254 characters')
  .email('email must be an email address');

// The upper bound keeps one request from hashing megabytes.
const Password = z
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

export const RefreshInput = z.object({ refreshToken: z.string().min(20).max(200) }).strict();
export type RefreshInput = z.infer<typeof RefreshInput>;
