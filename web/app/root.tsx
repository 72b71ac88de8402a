import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { useEffect, useState } from 'react';
import { LiveUpdates, notificationEvent } from './components/live-updates';
import { useRouteErrorMessage } from './components/page-error';
import { ProjectSidebar } from './components/project-sidebar';
import { ToastMessage } from './components/toast';
import { callApp } from './lib/api.server';
import { useNonce } from './lib/nonce';
import { listProjects } from './lib/projects.server';
import { currentUser, latestToast } from './lib/session.server';
import type { Notification, Project } from './lib/types';
import stylesheet from './tailwind.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'manifest', href: '/manifest.webmanifest' },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = () => [{ title: 'Taskmesh' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await currentUser(request, context);
  if (!signedIn)
    return { user: null, unreadCount: 0, toast: null, realtimeUrl: context.config.realtimeUrl, projects: [] };
  const { user, token, session } = signedIn;
  const [unreadCount, projects] = await Promise.all([
    // The badge is worth a call; if reminder-agent is down the page still renders.
    callApp<{ unreadCount: number }>(context, 'reminder-agent', 'GET', invocationPath`/notifications/unread-count`, {
      token,
    })
      .then((r) => r.data.unreadCount)
      .catch(() => null),
    // The sidebar too: the page itself still works without it.
    listProjects(context, token).catch((): Project[] => []),
  ]);
  return { user, unreadCount, toast: latestToast(session), realtimeUrl: context.config.realtimeUrl, projects };
}

function NotificationPopup() {
  const [latest, setLatest] = useState<Notification | null>(null);
  useEffect(() => {
    const show = (event: Event) => setLatest((event as CustomEvent<Notification>).detail);
    window.addEventListener(notificationEvent, show);
    return () => window.removeEventListener(notificationEvent, show);
  }, []);
  useEffect(() => {
    if (!latest) return;
    const timer = setTimeout(() => setLatest(null), 15_000);
    return () => clearTimeout(timer);
  }, [latest]);
  if (!latest) return null;
  return (
    <div
      role="alert"
      className="fixed right-2 top-16 z-50 w-80 max-w-[calc(100vw-1rem)] rounded-lg border border-indigo-200 bg-white p-3 shadow-lg"
    >
      <p className="text-sm font-semibold text-slate-900">🔔 {latest.title}</p>
      <p className="mt-1 text-sm text-slate-600">{latest.body.split('\n')[0]}</p>
      <div className="mt-2 flex gap-2">
        <Form method="post" action={`/notifications/${latest.id}/open`} onSubmit={() => setLatest(null)}>
          <button type="submit" className="btn btn-primary">
            Open task
          </button>
        </Form>
        <button type="button" className="btn" onClick={() => setLatest(null)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-2 py-1 text-sm font-medium ${isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-700 hover:bg-slate-100'}`;

export function Layout({ children }: { children: React.ReactNode }) {
  // Remix's inline scripts need the response's nonce to run under web's Content-Security-Policy (issue 15).
  const nonce = useNonce();
  return (
    <html lang="en" className="h-full bg-slate-50">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full text-slate-900">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, unreadCount, toast, realtimeUrl, projects } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-2 px-3 py-2">
          <Link to="/" className="mr-2 text-lg font-bold text-indigo-700">
            Taskmesh
          </Link>
          {user ? (
            <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-1">
              <NavLink to="/tasks" className={navClass} end>
                Tasks
              </NavLink>
              <NavLink to="/notifications" className={navClass}>
                <span>Notifications</span>
                {unreadCount ? (
                  <span
                    className="ml-1 rounded-full bg-red-600 px-1.5 text-xs font-bold text-white"
                    data-testid="unread-count"
                  >
                    {unreadCount}
                    <span className="sr-only"> unread</span>
                  </span>
                ) : null}
              </NavLink>
              <NavLink to="/settings" className={navClass}>
                Settings
              </NavLink>
              {user.role === 'admin' ? (
                <NavLink to="/admin/audit" className={navClass}>
                  Audit log
                </NavLink>
              ) : null}
              <span className="flex-1" />
              <LiveUpdates userId={user.id} url={realtimeUrl} />
              <span className="hidden text-sm text-slate-600 sm:inline">{user.displayName ?? user.email}</span>
              <Form method="post" action="/logout">
                <button type="submit" className="btn">
                  Log out
                </button>
              </Form>
            </nav>
          ) : (
            <nav aria-label="Account" className="ml-auto flex gap-1">
              <NavLink to="/login" className={navClass}>
                Log in
              </NavLink>
              <NavLink to="/register" className={navClass}>
                Register
              </NavLink>
            </nav>
          )}
        </div>
      </header>
      {user ? (
        <div className="mx-auto flex max-w-6xl flex-col gap-4 px-3 py-4 md:flex-row">
          <aside className="md:w-56 md:shrink-0">
            <ProjectSidebar projects={projects} />
          </aside>
          <main id="main" className="min-w-0 flex-1">
            <Outlet />
          </main>
        </div>
      ) : (
        <main id="main" className="mx-auto max-w-5xl px-3 py-4">
          <Outlet />
        </main>
      )}
      <ToastMessage toast={toast} />
      {user ? <NotificationPopup /> : null}
    </>
  );
}

export function ErrorBoundary() {
  const { status, message } = useRouteErrorMessage();
  return (
    <main id="main" className="mx-auto max-w-xl px-3 py-10">
      <h1 className="text-2xl font-bold">{status === 404 ? 'Not found' : 'Sorry'}</h1>
      <p className="mt-2 text-slate-700">{message}</p>
      <p className="mt-4">
        <Link to="/tasks" className="text-indigo-700 underline">
          Back to your tasks
        </Link>
      </p>
    </main>
  );
}
