import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from '../lib/api.server';
import { getSession, sessionStorage } from '../lib/session.server';

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await getSession(request, context);
  const refreshToken = session.get('refreshToken');
  // Revoking is best effort: the session is gone from the store either way.
  if (refreshToken)
    await callApp(context, 'tasks-api', 'POST', invocationPath`/auth/logout`, { body: { refreshToken } }).catch(
      (error) => context.logger.warn({ err: error }, 'refresh token not revoked at logout'),
    );
  return redirect('/login', { headers: { 'set-cookie': await sessionStorage(context).destroySession(session) } });
}

export async function loader() {
  return redirect('/tasks');
}
