import { defineRoute, principalOf } from '@taskmesh/platform';
import { requestPasswordReset } from '../domain/auth/account/request-password-reset';
import { resendVerification } from '../domain/auth/account/resend-verification';
import { resetPassword } from '../domain/auth/account/reset-password';
import { verifyEmail } from '../domain/auth/account/verify-email';
import { accountRouteSpecs } from './account-specs';
import type { RouteDeps } from './route-context';

export function accountRoutes({ prisma, outbox, sessions, limits, accountEmail, logger }: RouteDeps) {
  const specs = accountRouteSpecs;
  const resetAccepted = {
    message: `If an account has this email, a link to reset its password is on its way. It works for ${Math.round(accountEmail.resetTtlSeconds / 60)} minutes.`,
  };
  return [
    defineRoute(specs.verifyEmail, async (_req, res, { body }) => {
      await verifyEmail(prisma, body.token);
      outbox.publishSoon();
      res.status(204).end();
    }),
    defineRoute(specs.resendVerification, async (req, res) => {
      await resendVerification(prisma, principalOf(req), accountEmail, limits);
      outbox.publishSoon();
      res.status(202).end();
    }),
    defineRoute(specs.requestPasswordReset, async (req, res, { body }) => {
      const { send } = await requestPasswordReset(prisma, body.email, accountEmail, limits, req.ip ?? 'unknown');
      res.status(202).json(resetAccepted);
      // After the answer, so its timing tells nothing about the account (issue 15).
      await send().then(
        (sent) => sent && outbox.publishSoon(),
        (error: unknown) => logger.error({ err: error }, 'password reset link not issued'),
      );
    }),
    defineRoute(specs.confirmPasswordReset, async (_req, res, { body }) => {
      await resetPassword(prisma, body, limits, sessions);
      outbox.publishSoon();
      res.status(204).end();
    }),
  ];
}
