import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { currentUser } from '../lib/session.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  return redirect((await currentUser(request, context)) ? '/tasks' : '/login');
}
