import {
  type ActionFunctionArgs,
  type AppLoadContext,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { Field, FormError } from '../components/field';
import { ImportForm } from '../components/import-form';
import { PushOptIn } from '../components/push-opt-in';
import { TimeZoneInput } from '../components/time-zone-input';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { list, text } from '../lib/form-data';
import { jsonField, PushSubscriptionJson } from '../lib/json-field.server';
import { useKeptActionData } from '../lib/kept-action-data';
import { listProjects } from '../lib/projects.server';
import { formProblem, loaded } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser, type WebSession } from '../lib/session.server';
import { channelLabels, channels } from '../lib/task-form';
import type { User } from '../lib/types';

export const meta: MetaFunction = () => [{ title: 'Settings · Taskmesh' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { token } = await requireUser(request, context);
  const [user, vapid, subscriptions, projects] = await Promise.all([
    loaded(callApp<User>(context, 'tasks-api', 'GET', invocationPath`/auth/me`, { token })),
    callApp<{ publicKey: string }>(context, 'tasks-api', 'GET', invocationPath`/push/vapid-public-key`)
      .then((r) => r.data.publicKey)
      .catch(() => null),
    loaded(
      callApp<{ items: Array<{ id: string; endpoint: string; createdAt: string }> }>(
        context,
        'tasks-api',
        'GET',
        invocationPath`/me/push-subscriptions`,
        { token },
      ),
    ),
    listProjects(context, token),
  ]);
  return { user, vapidPublicKey: vapid, subscriptions: subscriptions.items, projects };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { token, session } = await requireUser(request, context);
  const form = await request.formData();
  const intent = text(form, 'intent');
  try {
    if (intent === 'resend-verification') return await resendVerification(context, token, session);
    if (intent === 'push-subscribe') {
      const subscription = jsonField(form, 'subscription', PushSubscriptionJson);
      await callApp(context, 'tasks-api', 'POST', invocationPath`/me/push-subscriptions`, {
        token,
        body: subscription,
      });
      return { ok: true };
    }
    if (intent === 'push-unsubscribe' || intent === 'push-remove') {
      const { data } = await callApp<{ items: Array<{ id: string; endpoint: string }> }>(
        context,
        'tasks-api',
        'GET',
        invocationPath`/me/push-subscriptions`,
        { token },
      );
      const id = text(form, 'id');
      const endpoint = text(form, 'endpoint');
      for (const s of data.items.filter((s) => s.id === id || s.endpoint === endpoint))
        await callApp(context, 'tasks-api', 'DELETE', invocationPath`/me/push-subscriptions/${s.id}`, { token });
      if (intent === 'push-unsubscribe') return { ok: true };
      pushToast(session, { message: 'Device removed' });
      return redirect('/settings', { headers: await commitHeaders(session, context) });
    }
    const { data: user } = await callApp<User>(context, 'tasks-api', 'PATCH', invocationPath`/auth/me`, {
      token,
      body: {
        displayName: text(form, 'displayName') ?? null,
        timeZone: text(form, 'timeZone') ?? '',
        defaultReminderChannels: list(form, 'defaultReminderChannels'),
        ...(text(form, 'allDayReminderTime') ? { allDayReminderTime: text(form, 'allDayReminderTime') } : {}),
      },
    });
    session.set('user', user);
    pushToast(session, { message: 'Settings saved' });
    return redirect('/settings', { headers: await commitHeaders(session, context) });
  } catch (error) {
    return formProblem(error);
  }
}

/** A new confirmation link by email (issue 15); asking too often, or when confirmed already, is said by the button. */
async function resendVerification(context: AppLoadContext, token: string, session: WebSession) {
  try {
    await callApp(context, 'tasks-api', 'POST', invocationPath`/auth/verify-email/resend`, { token });
  } catch (error) {
    if (isApiProblem(error) && (error.status === 409 || error.status === 429))
      return data({ errors: { resend: error.message } }, { status: error.status });
    throw error;
  }
  pushToast(session, { message: 'We sent you a new link: open it to confirm your email address.' });
  return redirect('/settings', { headers: await commitHeaders(session, context) });
}

export default function Settings() {
  const { user, vapidPublicKey, subscriptions, projects } = useLoaderData<typeof loader>();
  const result = useKeptActionData<{ errors?: Record<string, string> }>();
  const errors = result?.errors ?? {};
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Settings</h1>
      <section className="card space-y-2" aria-labelledby="account-title">
        <h2 id="account-title" className="text-lg font-semibold">
          Account
        </h2>
        <p className="text-sm">
          {user.email} ·{' '}
          {user.emailVerified ? 'confirmed' : 'not confirmed yet: reminders by email are not sent until it is'}
        </p>
        {user.emailVerified ? null : (
          <Form method="post">
            <FormError error={errors.resend} />
            <button type="submit" name="intent" value="resend-verification" className="btn">
              Email me a new confirmation link
            </button>
          </Form>
        )}
      </section>
      <Form method="post" className="card space-y-4" aria-label="Profile">
        <FormError error={errors.form} />
        <Field label="Name" name="displayName" error={errors.displayName}>
          {(props) => <input {...props} defaultValue={user.displayName ?? ''} className="input" />}
        </Field>
        <Field
          label="Time zone"
          name="timeZone"
          error={errors.timeZone}
          hint="Due dates and reminders are shown and entered in this zone."
        >
          {(props) => <TimeZoneInput {...props} defaultValue={user.timeZone} required />}
        </Field>
        <Field
          label="All-day reminders at"
          name="allDayReminderTime"
          error={errors.allDayReminderTime}
          hint="A reminder before or after an all-day task counts from this time of its day."
        >
          {(props) => (
            <input {...props} type="time" defaultValue={user.allDayReminderTime} className="input w-auto" required />
          )}
        </Field>
        <fieldset aria-describedby={errors.defaultReminderChannels ? 'channels-error' : undefined}>
          <legend className="label">Remind me by default</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {channels.map((channel) => (
              <label key={channel} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  name="defaultReminderChannels"
                  value={channel}
                  defaultChecked={user.defaultReminderChannels.includes(channel)}
                />
                {channelLabels[channel]}
              </label>
            ))}
          </div>
          {errors.defaultReminderChannels ? (
            <p id="channels-error" className="field-error" role="alert">
              {errors.defaultReminderChannels}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Save settings
        </button>
      </Form>
      <section className="card space-y-3" aria-labelledby="push-title">
        <h2 id="push-title" className="text-lg font-semibold">
          Push notifications
        </h2>
        <PushOptIn vapidPublicKey={vapidPublicKey} />
        {subscriptions.length > 0 ? (
          <ul className="divide-y divide-slate-100 text-sm" aria-label="Devices">
            {subscriptions.map((s) => (
              <li key={s.id} className="flex items-center justify-between gap-2 py-2">
                <span className="truncate">{new URL(s.endpoint).host}</span>
                <Form method="post">
                  <input type="hidden" name="id" value={s.id} />
                  <button type="submit" name="intent" value="push-remove" className="btn btn-danger">
                    Remove
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section className="card space-y-2" aria-labelledby="calendar-title">
        <h2 id="calendar-title" className="text-lg font-semibold">
          Calendar feeds
        </h2>
        <p className="text-sm text-slate-600">
          See your dated tasks in your phone or desktop calendar.{' '}
          <Link to="/settings/calendars">Manage calendar feeds</Link>
        </p>
      </section>
      <section className="card space-y-2" aria-labelledby="tokens-title">
        <h2 id="tokens-title" className="text-lg font-semibold">
          Access tokens
        </h2>
        <p className="text-sm text-slate-600">
          Let scripts and other apps use Taskmesh as you, without your password.{' '}
          <Link to="/settings/tokens">Manage access tokens</Link>
        </p>
      </section>
      <section className="card space-y-2" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title" className="text-lg font-semibold">
          Webhooks
        </h2>
        <p className="text-sm text-slate-600">
          Tell your own server about changes to your tasks as they happen, signed so it can check they are from
          Taskmesh. <Link to="/settings/webhooks">Manage webhooks</Link>
        </p>
      </section>
      <section className="card space-y-2" aria-labelledby="export-title">
        <h2 id="export-title" className="text-lg font-semibold">
          Your data
        </h2>
        <p className="text-sm text-slate-600">
          Download everything you own: <a href="/export/json">all of it as JSON</a> (projects, tasks, repeats, your
          reminders and comments) or <a href="/export/csv">your tasks as CSV</a> (for a spreadsheet).
        </p>
        <p className="text-sm text-slate-600">
          Import tasks from a Todoist or Taskmesh CSV export or a calendar (.ics); the same file twice adds nothing (
          <Link to="/settings/import">your imports</Link>).
        </p>
        <ImportForm projects={projects} />
      </section>
    </div>
  );
}
