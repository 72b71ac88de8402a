import { Form, useNavigation } from '@remix-run/react';
import { useLayoutEffect, useRef } from 'react';

/** One line adds a task (#tag and !priority shorthands); the key makes a double submit one task. */
export function QuickAdd({ addKey, error }: { addKey: string; error?: string }) {
  const navigation = useNavigation();
  const adding = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'quick-add';
  // Cleared once an add went through (not remounted: a live update must not wipe what is being typed).
  const quickAddForm = useRef<HTMLFormElement>(null);
  const wasAdding = useRef(false);
  useLayoutEffect(() => {
    if (wasAdding.current && !adding && !error) quickAddForm.current?.reset();
    wasAdding.current = adding;
  }, [adding, error]);
  return (
    <>
      <Form method="post" className="flex gap-2" ref={quickAddForm} aria-label="Quick add">
        <input type="hidden" name="intent" value="quick-add" />
        <input type="hidden" name="idempotencyKey" value={addKey} />
        <label htmlFor="quick-add-title" className="sr-only">
          New task
        </label>
        <input
          id="quick-add-title"
          name="title"
          required
          placeholder="Add a task… (#tag, !high)  — press n"
          className="input"
          aria-invalid={Boolean(error)}
          aria-describedby={error ? 'quick-add-error' : undefined}
        />
        <button type="submit" className="btn btn-primary" disabled={adding}>
          Add
        </button>
      </Form>
      {error ? (
        <p id="quick-add-error" className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
