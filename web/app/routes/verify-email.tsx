import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { FormError } from '../components/field';
import { incompleteLink, linkToken } from '../lib/account-links';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { useKeptActionData } from '../lib/kept-action-data';
import { formProblem } from '../lib/responses.server';

export const meta: MetaFunction = () => [{ title: 'Confirm your email · Taskmesh' }];

const usedOrExpired = 'This link was used already or has expired. Sign in and send yourself a new one from Settings.';

// The link opens a page with a button rather than confirming on GET: mail
// scanners fetch links, and a GET should change nothing (issue 15).
export function loader({ request }: LoaderFunctionArgs) {
  return { token: linkToken(new URL(request.url).searchParams.get('token')) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = linkToken((await request.formData()).get('token'));
  if (!token) return data({ errors: { form: incompleteLink } }, { status: 400 });
  try {
    await callApp(context, 'tasks-api', 'POST', invocationPath`/auth/verify-email`, { body: { token } });
    return { verified: true };
  } catch (error) {
    if (isApiProblem(error) && error.status === 400) return data({ errors: { form: usedOrExpired } }, { status: 400 });
    return formProblem(error);
  }
}

export default function VerifyEmail() {
  const { token } = useLoaderData<typeof loader>();
  const result = useKeptActionData<{ verified?: boolean; errors?: Record<string, string> }>();
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="mx-auto mt-6 max-w-sm">
      <h1 className="mb-4 text-2xl font-bold">Confirm your email address</h1>
      {result?.verified ? (
        <div className="card space-y-3" role="status">
          <p>Your email address is confirmed. Reminders by email will reach you there.</p>
          <Link to="/tasks" className="btn btn-primary">
            Go to your tasks
          </Link>
        </div>
      ) : (
        <Form method="post" className="card space-y-4">
          <FormError error={result?.errors?.form ?? (token ? undefined : incompleteLink)} />
          <input type="hidden" name="token" value={token ?? ''} />
          <p className="text-sm text-slate-600">Confirm that this address is yours, so Taskmesh may email you.</p>
          <button type="submit" className="btn btn-primary w-full" disabled={busy || !token}>
            {busy ? 'Confirming…' : 'Confirm my email address'}
          </button>
        </Form>
      )}
    </div>
  );
}
