import { useFetchers, useNavigation, useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type {
  AccessUpdate,
  Closing,
  CommentUpdate,
  Notification,
  ProjectsJoined,
  Resync,
  TaskUpdate,
} from '../lib/types';

/** Pages listen for task updates through this DOM event (the editor notices edits made elsewhere). */
export const taskUpdateEvent = 'taskmesh:task-update';
export const notificationEvent = 'taskmesh:notification';
/** A comment was added, edited or deleted in one of the user's projects (detail: CommentUpdate). */
export const commentEvent = 'taskmesh:comment';
/**
 * The user's access to a project changed (detail: AccessUpdate; `role: null`
 * when they lost it), or the projects they follow differ from what this tab
 * knew at its last connection (detail: { projectId: null }): the sidebar reloads.
 */
export const accessEvent = 'taskmesh:access';

const seqKey = (userId: string) => `taskmesh:lastSeq:${userId}`;
const seqsKey = (userId: string) => `taskmesh:lastSeqs:${userId}`;

/**
 * The last update sequence seen per project (issue 19), kept per tab so a
 * reconnect catches up on each project instead of reloading; and the owner's
 * old per-user sequence (updates without a project).
 */
function sequences(userId: string) {
  const read = (): Record<string, number> => {
    try {
      const parsed: unknown = JSON.parse(sessionStorage.getItem(seqsKey(userId)) ?? '{}');
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, number>) : {};
    } catch {
      return {};
    }
  };
  const write = (seqs: Record<string, number>) => sessionStorage.setItem(seqsKey(userId), JSON.stringify(seqs));
  return {
    all: read,
    userSeq(): number | undefined {
      const stored = Number(sessionStorage.getItem(seqKey(userId)));
      return Number.isInteger(stored) && stored > 0 ? stored : undefined;
    },
    saw(projectId: string | undefined, seq: number): void {
      if (!projectId) {
        if (seq > (this.userSeq() ?? 0)) sessionStorage.setItem(seqKey(userId), String(seq));
        return;
      }
      const seqs = read();
      if (seq > (seqs[projectId] ?? -1)) write({ ...seqs, [projectId]: seq });
    },
    forget(projectId: string | undefined): void {
      if (!projectId) sessionStorage.removeItem(seqKey(userId));
      else {
        const { [projectId]: _, ...rest } = read();
        write(rest);
      }
    },
    /**
     * At connect: keep only the projects followed now; a project new to this
     * tab resumes from its sequence at connect. True when the set changed.
     */
    followed(projects: ProjectsJoined['projects']): boolean {
      const before = read();
      const now: Record<string, number> = {};
      for (const { projectId, seq } of projects) now[projectId] = before[projectId] ?? seq;
      write(now);
      const known = Object.keys(before);
      return known.length > 0 && (known.length !== projects.length || projects.some((p) => !(p.projectId in before)));
    },
  };
}

/**
 * Keeps the page current: a socket.io connection to realtime-sync (the access
 * token comes from web's /realtime-token, fresh at every reconnect) and, on
 * every change, a revalidation of the page's loaders, so lists, counts and
 * the open task show what the server has. The socket follows every project
 * the user is a member of (issue 19): task changes, comments and membership
 * changes arrive live; comments and access changes are also dispatched as
 * window events (commentEvent, accessEvent) for the pages that show them.
 * The last sequence number seen per project is kept per tab, so a reconnect
 * catches up instead of reloading.
 * realtime-sync closes the socket when its access token expires (then this
 * connects again with a fresh one) or when the session signs out (then the
 * page's data is reloaded, which leads to the sign-in page); issue 15.
 */
export function LiveUpdates({ userId, url }: { userId: string; url: string }) {
  const revalidator = useRevalidator();
  const revalidateRef = useRef(revalidator.revalidate);
  revalidateRef.current = revalidator.revalidate;
  // While a navigation or form submission is under way its own data load is
  // coming; a revalidation now would cancel it (and with it the one-time
  // toast it carries). Updates wait for it and then reload once.
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const busy = navigation.state !== 'idle' || fetchers.some((f) => f.state !== 'idle');
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const pending = useRef(false);
  useEffect(() => {
    if (!busy && pending.current) {
      pending.current = false;
      revalidateRef.current();
    }
  }, [busy]);
  const [status, setStatus] = useState<'connecting' | 'live' | 'offline'>('connecting');

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Many updates in a burst (bulk complete) make one reload of the page data.
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (busyRef.current) pending.current = true;
        else revalidateRef.current();
      }, 100);
    };
    const seqs = sequences(userId);
    const socket: Socket = io(url || undefined, {
      transports: ['websocket'],
      auth: (send) => {
        fetch('/realtime-token', { credentials: 'same-origin' })
          .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
          .then(({ token }: { token: string }) => send({ token, lastSeq: seqs.userSeq(), lastSeqs: seqs.all() }))
          .catch(() => send({}));
      },
    });
    let closing: Closing['reason'] | undefined;
    socket.on('closing', ({ reason }: Closing) => {
      closing = reason;
    });
    socket.on('connect', () => setStatus('live'));
    socket.on('disconnect', (why) => {
      setStatus('offline');
      // socket.io reconnects by itself after a lost connection, not after the
      // server closed it: an expired token, a slow socket or a replica shutting
      // down. All of those resume (fresh token, lastSeq); a signed-out session does not.
      if (why === 'io server disconnect') {
        if (closing === 'session-ended') refresh();
        else socket.connect();
      }
      closing = undefined;
    });
    // A refused handshake (e.g. tasks-api could not list the projects) is not
    // retried by socket.io itself: try again a little later, fewer times a minute each time.
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    socket.on('connect_error', () => {
      setStatus('offline');
      if (socket.active) return;
      failures += 1;
      retry = setTimeout(() => socket.connect(), Math.min(60_000, 2_000 * 2 ** Math.min(failures, 5)));
    });
    socket.on('projects', ({ projects }: ProjectsJoined) => {
      failures = 0;
      // Added to or removed from a project while away: the sidebar is stale.
      if (seqs.followed(projects))
        window.dispatchEvent(new CustomEvent(accessEvent, { detail: { projectId: null, role: null, seq: 0 } }));
    });
    socket.on('task', (update: TaskUpdate) => {
      seqs.saw(update.projectId, update.seq);
      window.dispatchEvent(new CustomEvent(taskUpdateEvent, { detail: update }));
      refresh();
    });
    socket.on('comment', (update: CommentUpdate) => {
      seqs.saw(update.projectId, update.seq);
      window.dispatchEvent(new CustomEvent(commentEvent, { detail: update }));
      refresh();
    });
    socket.on('access', (update: AccessUpdate) => {
      if (update.role) seqs.saw(update.projectId, update.seq);
      else seqs.forget(update.projectId);
      window.dispatchEvent(new CustomEvent(accessEvent, { detail: update }));
      refresh();
    });
    socket.on('resync', ({ projectId }: Resync) => {
      seqs.forget(projectId);
      refresh();
    });
    socket.on('notification', ({ notification }: { notification: Notification }) => {
      window.dispatchEvent(new CustomEvent(notificationEvent, { detail: notification }));
      refresh();
    });
    return () => {
      clearTimeout(timer);
      clearTimeout(retry);
      socket.close();
    };
  }, [userId, url]);

  return (
    <span className="flex items-center gap-1 text-xs text-slate-500" data-live-status={status}>
      <span
        aria-hidden="true"
        className={`h-2 w-2 rounded-full ${status === 'live' ? 'bg-emerald-500' : status === 'offline' ? 'bg-amber-500' : 'bg-slate-300'}`}
      />
      <span className="sr-only sm:not-sr-only">
        {status === 'live' ? 'Live' : status === 'offline' ? 'Offline' : '…'}
      </span>
    </span>
  );
}
