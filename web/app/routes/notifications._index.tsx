import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from '../lib/api.server';
import { formatInZone } from '../lib/dates';
import { loaded } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';
import type { Notification } from '../lib/types';

/** What happened, beside the title (issue 19); reminders need no label, their title says "Reminder:". */
const kindText: Record<string, string> = { assigned: 'assigned you', mentioned: 'mentioned you' };

export const meta: MetaFunction = () => [{ title: 'Notifications · Taskmesh' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  const url = new URL(request.url);
  const unreadOnly = url.searchParams.get('unread') === 'true';
  const page = await loaded(
    callApp<{ items: Notification[]; nextCursor: string | null; unreadCount: number }>(
      context,
      'reminder-agent',
      'GET',
      invocationPath`/notifications`,
      {
        token,
        query: {
          limit: '30',
          unread: unreadOnly ? 'true' : undefined,
          cursor: url.searchParams.get('cursor') ?? undefined,
        },
      },
    ),
  );
  return { page, unreadOnly, zone: user.timeZone };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { token, session } = await requireUser(request, context);
  const { marked } = await loaded(
    callApp<{ marked: number }>(context, 'reminder-agent', 'POST', invocationPath`/notifications/read-all`, { token }),
  );
  pushToast(session, { message: `Marked ${marked} as read` });
  return redirect('/notifications', { headers: await commitHeaders(session, context) });
}

export default function Notifications() {
  const { page, unreadOnly, zone } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">
          Notifications{' '}
          <span className="text-base font-normal text-slate-600" data-testid="panel-unread">
            ({page.unreadCount} unread)
          </span>
        </h1>
        <div className="flex gap-2">
          <Link to={unreadOnly ? '/notifications' : '/notifications?unread=true'} className="btn">
            {unreadOnly ? 'Show all' : 'Unread only'}
          </Link>
          <Form method="post">
            <button type="submit" className="btn" disabled={page.unreadCount === 0}>
              Mark all read
            </button>
          </Form>
        </div>
      </div>
      {page.items.length === 0 ? (
        <p className="card text-slate-600">No notifications{unreadOnly ? ' unread' : ''}.</p>
      ) : (
        <ul className="card divide-y divide-slate-100 p-0" aria-label="Notifications">
          {page.items.map((n) => (
            <li key={n.id} className={`p-3 ${n.readAt ? '' : 'bg-indigo-50/60'}`} data-notification={n.id}>
              <Form method="post" action={`/notifications/${n.id}/open`}>
                <button type="submit" className="w-full text-left">
                  <span className="flex items-center gap-2 font-medium">
                    {n.readAt ? null : (
                      <span className="h-2 w-2 rounded-full bg-indigo-600" aria-label="unread" role="img" />
                    )}
                    {n.kind && kindText[n.kind] ? (
                      <span
                        className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-700"
                        data-kind={n.kind}
                      >
                        {kindText[n.kind]}
                      </span>
                    ) : null}
                    {n.title}
                  </span>
                  <span className="block text-sm text-slate-600">{n.body.split('\n').filter(Boolean)[0]}</span>
                  <time dateTime={n.fireAt} className="block text-xs text-slate-500">
                    {formatInZone(n.fireAt, zone)}
                  </time>
                </button>
              </Form>
              <Link to={`/tasks/${n.taskId}`} className="text-xs text-indigo-700 underline" data-task-link={n.taskId}>
                Open the task
              </Link>
            </li>
          ))}
        </ul>
      )}
      {page.nextCursor ? (
        <Link
          to={`?${new URLSearchParams({ ...(unreadOnly ? { unread: 'true' } : {}), cursor: page.nextCursor })}`}
          className="btn"
        >
          Older →
        </Link>
      ) : null}
    </div>
  );
}
