import { type AllowedOrigins, defineRoute, principalOf } from '@taskmesh/platform';
import {
  checkPushEndpoint,
  listPushSubscriptions,
  registerPushSubscription,
  removePushSubscription,
} from '../domain/settings/push-subscriptions';
import { updateSettings } from '../domain/settings/update-settings';
import { type RouteDeps, sendWrite } from './route-context';
import { settingsRouteSpecs } from './settings-specs';

export function settingsRoutes(deps: RouteDeps & { vapidPublicKey: string; outboundAllowedOrigins: AllowedOrigins }) {
  const specs = settingsRouteSpecs;
  return [
    defineRoute(specs.update, async (req, res, { body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => ({
        status: 200,
        body: await updateSettings(tx, principal, body),
        headers: {},
      }));
    }),
    defineRoute(specs.vapidPublicKey, async (_req, res) => {
      res.json({ publicKey: deps.vapidPublicKey });
    }),
    defineRoute(specs.listPush, async (req, res) => {
      res.json({ items: await listPushSubscriptions(deps.prisma, principalOf(req)) });
    }),
    defineRoute(specs.registerPush, async (req, res, { body }) => {
      const principal = principalOf(req);
      await checkPushEndpoint(body.endpoint, deps.outboundAllowedOrigins);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const { subscription, created } = await registerPushSubscription(tx, principal, body);
        return { status: created ? 201 : 200, body: subscription, headers: {} };
      });
    }),
    defineRoute(specs.removePush, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        await removePushSubscription(tx, principal, params.id);
        return { status: 204, body: null, headers: {} };
      });
    }),
  ];
}
