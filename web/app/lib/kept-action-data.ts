import { useActionData, useLocation } from '@remix-run/react';
import { useRef } from 'react';

/**
 * The action's answer, kept while the page stays where it is. React Router
 * drops actionData on any revalidation that follows the action (its
 * `isActionReload` holds only while the submission itself is loading), and
 * the live client revalidates on every change someone else makes: a 412
 * conflict panel (issue 19: it names who changed the task) would vanish the
 * moment the next change of the task arrived, a quick add's "no such
 * project" the moment its own earlier add came back live, and a new API
 * token, shown once, the moment anything changed. So every page a signed-in
 * user sees reads its action's answer here. A navigation (a new location
 * key, which also follows every redirect) lets the answer go.
 */
export function useKeptActionData<T>(): T | undefined {
  const fromAction = useActionData() as T | undefined;
  const location = useLocation();
  const kept = useRef<{ key: string; data: T } | undefined>(undefined);
  if (fromAction !== undefined) kept.current = { key: location.key, data: fromAction };
  return fromAction ?? (kept.current?.key === location.key ? kept.current.data : undefined);
}
