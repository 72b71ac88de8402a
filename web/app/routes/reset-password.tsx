import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { Field, FormError } from '../components/field';
import { incompleteLink, linkToken } from '../lib/account-links';
import { callApp } from '../lib/api.server';
import { useKeptActionData } from '../lib/kept-action-data';
import { formProblem } from '../lib/responses.server';

export const meta: MetaFunction = () => [{ title: 'Choose a new password · Taskmesh' }];

const usedOrExpired = 'This link was used already or has expired.';

export function loader({ request }: LoaderFunctionArgs) {
  return { token: linkToken(new URL(request.url).searchParams.get('token')) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = linkToken(form.get('token'));
  if (!token) return data({ errors: { token: incompleteLink } }, { status: 400 });
  try {
    await callApp(context, 'tasks-api', 'POST', invocationPath`/auth/password-reset/confirm`, {
      body: { token, password: form.get('password') ?? '' },
    });
    // Every session of the account has ended, this browser's too: sign in anew.
    return redirect('/login?reset=1');
  } catch (error) {
    const answer = formProblem(error);
    if (answer.data.errors.token) answer.data.errors.token = usedOrExpired;
    return answer;
  }
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const result = useKeptActionData<{ errors?: Record<string, string> }>();
  const errors = result?.errors ?? {};
  const linkError = errors.token ?? (token ? undefined : incompleteLink);
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="mx-auto mt-6 max-w-sm">
      <h1 className="mb-4 text-2xl font-bold">Choose a new password</h1>
      <Form method="post" className="card space-y-4">
        <FormError error={linkError ?? errors.form} />
        {linkError ? (
          <p className="text-sm">
            <Link to="/forgot-password" className="text-indigo-700 underline">
              Ask for a new link
            </Link>
          </p>
        ) : null}
        <input type="hidden" name="token" value={token ?? ''} />
        <Field
          label="New password"
          name="password"
          error={errors.password}
          hint="At least 10 characters. You will be signed out everywhere."
        >
          {(props) => <input {...props} type="password" autoComplete="new-password" required className="input" />}
        </Field>
        <button type="submit" className="btn btn-primary w-full" disabled={busy || !token}>
          {busy ? 'Saving…' : 'Set new password'}
        </button>
      </Form>
    </div>
  );
}
