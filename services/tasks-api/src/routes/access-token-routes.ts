import { AppId } from '@taskmesh/contracts';
import { defineRoute, principalOf, requireCallerApp } from '@taskmesh/platform';
import { createAccessToken } from '../domain/access-tokens/create-access-token';
import { listAccessTokens } from '../domain/access-tokens/list-access-tokens';
import { revokeAccessToken } from '../domain/access-tokens/revoke-access-token';
import { verifyAccessToken } from '../domain/access-tokens/verify-access-token';
import { accessTokenRouteSpecs } from './access-token-specs';
import { type RouteDeps, sendWrite } from './route-context';

/** The apps that accept personal access tokens by asking tasks-api (decision 013). */
const verifiers = [AppId.auditAgent, AppId.reminderAgent, AppId.realtimeSync, AppId.webhookAgent] as const;

export function accessTokenRoutes(deps: RouteDeps) {
  const specs = accessTokenRouteSpecs;
  return [
    defineRoute(specs.create, async (req, res, { body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => ({
        status: 201,
        body: await createAccessToken(tx, principal, body),
        headers: {},
      }));
    }),
    defineRoute(specs.list, async (req, res) => {
      res.json({ items: await listAccessTokens(deps.prisma, principalOf(req)) });
    }),
    defineRoute(specs.revoke, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        await revokeAccessToken(tx, principal, params.id);
        return { status: 204, body: null, headers: {} };
      });
    }),
    defineRoute(specs.verify, async (req, res, { body }) => {
      requireCallerApp(req, verifiers);
      res.json(await verifyAccessToken(deps.prisma, body.token));
    }),
  ];
}
