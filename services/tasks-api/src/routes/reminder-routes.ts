import { defineRoute, principalOf } from '@taskmesh/platform';
import { addReminders } from '../domain/reminders/add-reminders';
import { changeReminder } from '../domain/reminders/change-reminder';
import { removeReminder } from '../domain/reminders/remove-reminder';
import { snoozeReminder } from '../domain/reminders/snooze-reminder';
import { listReminders, reminderViews } from '../domain/reminders/task-reminders';
import { lockTask } from '../domain/tasks/task-access';
import { reminderRouteSpecs } from './reminder-specs';
import { type RouteDeps, sendWrite } from './route-context';

export function reminderRoutes(deps: RouteDeps) {
  const specs = reminderRouteSpecs;
  return [
    defineRoute(specs.list, async (req, res, { params }) => {
      res.json({ items: await listReminders(deps.prisma, principalOf(req), params.id) });
    }),
    defineRoute(specs.add, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        const { task } = await lockTask(tx, principal, params.id, 'remind');
        const [id] = await addReminders(tx, task, [body], { ownerId: principal.userId });
        const [view] = await reminderViews(tx, task.id, principal.userId, [id as string]);
        return { status: 201, body: view, headers: { location: `/tasks/${task.id}/reminders/${id}` } };
      });
    }),
    defineRoute(specs.change, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => ({
        status: 200,
        body: await changeReminder(tx, principal, params.id, params.reminderId, body),
        headers: {},
      }));
    }),
    defineRoute(specs.remove, async (req, res, { params }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => {
        await removeReminder(tx, principal, params.id, params.reminderId);
        return { status: 204, body: null, headers: {} };
      });
    }),
    defineRoute(specs.snooze, async (req, res, { params, body }) => {
      const principal = principalOf(req);
      await sendWrite(deps, req, res, principal.userId, async (tx) => ({
        status: 200,
        body: await snoozeReminder(tx, principal, params.id, params.reminderId, body.for),
        headers: {},
      }));
    }),
  ];
}
