import { z } from 'zod';
import { PasswordResetConfirmInput, PasswordResetInput, VerifyEmailInput } from '../domain/auth/user-input';
import { commonProblems, problem } from './problems';

const badLink = problem('Invalid input, or the link was used already, has expired or is unknown (`errors`: token)');

/** Email verification and password reset (issue 15): the links are emailed by reminder-agent. */
export const accountRouteSpecs = {
  verifyEmail: {
    method: 'post',
    path: '/auth/verify-email',
    operationId: 'verifyEmail',
    summary: 'Confirm an email address with the token from the link sent to it (each link works once, for 24 h)',
    tag: 'auth',
    security: 'none',
    body: VerifyEmailInput,
    responses: { 204: { description: 'Verified' }, 400: badLink, 429: commonProblems[429] },
  },
  resendVerification: {
    method: 'post',
    path: '/auth/verify-email/resend',
    operationId: 'resendVerificationEmail',
    summary: 'Email the signed-in user a new verification link (3 an hour)',
    tag: 'auth',
    security: 'bearer',
    signInOnly: true,
    responses: {
      202: { description: 'A link is on its way' },
      401: commonProblems[401],
      409: problem('The email address is verified already'),
      429: commonProblems[429],
    },
  },
  requestPasswordReset: {
    method: 'post',
    path: '/auth/password-reset',
    operationId: 'requestPasswordReset',
    summary: 'Email a password reset link (valid 30 minutes) if an account has this email',
    description:
      'Always 202 for a well-formed email, whether or not an account has it. Limited per client address (429) and per email (past it, nothing more is sent).',
    tag: 'auth',
    security: 'none',
    body: PasswordResetInput,
    responses: {
      202: { description: 'Accepted', schema: z.object({ message: z.string() }) },
      400: commonProblems[400],
      429: commonProblems[429],
    },
  },
  confirmPasswordReset: {
    method: 'post',
    path: '/auth/password-reset/confirm',
    operationId: 'confirmPasswordReset',
    summary: 'Set a new password with the token from a reset link; every session of the account ends',
    tag: 'auth',
    security: 'none',
    body: PasswordResetConfirmInput,
    responses: { 204: { description: 'Password changed' }, 400: badLink, 429: commonProblems[429] },
  },
} as const;
