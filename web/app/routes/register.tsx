import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { useEffect, useState } from 'react';
import { Field, FormError } from '../components/field';
import { callApp } from '../lib/api.server';
import { text } from '../lib/form-data';
import { formProblem } from '../lib/responses.server';
import { currentUser, startSession } from '../lib/session.server';
import type { TokenSet, User } from '../lib/types';

export const meta: MetaFunction = () => [{ title: 'Create an account · Taskmesh' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await currentUser(request, context)) throw redirect('/tasks');
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    const { data } = await callApp<TokenSet & { user: User }>(
      context,
      'tasks-api',
      'POST',
      invocationPath`/auth/register`,
      {
        body: {
          email: text(form, 'email') ?? '',
          password: form.get('password') ?? '',
          ...(text(form, 'displayName') ? { displayName: text(form, 'displayName') } : {}),
          ...(text(form, 'timeZone') ? { timeZone: text(form, 'timeZone') } : {}),
        },
      },
    );
    const welcome = { message: `We sent a link to ${data.user.email}: open it to get reminders by email.` };
    return redirect('/tasks', { headers: await startSession(request, context, data.user, data, welcome) });
  } catch (error) {
    return formProblem(error);
  }
}

export default function Register() {
  const result = useActionData<typeof action>();
  const errors = (result as { errors?: Record<string, string> } | undefined)?.errors ?? {};
  const busy = useNavigation().state === 'submitting';
  // The browser knows the user's zone; without JavaScript the account starts in UTC (changeable in settings).
  const [zone, setZone] = useState('');
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  return (
    <div className="mx-auto mt-6 max-w-sm">
      <h1 className="mb-4 text-2xl font-bold">Create your account</h1>
      <Form method="post" className="card space-y-4">
        <FormError error={errors.form} />
        <input type="hidden" name="timeZone" value={zone} />
        <Field label="Name" name="displayName" error={errors.displayName}>
          {(props) => <input {...props} autoComplete="name" className="input" />}
        </Field>
        <Field label="Email" name="email" error={errors.email}>
          {(props) => <input {...props} type="email" autoComplete="email" required className="input" />}
        </Field>
        <Field label="Password" name="password" error={errors.password} hint="At least 10 characters.">
          {(props) => <input {...props} type="password" autoComplete="new-password" required className="input" />}
        </Field>
        {errors.timeZone ? <p className="field-error">{errors.timeZone}</p> : null}
        <button type="submit" className="btn btn-primary w-full" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
        <p className="text-center text-sm text-slate-600">
          Have an account?{' '}
          <Link to="/login" className="text-indigo-700 underline">
            Log in
          </Link>
        </p>
      </Form>
    </div>
  );
}
