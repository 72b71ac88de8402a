import { AppId } from '@taskmesh/contracts';
import { defineRoute, principalOf, requireCallerApp } from '@taskmesh/platform';
import { createProject } from '../domain/projects/create-project';
import { deleteProject, restoreProject } from '../domain/projects/delete-project';
import { getProject } from '../domain/projects/get-project';
import { listMemberships, membershipIn, projectMemberActions } from '../domain/projects/list-memberships';
import { listProjects } from '../domain/projects/list-projects';
import { createSection } from '../domain/projects/sections/create-section';
import { deleteSection, renameSection } from '../domain/projects/sections/change-section';
import { listSections } from '../domain/projects/sections/list-sections';
import { updateProject } from '../domain/projects/update-project';
import { projectRouteSpecs } from './project-specs';
import { etagOf, type RouteDeps, sendWrite } from './route-context';

const noContent = { status: 204, body: null, headers: {} };

/** Projects and their sections (issue 19); members and invites are in member-routes.ts. */
export function projectRoutes(deps: RouteDeps) {
  const specs = projectRouteSpecs;
  return [
    defineRoute(specs.list, async (req, res, { query }) => {
      res.json({ items: await listProjects(deps.prisma, principalOf(req), query) });
    }),
    defineRoute(specs.create, async (req, res, { body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const project = await createProject(tx, principal.userId, body, new Date(), principal.tokenId);
        return {
          status: 201,
          body: project,
          headers: { etag: etagOf(project.version), location: `/projects/${project.id}` },
        };
      });
    }),
    defineRoute(specs.get, async (req, res, { params }) => {
      const project = await getProject(deps.prisma, principalOf(req), params.projectId);
      res.setHeader('etag', etagOf(project.version)).json(project);
    }),
    defineRoute(specs.update, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const project = await updateProject(tx, principal, params.projectId, body, { ifMatch: req.header('if-match') });
        return { status: 200, body: project, headers: { etag: etagOf(project.version) } };
      });
    }),
    defineRoute(specs.delete, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        await deleteProject(tx, principal, params.projectId, { ifMatch: req.header('if-match') });
        return noContent;
      });
    }),
    defineRoute(specs.restore, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const project = await restoreProject(tx, principal, params.projectId);
        return { status: 200, body: project, headers: { etag: etagOf(project.version) } };
      });
    }),
    defineRoute(specs.listSections, async (req, res, { params }) => {
      res.json({ items: await listSections(deps.prisma, principalOf(req), params.projectId) });
    }),
    defineRoute(specs.createSection, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => ({
        status: 201,
        body: await createSection(tx, principal, params.projectId, body),
        headers: {},
      }));
    }),
    defineRoute(specs.renameSection, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => ({
        status: 200,
        body: await renameSection(tx, principal, params.projectId, params.sectionId, body),
        headers: {},
      }));
    }),
    defineRoute(specs.deleteSection, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        await deleteSection(tx, principal, params.projectId, params.sectionId);
        return noContent;
      });
    }),
    defineRoute(specs.memberships, async (req, res, { params }) => {
      requireCallerApp(req, [AppId.realtimeSync]);
      res.json(await listMemberships(deps.prisma, params.userId));
    }),
    defineRoute(specs.membership, async (req, res, { params }) => {
      requireCallerApp(req, [AppId.auditAgent]);
      res.json({ role: await membershipIn(deps.prisma, params.userId, params.projectId) });
    }),
    defineRoute(specs.projectMembers, async (req, res, { params }) => {
      requireCallerApp(req, [AppId.webhookAgent]);
      res.json({ members: await projectMemberActions(deps.prisma, params.projectId) });
    }),
  ];
}
