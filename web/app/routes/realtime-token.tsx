import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { currentUser } from '../lib/session.server';

/**
 * The browser's socket.io handshake needs an access token; it asks here at
 * every (re)connect, so the token is always fresh and never sits in the page.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await currentUser(request, context);
  if (!signedIn) return data({ error: 'sign in first' }, { status: 401 });
  return data({ token: signedIn.token }, { headers: { 'cache-control': 'no-store' } });
}
