import { defineRoute, principalOf } from '@taskmesh/platform';
import { addComment } from '../domain/comments/add-comment';
import { deleteComment, editComment } from '../domain/comments/change-comment';
import { listComments } from '../domain/comments/list-comments';
import { assignTask, unassignTask } from '../domain/tasks/assign-task';
import { collaborationRouteSpecs } from './collaboration-specs';
import { etagOf, type RouteDeps, sendWrite } from './route-context';

/** Assignees and comments (issue 19). */
export function collaborationRoutes(deps: RouteDeps) {
  const specs = collaborationRouteSpecs;
  return [
    defineRoute(specs.assign, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const { task } = await assignTask(tx, principal, params.id, body.userId, { ifMatch: req.header('if-match') });
        return { status: 200, body: task, headers: { etag: etagOf(task.version) } };
      });
    }),
    defineRoute(specs.unassign, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const { task } = await unassignTask(tx, principal, params.id, params.userId, {
          ifMatch: req.header('if-match'),
        });
        return { status: 200, body: task, headers: { etag: etagOf(task.version) } };
      });
    }),
    defineRoute(specs.listComments, async (req, res, { params }) => {
      res.json({ items: await listComments(deps.prisma, principalOf(req), params.id) });
    }),
    defineRoute(specs.addComment, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const comment = await addComment(tx, principal, params.id, body);
        return { status: 201, body: comment, headers: { location: `/tasks/${params.id}/comments/${comment.id}` } };
      });
    }),
    defineRoute(specs.editComment, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => ({
        status: 200,
        body: await editComment(tx, principal, params.id, params.commentId, body),
        headers: {},
      }));
    }),
    defineRoute(specs.deleteComment, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        await deleteComment(tx, principal, params.id, params.commentId);
        return { status: 204, body: null, headers: {} };
      });
    }),
  ];
}
