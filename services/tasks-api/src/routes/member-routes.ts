import { defineRoute, principalOf } from '@taskmesh/platform';
import { acceptInvite } from '../domain/projects/invites/accept-invite';
import { createInvite } from '../domain/projects/invites/create-invite';
import { listInvites } from '../domain/projects/invites/list-invites';
import { revokeInvite } from '../domain/projects/invites/revoke-invite';
import { addMember } from '../domain/projects/members/add-member';
import { changeMemberRole } from '../domain/projects/members/change-member-role';
import { listMembers } from '../domain/projects/members/list-members';
import { removeMember } from '../domain/projects/members/remove-member';
import { transferOwnership } from '../domain/projects/members/transfer-ownership';
import { projectRouteSpecs } from './project-specs';
import { etagOf, type RouteDeps, sendWrite } from './route-context';

const noContent = { status: 204, body: null, headers: {} };

/** A project's members, ownership and invite links (issue 19). */
export function memberRoutes(deps: RouteDeps) {
  const specs = projectRouteSpecs;
  return [
    defineRoute(specs.listMembers, async (req, res, { params }) => {
      res.json({ items: await listMembers(deps.prisma, principalOf(req), params.projectId) });
    }),
    defineRoute(specs.addMember, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const { member, added } = await addMember(tx, principal, params.projectId, body);
        return { status: added ? 201 : 200, body: member, headers: {} };
      });
    }),
    defineRoute(specs.changeRole, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => ({
        status: 200,
        body: await changeMemberRole(tx, principal, params.projectId, params.userId, body.role),
        headers: {},
      }));
    }),
    defineRoute(specs.removeMember, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        await removeMember(tx, principal, params.projectId, params.userId);
        return noContent;
      });
    }),
    defineRoute(specs.transfer, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const project = await transferOwnership(tx, principal, params.projectId, body.userId);
        return { status: 200, body: project, headers: { etag: etagOf(project.version) } };
      });
    }),
    defineRoute(specs.listInvites, async (req, res, { params }) => {
      res.json({ items: await listInvites(deps.prisma, principalOf(req), params.projectId) });
    }),
    defineRoute(specs.createInvite, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      // No Idempotency-Key replay here would show the token twice: it is stored with the answer like any write.
      await sendWrite(deps, req, res, principal.userId, async (tx) => ({
        status: 201,
        body: await createInvite(tx, principal, params.projectId, body),
        headers: {},
      }));
    }),
    defineRoute(specs.revokeInvite, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        await revokeInvite(tx, principal, params.projectId, params.inviteId);
        return noContent;
      });
    }),
    defineRoute(specs.acceptInvite, async (req, res, { body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => ({
        status: 200,
        body: { project: await acceptInvite(tx, principal, body.token) },
        headers: {},
      }));
    }),
  ];
}
