import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { Field, FormError } from '../components/field';
import { CopyButton, ShownOnce } from '../components/secrets';
import { isApiProblem } from '../lib/api-problem';
import { formatInZone } from '../lib/dates';
import { useKeptActionData } from '../lib/kept-action-data';
import { listProjects } from '../lib/projects.server';
import { formProblem, loaded } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';
import type { Project } from '../lib/types';
import {
  defaultWebhookEventTypes,
  listWebhooks,
  type NewSecret,
  type Webhook,
  type WebhookResult,
  webhookEventTypes,
  webhookIntents,
} from '../lib/webhooks.server';

export const meta: MetaFunction = () => [{ title: 'Webhooks · Taskmesh' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  const [webhooks, projects] = await Promise.all([loaded(listWebhooks(context, token)), listProjects(context, token)]);
  return {
    webhooks: webhooks.items,
    projects,
    eventTypes: webhookEventTypes,
    defaultEventTypes: defaultWebhookEventTypes,
    zone: user.timeZone,
  };
}

type ActionData = { intent?: string; secret?: NewSecret; errors?: Record<string, string> };

/** Dispatches each form intent to its own function (lib/webhooks.server.ts); a toast and the list, or a secret shown once. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { token, session } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  const run = webhookIntents.get(intent);
  if (!run) throw new Response(`Unknown action ${intent}`, { status: 400 });
  let result: WebhookResult;
  try {
    result = await run({ context, token, form });
  } catch (error) {
    if (intent === 'create-webhook') return formProblem(error);
    // A button on a webhook changed or deleted meanwhile (another tab), or one its creator may no longer resume.
    if (isApiProblem(error) && error.status >= 400 && error.status < 500 && error.status !== 401)
      result = { toast: { message: `Not done: ${error.message}` } };
    else return formProblem(error);
  }
  if ('secret' in result) return { ...result, intent };
  pushToast(session, result.toast);
  return redirect('/settings/webhooks', { headers: await commitHeaders(session, context) });
}

export default function Webhooks() {
  const { webhooks, projects, eventTypes, defaultEventTypes, zone } = useLoaderData<typeof loader>();
  // Kept through live revalidations (a task changed elsewhere): the secret is in this answer only.
  const result = useKeptActionData<ActionData>();
  const projectName = (id: string | null) =>
    id ? (projects.find((p) => p.id === id)?.name ?? 'a project') : 'All your projects';
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Webhooks</h1>
      <p className="text-sm text-slate-600">
        Taskmesh sends each change you subscribe to as a signed POST to your server, as it happens (Standard Webhooks:
        check the <code>webhook-signature</code> header with the webhook’s secret). Failed deliveries are tried again
        for about four hours, then kept as dead letters you can replay. <Link to="/settings">Back to settings</Link>
      </p>
      {result?.secret ? (
        <ShownOnce
          name={result.secret.name}
          what="the signing secret"
          label="Signing secret"
          value={result.secret.value}
        >
          {result.intent === 'rotate-secret' ? (
            <p className="text-sm">For the next 24 hours requests carry a signature with the old secret too.</p>
          ) : null}
          <CopyButton value={result.secret.value} label="Copy secret" />
        </ShownOnce>
      ) : null}
      <NewWebhookForm
        key={result?.secret?.value ?? 'new'}
        owned={projects.filter((p) => p.role === 'owner')}
        eventTypes={eventTypes}
        defaultEventTypes={defaultEventTypes}
        errors={result?.errors ?? {}}
      />
      {webhooks.length === 0 ? (
        <p className="card text-slate-600">No webhooks yet.</p>
      ) : (
        <ul className="card divide-y divide-slate-100" aria-label="Your webhooks">
          {webhooks.map((hook) => (
            <WebhookRow key={hook.id} hook={hook} project={projectName(hook.projectId)} zone={zone} />
          ))}
        </ul>
      )}
    </div>
  );
}

function NewWebhookForm({
  owned,
  eventTypes,
  defaultEventTypes,
  errors,
}: {
  owned: Project[];
  eventTypes: readonly string[];
  defaultEventTypes: readonly string[];
  errors: Record<string, string>;
}) {
  // The API names a bad one by its index (eventTypes.3).
  const eventTypesError = Object.entries(errors)
    .filter(([field]) => field.startsWith('eventTypes'))
    .map(([, message]) => message)
    .join(' ');
  return (
    <Form method="post" className="card space-y-3" aria-label="New webhook">
      <h2 className="text-lg font-semibold">Add a webhook</h2>
      <div className="flex flex-wrap items-start gap-3">
        <Field label="URL" name="url" error={errors.url} hint="A public https address of your server">
          {(props) => (
            <input
              {...props}
              type="url"
              required
              maxLength={2000}
              className="input w-96 max-w-full"
              placeholder="https://example.com/taskmesh"
            />
          )}
        </Field>
        <Field label="Description" name="description" error={errors.description}>
          {(props) => <input {...props} maxLength={200} className="input" placeholder="Deploy bot" />}
        </Field>
        <Field label="Events from" name="projectId" error={errors.projectId}>
          {(props) => (
            <select {...props} className="input">
              <option value="">All my projects</option>
              {owned.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset aria-describedby={eventTypesError ? 'event-types-error' : undefined}>
        <legend className="label">Events</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {eventTypes.map((type) => (
            <label key={type} className="flex items-center gap-1">
              <input type="checkbox" name="eventTypes" value={type} defaultChecked={defaultEventTypes.includes(type)} />{' '}
              <code>{type}</code>
            </label>
          ))}
        </div>
        {eventTypesError ? (
          <p id="event-types-error" className="field-error" role="alert">
            {eventTypesError}
          </p>
        ) : null}
      </fieldset>
      <FormError error={errors.form} />
      <button type="submit" name="intent" value="create-webhook" className="btn btn-primary">
        Add webhook
      </button>
    </Form>
  );
}

function WebhookRow({ hook, project, zone }: { hook: Webhook; project: string; zone: string }) {
  return (
    <li className="space-y-2 p-2" aria-label={hook.description || hook.url}>
      <div className="space-y-1">
        <p className="break-all font-mono text-sm">{hook.url}</p>
        <p className="text-sm">
          {hook.description ? <strong>{hook.description} · </strong> : null}
          {project} ·{' '}
          {hook.enabled ? (
            <span className="text-green-700">Active</span>
          ) : (
            <span className="text-amber-700">Paused{hook.disabledReason ? `: ${hook.disabledReason}` : ''}</span>
          )}{' '}
          · added {formatInZone(hook.createdAt, zone)}
        </p>
        <p className="text-xs text-slate-600">Events: {hook.eventTypes.join(', ')}</p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Form method="post" className="flex flex-wrap gap-2">
          <input type="hidden" name="id" value={hook.id} />
          <button type="submit" name="intent" value={hook.enabled ? 'pause-webhook' : 'resume-webhook'} className="btn">
            {hook.enabled ? 'Pause' : 'Resume'}
          </button>
          <button type="submit" name="intent" value="test-webhook" className="btn" disabled={!hook.enabled}>
            Send test
          </button>
          <button type="submit" name="intent" value="rotate-secret" className="btn">
            Rotate secret
          </button>
        </Form>
        <Link to={`/settings/webhooks/${hook.id}`} className="btn">
          Deliveries
        </Link>
        <details>
          <summary className="btn btn-danger cursor-pointer list-none">Delete…</summary>
          <Form method="post" className="mt-2 flex items-center gap-2 text-sm">
            <input type="hidden" name="id" value={hook.id} />
            <span>Delete this webhook and its deliveries?</span>
            <button type="submit" name="intent" value="delete-webhook" className="btn btn-danger">
              Delete webhook
            </button>
          </Form>
        </details>
      </div>
    </li>
  );
}
