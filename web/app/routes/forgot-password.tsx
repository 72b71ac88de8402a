import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useNavigation } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { Field, FormError } from '../components/field';
import { callApp } from '../lib/api.server';
import { text } from '../lib/form-data';
import { useKeptActionData } from '../lib/kept-action-data';
import { formProblem } from '../lib/responses.server';

export const meta: MetaFunction = () => [{ title: 'Forgot your password · Taskmesh' }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    const { data } = await callApp<{ message: string }>(
      context,
      'tasks-api',
      'POST',
      invocationPath`/auth/password-reset`,
      { body: { email: text(form, 'email') ?? '' } },
    );
    // The same answer whether or not an account has this email (issue 15).
    return { sent: data.message };
  } catch (error) {
    return formProblem(error);
  }
}

export default function ForgotPassword() {
  const result = useKeptActionData<{ sent?: string; errors?: Record<string, string> }>();
  const errors = result?.errors ?? {};
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="mx-auto mt-6 max-w-sm">
      <h1 className="mb-4 text-2xl font-bold">Forgot your password?</h1>
      {result?.sent ? (
        <div className="card space-y-3" role="status">
          <p>{result.sent}</p>
          <Link to="/login" className="text-indigo-700 underline">
            Back to log in
          </Link>
        </div>
      ) : (
        <Form method="post" className="card space-y-4">
          <FormError error={errors.form} />
          <Field label="Email" name="email" error={errors.email} hint="We email you a link to choose a new password.">
            {(props) => <input {...props} type="email" autoComplete="email" required className="input" />}
          </Field>
          <button type="submit" className="btn btn-primary w-full" disabled={busy}>
            {busy ? 'Sending…' : 'Email me a link'}
          </button>
        </Form>
      )}
    </div>
  );
}
