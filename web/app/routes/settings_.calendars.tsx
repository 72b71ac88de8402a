import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { FormErrors, RevocableList, ShownOnce } from '../components/secrets';
import { formatInZone } from '../lib/dates';
import { callApp } from '../lib/api.server';
import { idField, text } from '../lib/form-data';
import { useKeptActionData } from '../lib/kept-action-data';
import { listProjects } from '../lib/projects.server';
import { formProblem, loaded } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Calendar feeds · Taskmesh' }];

interface Feed {
  id: string;
  name: string;
  projectId: string | null;
  createdAt: string;
  lastReadAt: string | null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  const [feeds, projects] = await Promise.all([
    loaded(callApp<{ items: Feed[] }>(context, 'tasks-api', 'GET', invocationPath`/calendar-feeds`, { token })),
    listProjects(context, token),
  ]);
  return { feeds: feeds.items, projects, zone: user.timeZone };
}

type ActionData = { created?: { name: string; url: string; webcal: string }; errors?: Record<string, string> };

/** Creates a feed (its URL is in this answer only: tasks-api keeps just a hash) or revokes one. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { token, session } = await requireUser(request, context);
  const form = await request.formData();
  try {
    if (text(form, 'intent') === 'revoke-feed') {
      await callApp(context, 'tasks-api', 'DELETE', invocationPath`/calendar-feeds/${idField(form, 'id')}`, { token });
      pushToast(session, { message: 'Feed revoked: its URL no longer works' });
      return redirect('/settings/calendars', { headers: await commitHeaders(session, context) });
    }
    const projectId = text(form, 'projectId') ? idField(form, 'projectId') : undefined;
    const { data } = await callApp<Feed & { path: string }>(
      context,
      'tasks-api',
      'POST',
      invocationPath`/calendar-feeds`,
      {
        token,
        body: { name: text(form, 'name') ?? 'Taskmesh', ...(projectId ? { projectId } : {}) },
      },
    );
    const url = new URL(data.path, new URL(request.url).origin);
    return { created: { name: data.name, url: url.href, webcal: url.href.replace(/^https?:/, 'webcal:') } };
  } catch (error) {
    return formProblem(error);
  }
}

export default function CalendarFeeds() {
  const { feeds, projects, zone } = useLoaderData<typeof loader>();
  const result = useKeptActionData<ActionData>();
  const projectName = (id: string | null) =>
    id ? (projects.find((p) => p.id === id)?.name ?? 'a project') : 'All your projects';
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Calendar feeds</h1>
      <p className="text-sm text-slate-600">
        Subscribe to your dated tasks in a phone or desktop calendar (Apple Calendar, Google Calendar, Outlook,
        Thunderbird). Each feed has a secret address: anyone who has it can read the feed, so revoke one you no longer
        use. <Link to="/settings">Back to settings</Link>
      </p>
      {result?.created ? (
        <ShownOnce name={result.created.name} what="this address" label="Feed address" value={result.created.url}>
          <a className="btn" href={result.created.webcal}>
            Open in your calendar app
          </a>
        </ShownOnce>
      ) : null}
      <Form method="post" className="card flex flex-wrap items-end gap-2" aria-label="New calendar feed">
        <div>
          <label htmlFor="feed-name" className="label">
            Name
          </label>
          <input id="feed-name" name="name" maxLength={100} defaultValue="Taskmesh" className="input" />
        </div>
        <div>
          <label htmlFor="feed-project" className="label">
            Tasks from
          </label>
          <select id="feed-project" name="projectId" className="input">
            <option value="">All your projects</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" name="intent" value="create-feed" className="btn btn-primary">
          Create feed
        </button>
        <FormErrors errors={result?.errors} />
      </Form>
      <RevocableList
        label="Your feeds"
        empty="No feeds yet."
        intent="revoke-feed"
        items={feeds.map((feed) => ({
          id: feed.id,
          description: (
            <>
              <strong>{feed.name}</strong> · {projectName(feed.projectId)} · created{' '}
              {formatInZone(feed.createdAt, zone)}
              {feed.lastReadAt ? ` · last read ${formatInZone(feed.lastReadAt, zone)}` : ' · not read yet'}
            </>
          ),
        }))}
      />
    </div>
  );
}
