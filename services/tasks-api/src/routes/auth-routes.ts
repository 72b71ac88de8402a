import { defineRoute, principalOf } from '@taskmesh/platform';
import { getCurrentUser } from '../domain/auth/get-current-user';
import { logIn } from '../domain/auth/log-in';
import { logOut } from '../domain/auth/log-out';
import { refreshSession } from '../domain/auth/refresh-session';
import { registerUser } from '../domain/auth/register-user';
import { authRouteSpecs } from './auth-specs';
import type { RouteDeps } from './route-context';

export function authRoutes({ prisma, outbox, sessions, limits, accountEmail }: RouteDeps) {
  const specs = authRouteSpecs;
  return [
    defineRoute(specs.register, async (_req, res, { body }) => {
      const { user, session } = await registerUser(prisma, body, sessions, accountEmail);
      outbox.publishSoon();
      // The same shape as logging in; `session` stays for clients written before issue 16.
      res.status(201).json({ ...session, user, session });
    }),
    defineRoute(specs.login, async (req, res, { body }) => {
      // req.ip: the browser's address as web reported it (platform's trusted hops, issue 15).
      res.json(await logIn(prisma, body, sessions, limits, req.ip ?? 'unknown'));
    }),
    defineRoute(specs.refresh, async (_req, res, { body }) => {
      // A reused refresh token ends its session (session.ended) even though the call fails.
      const session = await refreshSession(prisma, body.refreshToken, sessions).finally(() => outbox.publishSoon());
      res.json(session);
    }),
    defineRoute(specs.logout, async (_req, res, { body }) => {
      await logOut(prisma, body.refreshToken, sessions);
      outbox.publishSoon();
      res.status(204).end();
    }),
    defineRoute(specs.me, async (req, res) => {
      res.json(await getCurrentUser(prisma, principalOf(req).userId));
    }),
  ];
}
