import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { useKeptActionData } from '../lib/kept-action-data';
import { problemResponse } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';
import type { Project } from '../lib/types';

export const meta: MetaFunction = () => [{ title: 'Join a project · Taskmesh' }];

/** An invite link's token (base64url of 32 bytes, as tasks-api makes them); anything else names no invite. */
function tokenOf(params: Record<string, string | undefined>): string {
  const token = params.token;
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) throw new Response('Not found', { status: 404 });
  return token;
}

/**
 * Opening a link signs in first (requireUser sends to the login page and back).
 * Joining is a POST from this page's button only: a link that is merely
 * opened (a mail scanner, a preview) joins nobody.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(request, context);
  tokenOf(params);
  return null;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { token, session } = await requireUser(request, context);
  const inviteToken = tokenOf(params);
  try {
    const { data } = await callApp<{ project: Project }>(
      context,
      'tasks-api',
      'POST',
      invocationPath`/invites/accept`,
      {
        token,
        body: { token: inviteToken },
      },
    );
    pushToast(session, { message: `You joined “${data.project.name}”` });
    return redirect(`/projects/${data.project.id}`, { headers: await commitHeaders(session, context) });
  } catch (error) {
    // One answer for a wrong, expired, revoked or used-up link (tasks-api gives 404 for all).
    if (isApiProblem(error) && error.status === 404)
      return { error: 'This invite link is not valid any more. Ask for a new one.' };
    if (isApiProblem(error)) throw problemResponse(error);
    throw error;
  }
}

export default function JoinProject() {
  const result = useKeptActionData<{ error?: string }>();
  return (
    <div className="card mx-auto max-w-md space-y-3">
      <h1 className="text-2xl font-bold">Join a project</h1>
      <p className="text-slate-700">Someone shared a project with you through this link.</p>
      {result?.error ? (
        <p className="field-error" role="alert">
          {result.error}
        </p>
      ) : null}
      <Form method="post">
        <button type="submit" className="btn btn-primary">
          Join
        </button>
      </Form>
    </div>
  );
}
