import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from '../lib/api.server';
import { pathId } from '../lib/form-data';
import { loaded } from '../lib/responses.server';
import { requireUser } from '../lib/session.server';
import type { Notification } from '../lib/types';

/** Clicking a notification: it counts as read, and the task it is about opens. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { token } = await requireUser(request, context);
  const notification = await loaded(
    callApp<Notification>(context, 'reminder-agent', 'POST', invocationPath`/notifications/${pathId(params)}/read`, {
      token,
    }),
  );
  return redirect(`/tasks/${notification.taskId}`);
}

export async function loader() {
  return redirect('/notifications');
}
