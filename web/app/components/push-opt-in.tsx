import { useFetcher } from '@remix-run/react';
import { useEffect, useState } from 'react';

const base64UrlToBytes = (value: string) => {
  const padded = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
};

type PushState = 'checking' | 'unsupported' | 'denied' | 'off' | 'on' | 'working';

/**
 * Web push opt-in: registers /sw.js, subscribes with the VAPID public key
 * from tasks-api and hands the subscription to web, which registers it with
 * tasks-api through the sidecar. Needs JavaScript by nature; without it the
 * section says so.
 */
export function PushOptIn({ vapidPublicKey }: { vapidPublicKey: string | null }) {
  const fetcher = useFetcher<{ errors?: Record<string, string> }>();
  const [state, setState] = useState<PushState>('checking');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !vapidPublicKey) {
      setState('unsupported');
      return;
    }
    if (Notification.permission === 'denied') {
      setState('denied');
      return;
    }
    navigator.serviceWorker
      .register('/sw.js')
      .then((registration) => registration.pushManager.getSubscription())
      .then((subscription) => setState(subscription ? 'on' : 'off'))
      .catch(() => setState('unsupported'));
  }, [vapidPublicKey]);

  async function enable() {
    setState('working');
    setError(null);
    try {
      if ((await Notification.requestPermission()) !== 'granted') {
        setState('denied');
        return;
      }
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: base64UrlToBytes(vapidPublicKey ?? ''),
      });
      fetcher.submit(
        { intent: 'push-subscribe', subscription: JSON.stringify(subscription.toJSON()) },
        { method: 'post', action: '/settings' },
      );
      setState('on');
    } catch (cause) {
      setError((cause as Error).message);
      setState('off');
    }
  }

  async function disable() {
    setState('working');
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.getSubscription();
    if (subscription) {
      fetcher.submit(
        { intent: 'push-unsubscribe', endpoint: subscription.endpoint },
        { method: 'post', action: '/settings' },
      );
      await subscription.unsubscribe();
    }
    setState('off');
  }

  const failed = fetcher.data?.errors ? Object.values(fetcher.data.errors).join('; ') : null;
  return (
    <div className="space-y-2 text-sm" data-push-state={state}>
      <noscript>
        <p>Push notifications need JavaScript.</p>
      </noscript>
      {state === 'unsupported' ? <p>This browser cannot receive push notifications from Taskmesh.</p> : null}
      {state === 'denied' ? <p>Notifications are blocked for this site in your browser settings.</p> : null}
      {state === 'off' ? (
        <button type="button" className="btn" onClick={enable}>
          Enable push notifications on this device
        </button>
      ) : null}
      {state === 'on' ? (
        <p className="flex items-center gap-2">
          Push notifications are on for this device.{' '}
          <button type="button" className="btn" onClick={disable}>
            Turn off
          </button>
        </p>
      ) : null}
      {state === 'working' || state === 'checking' ? <p>…</p> : null}
      {error || failed ? (
        <p className="field-error" role="alert">
          {error ?? failed}
        </p>
      ) : null}
    </div>
  );
}
