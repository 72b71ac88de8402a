import { useFetchers, useNavigation, useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { Closing, Notification, TaskUpdate } from '../lib/types';

/** Pages listen for task updates through this DOM event (the editor notices edits made elsewhere). */
export const taskUpdateEvent = 'taskmesh:task-update';
export const notificationEvent = 'taskmesh:notification';

const seqKey = (userId: string) => `taskmesh:lastSeq:${userId}`;

/**
 * Keeps the page current: a socket.io connection to realtime-sync (the access
 * token comes from web's /realtime-token, fresh at every reconnect) and, on
 * every change, a revalidation of the page's loaders, so lists, counts and
 * the open task show what the server has. The last sequence number seen is
 * kept per tab, so a reconnect catches up instead of reloading.
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
    const lastSeq = () => {
      const stored = Number(sessionStorage.getItem(seqKey(userId)));
      return Number.isInteger(stored) && stored > 0 ? stored : undefined;
    };
    const socket: Socket = io(url || undefined, {
      transports: ['websocket'],
      auth: (send) => {
        fetch('/realtime-token', { credentials: 'same-origin' })
          .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
          .then(({ token }: { token: string }) => send({ token, lastSeq: lastSeq() }))
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
    socket.on('connect_error', () => setStatus('offline'));
    socket.on('task', (update: TaskUpdate) => {
      if (update.seq > (lastSeq() ?? 0)) sessionStorage.setItem(seqKey(userId), String(update.seq));
      window.dispatchEvent(new CustomEvent(taskUpdateEvent, { detail: update }));
      refresh();
    });
    socket.on('resync', () => {
      sessionStorage.removeItem(seqKey(userId));
      refresh();
    });
    socket.on('notification', ({ notification }: { notification: Notification }) => {
      window.dispatchEvent(new CustomEvent(notificationEvent, { detail: notification }));
      refresh();
    });
    return () => {
      clearTimeout(timer);
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
