import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { isApiProblem } from '../lib/api-problem';
import { formatInZone } from '../lib/dates';
import { isId, pathId } from '../lib/form-data';
import { loaded, problemResponse } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';
import type { Toast } from '../lib/types';
import {
  type Delivery,
  type DeliveryStatus,
  deliveryIntents,
  deliveryStatuses,
  getWebhook,
  listDeliveries,
} from '../lib/webhooks.server';

export const meta: MetaFunction = () => [{ title: 'Webhook deliveries · Taskmesh' }];

const filters: ReadonlyArray<{ status: DeliveryStatus | undefined; label: string; empty: string }> = [
  { status: undefined, label: 'All', empty: 'No deliveries yet: send a test, or change a task.' },
  { status: 'dead', label: 'Dead letters', empty: 'No dead letters: nothing has failed for good.' },
  { status: 'pending', label: 'Pending', empty: 'Nothing waiting to be sent.' },
  { status: 'delivered', label: 'Delivered', empty: 'Nothing delivered yet.' },
];

const statusOf = (value: string | null): DeliveryStatus | undefined =>
  deliveryStatuses.find((status) => status === value);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  const id = pathId(params);
  const search = new URL(request.url).searchParams;
  const status = statusOf(search.get('status'));
  // A cursor that is not an id names no page: the newest one instead.
  const cursor = search.get('cursor');
  const [webhook, deliveries] = await Promise.all([
    loaded(getWebhook(context, token, id)),
    loaded(listDeliveries(context, token, id, { status, ...(isId(cursor) ? { cursor } : {}) })),
  ]);
  return { webhook, deliveries: deliveries.items, nextCursor: deliveries.nextCursor, status, zone: user.timeZone };
}

/** Replays one dead letter or all of them; a toast either way, then this page again. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { token, session } = await requireUser(request, context);
  const webhookId = pathId(params);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  const run = deliveryIntents.get(intent);
  if (!run) throw new Response(`Unknown action ${intent}`, { status: 400 });
  let toast: Toast;
  try {
    toast = await run({ context, token, form, webhookId });
  } catch (error) {
    if (!isApiProblem(error)) throw error;
    if (error.status >= 500 || error.status === 401) throw problemResponse(error);
    // 409: replayed meanwhile (another tab), so no longer dead; the page shows it as it is now.
    toast = { message: `Not replayed: ${error.message}` };
  }
  pushToast(session, toast);
  const url = new URL(request.url);
  return redirect(`${url.pathname}${url.search}`, { headers: await commitHeaders(session, context) });
}

/** This page with a filter, and a page of it. */
const pageOf = (id: string, status: DeliveryStatus | undefined, cursor?: string) => {
  const search = new URLSearchParams({ ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }).toString();
  return `/settings/webhooks/${id}${search ? `?${search}` : ''}`;
};

export default function WebhookDeliveries() {
  const { webhook, deliveries, nextCursor, status, zone } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const sending = deliveries.some((d) => d.status === 'pending');
  // While something on the page is being sent, asks again every two seconds to show how it went.
  useEffect(() => {
    if (!sending) return;
    const timer = setTimeout(() => revalidator.revalidate(), 2000);
    return () => clearTimeout(timer);
  }, [sending, revalidator]);
  const filter = filters.find((f) => f.status === status) ?? filters[0];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Deliveries</h1>
      <p className="text-sm text-slate-600">
        To <span className="break-all font-mono">{webhook.url}</span>
        {webhook.description ? ` (${webhook.description})` : ''}, newest first.
        {webhook.enabled
          ? ''
          : ` Paused${webhook.disabledReason ? `: ${webhook.disabledReason}` : ''}; nothing is sent.`}{' '}
        <Link to="/settings/webhooks">Back to webhooks</Link>
      </p>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <nav aria-label="Show" className="flex gap-1">
          {filters.map((f) => (
            <Link
              key={f.label}
              to={pageOf(webhook.id, f.status)}
              className={f === filter ? 'btn btn-primary' : 'btn'}
              aria-current={f === filter ? 'page' : undefined}
            >
              {f.label}
            </Link>
          ))}
        </nav>
        <Form method="post">
          <button type="submit" name="intent" value="replay-dead" className="btn">
            Replay all dead
          </button>
        </Form>
      </div>
      {deliveries.length === 0 ? (
        <p className="card text-slate-600">{filter?.empty}</p>
      ) : (
        <div className="card overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="Deliveries">
            <thead>
              <tr className="text-slate-600">
                <th className="p-2">Event</th>
                <th className="p-2">Status</th>
                <th className="p-2">Attempts</th>
                <th className="p-2">Last status</th>
                <th className="p-2">Last error</th>
                <th className="p-2">When</th>
                <th className="p-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {deliveries.map((delivery) => (
                <DeliveryRow key={delivery.id} delivery={delivery} zone={zone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="flex gap-2">
        {nextCursor ? (
          <Link to={pageOf(webhook.id, status, nextCursor)} className="btn">
            Older
          </Link>
        ) : null}
      </div>
    </div>
  );
}

const statusLabels: Record<DeliveryStatus, string> = { pending: 'Pending', delivered: 'Delivered', dead: 'Dead' };

/** When it was sent, or when it is tried next, or when it was queued. */
function when(delivery: Delivery, zone: string): string {
  if (delivery.deliveredAt) return `delivered ${formatInZone(delivery.deliveredAt, zone)}`;
  if (delivery.nextAttemptAt && delivery.attempts > 0) return `next try ${formatInZone(delivery.nextAttemptAt, zone)}`;
  return `queued ${formatInZone(delivery.createdAt, zone)}`;
}

function DeliveryRow({ delivery, zone }: { delivery: Delivery; zone: string }) {
  return (
    <tr data-delivery-id={delivery.id} data-status={delivery.status}>
      <td className="p-2 font-mono">{delivery.eventType}</td>
      <td className="p-2">
        {statusLabels[delivery.status]}
        {delivery.replays > 0 ? ` (replayed ${delivery.replays}×)` : ''}
      </td>
      <td className="p-2">{delivery.attempts}</td>
      {/* 0: the receiver did not answer (timeout, refused address); the error says which. */}
      <td className="p-2">{delivery.lastStatus ? `HTTP ${delivery.lastStatus}` : delivery.attempts ? '—' : ''}</td>
      <td className="p-2 break-words">{delivery.lastError ?? ''}</td>
      <td className="p-2">{when(delivery, zone)}</td>
      <td className="p-2">
        {delivery.status === 'dead' ? (
          <Form method="post">
            <input type="hidden" name="deliveryId" value={delivery.id} />
            <button type="submit" name="intent" value="replay-delivery" className="btn">
              Replay
            </button>
          </Form>
        ) : null}
      </td>
    </tr>
  );
}
