import { defineRoute, principalOf } from '@taskmesh/platform';
import { bulkChangeTasks } from '../domain/tasks/bulk-change-tasks';
import type { ChangeResult } from '../domain/tasks/change-task';
import { completeTask } from '../domain/tasks/complete-task';
import { createTask } from '../domain/tasks/create-task';
import { deleteTask } from '../domain/tasks/delete-task';
import { getTask } from '../domain/tasks/get-task';
import { listTasks } from '../domain/tasks/list-tasks';
import { reopenTask } from '../domain/tasks/reopen-task';
import { restoreTask } from '../domain/tasks/restore-task';
import { updateTask } from '../domain/tasks/update-task';
import { etagOf, type RouteDeps, sendWrite } from './route-context';
import { taskRouteSpecs } from './task-specs';

const taskWrite = (status: number) => (result: ChangeResult | { task: ChangeResult['task'] }) => ({
  status,
  body: result.task,
  headers: { etag: etagOf(result.task.version) },
});

export function taskRoutes(deps: RouteDeps) {
  const specs = taskRouteSpecs;
  return [
    defineRoute(specs.create, async (req, res, { body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const task = await createTask(tx, principal, body);
        return { status: 201, body: task, headers: { etag: etagOf(task.version), location: `/tasks/${task.id}` } };
      });
    }),
    defineRoute(specs.list, async (req, res, { query }) => {
      res.json(await listTasks(deps.prisma, principalOf(req), query));
    }),
    defineRoute(specs.get, async (req, res, { params }) => {
      const task = await getTask(deps.prisma, principalOf(req), params.id);
      res.setHeader('etag', etagOf(task.version)).json(task);
    }),
    defineRoute(specs.update, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) =>
        taskWrite(200)(await updateTask(tx, principal, params.id, body, req.header('if-match'))),
      );
    }),
    defineRoute(specs.complete, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) =>
        taskWrite(200)(await completeTask(tx, principal, params.id, req.header('if-match'))),
      );
    }),
    defineRoute(specs.reopen, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) =>
        taskWrite(200)(await reopenTask(tx, principal, params.id, req.header('if-match'))),
      );
    }),
    defineRoute(specs.restore, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) =>
        taskWrite(200)(await restoreTask(tx, principal, params.id, req.header('if-match'))),
      );
    }),
    defineRoute(specs.delete, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        await deleteTask(tx, principal, params.id, req.header('if-match'));
        return { status: 204, body: null, headers: {} };
      });
    }),
    defineRoute(specs.bulk, async (req, res, { body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const result = await bulkChangeTasks(tx, principal, body);
        return { status: 200, body: { changed: result.changed, items: result.tasks }, headers: {} };
      });
    }),
  ];
}
