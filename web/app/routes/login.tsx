import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { Field, FormError } from '../components/field';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { text } from '../lib/form-data';
import { formProblem } from '../lib/responses.server';
import { safeRedirect } from '../lib/safe-redirect';
import { currentUser, startSession } from '../lib/session.server';
import type { TokenSet, User } from '../lib/types';

export const meta: MetaFunction = () => [{ title: 'Log in · Taskmesh' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await currentUser(request, context)) throw redirect('/tasks');
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    const { data: signedIn } = await callApp<TokenSet & { user: User }>(
      context,
      'tasks-api',
      'POST',
      invocationPath`/auth/login`,
      { body: { email: text(form, 'email') ?? '', password: form.get('password') ?? '' } },
    );
    const headers = await startSession(request, context, signedIn.user, signedIn);
    return redirect(safeRedirect(form.get('redirectTo')), { headers });
  } catch (error) {
    // Here a 401 is the answer to the form (wrong email or password), not an expired session.
    if (isApiProblem(error) && error.status === 401)
      return data({ errors: { form: 'Wrong email or password.' } }, { status: 401 });
    return formProblem(error);
  }
}

export default function Login() {
  const result = useActionData<typeof action>();
  const errors = (result as { errors?: Record<string, string> } | undefined)?.errors ?? {};
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const reset = params.get('reset') === '1';
  return (
    <div className="mx-auto mt-6 max-w-sm">
      <h1 className="mb-4 text-2xl font-bold">Log in</h1>
      <Form method="post" className="card space-y-4">
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/tasks'} />
        <FormError error={errors.form} />
        {reset && !errors.form ? (
          <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800">
            Your password is changed. Log in with the new one.
          </p>
        ) : null}
        <Field label="Email" name="email" error={errors.email}>
          {(props) => <input {...props} type="email" autoComplete="email" required className="input" />}
        </Field>
        <Field label="Password" name="password" error={errors.password}>
          {(props) => <input {...props} type="password" autoComplete="current-password" required className="input" />}
        </Field>
        <button type="submit" className="btn btn-primary w-full" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p className="text-center text-sm">
          <Link to="/forgot-password" className="text-indigo-700 underline">
            Forgot your password?
          </Link>
        </p>
        <p className="text-center text-sm text-slate-600">
          New here?{' '}
          <Link to="/register" className="text-indigo-700 underline">
            Create an account
          </Link>
        </p>
      </Form>
    </div>
  );
}
