import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { FormErrors, RevocableList, ShownOnce } from '../components/secrets';
import { callApp } from '../lib/api.server';
import { formatInZone } from '../lib/dates';
import { idField, list, text } from '../lib/form-data';
import { useKeptActionData } from '../lib/kept-action-data';
import { formProblem, loaded } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Access tokens · Taskmesh' }];

interface AccessToken {
  id: string;
  name: string;
  scopes: string[];
  expiresAt: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  const tokens = await loaded(
    callApp<{ items: AccessToken[] }>(context, 'tasks-api', 'GET', invocationPath`/me/access-tokens`, { token }),
  );
  return { tokens: tokens.items, zone: user.timeZone, admin: user.role === 'admin' };
}

type ActionData = { created?: { name: string; token: string }; errors?: Record<string, string> };

/** Creates a token (shown in this answer only: tasks-api keeps a hash) or revokes one. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { token, session } = await requireUser(request, context);
  const form = await request.formData();
  try {
    if (text(form, 'intent') === 'revoke-token') {
      await callApp(context, 'tasks-api', 'DELETE', invocationPath`/me/access-tokens/${idField(form, 'id')}`, {
        token,
      });
      pushToast(session, { message: 'Token revoked' });
      return redirect('/settings/tokens', { headers: await commitHeaders(session, context) });
    }
    const days = Number(text(form, 'expiresInDays') ?? '30');
    const { data } = await callApp<AccessToken & { token: string }>(
      context,
      'tasks-api',
      'POST',
      invocationPath`/me/access-tokens`,
      { token, body: { name: text(form, 'name') ?? '', scopes: list(form, 'scopes'), expiresInDays: days } },
    );
    return { created: { name: data.name, token: data.token } };
  } catch (error) {
    return formProblem(error);
  }
}

export default function AccessTokens() {
  const { tokens, zone, admin } = useLoaderData<typeof loader>();
  const result = useKeptActionData<ActionData>();
  const scopes = ['read', 'write', ...(admin ? ['admin-read'] : [])];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Access tokens</h1>
      <p className="text-sm text-slate-600">
        Tokens let scripts and other apps use Taskmesh as you, without your password: send one as{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>. <strong>read</strong> only reads, <strong>write</strong> also
        changes things; no token can manage your account or make more tokens.{' '}
        <Link to="/settings">Back to settings</Link>
      </p>
      {result?.created ? (
        <ShownOnce name={result.created.name} what="it" label="New token" value={result.created.token} />
      ) : null}
      <Form method="post" className="card flex flex-wrap items-end gap-3" aria-label="New access token">
        <div>
          <label htmlFor="token-name" className="label">
            Name
          </label>
          <input id="token-name" name="name" required maxLength={100} className="input" placeholder="CI script" />
        </div>
        <fieldset>
          <legend className="label">Scopes</legend>
          <div className="flex gap-3 text-sm">
            {scopes.map((scope) => (
              <label key={scope} className="flex items-center gap-1">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'read'} /> {scope}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="token-days" className="label">
            Expires in
          </label>
          <select id="token-days" name="expiresInDays" className="input" defaultValue="30">
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="365">a year</option>
          </select>
        </div>
        <button type="submit" name="intent" value="create-token" className="btn btn-primary">
          Create token
        </button>
        <FormErrors errors={result?.errors} />
      </Form>
      <RevocableList
        label="Your tokens"
        empty="No tokens yet."
        intent="revoke-token"
        items={tokens.map((t) => ({
          id: t.id,
          description: (
            <>
              <strong>{t.name}</strong> · {t.scopes.join(', ')} · expires {formatInZone(t.expiresAt, zone)}
              {t.lastUsedAt ? ` · last used ${formatInZone(t.lastUsedAt, zone)}` : ' · never used'}
            </>
          ),
        }))}
      />
    </div>
  );
}
