/** A trimmed text field, or undefined when absent or empty. */
export function text(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Every value of a repeated field (checkboxes, multi-selects), trimmed, empty ones dropped. */
export function list(form: FormData, name: string): string[] {
  return form
    .getAll(name)
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Tags typed as "a, b c": split on commas and spaces, a leading # dropped, duplicates removed. */
export function tagList(value: string | undefined): string[] {
  if (!value) return [];
  return [
    ...new Set(
      value
        .split(/[\s,]+/)
        .map((tag) => tag.replace(/^#/, ''))
        .filter(Boolean),
    ),
  ];
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for an id as Taskmesh makes them (a uuid). */
export const isId = (value: unknown): value is string => typeof value === 'string' && uuidPattern.test(value);

/**
 * The answer to a form field that no page of ours sends like that (a made-up
 * id, broken JSON in a hidden field): 400 naming the field, which the error
 * page shows. Thrown from actions.
 */
export const fieldRefused = (name: string, message: string): Response =>
  new Response(`${name}: ${message}`, { status: 400, statusText: 'Bad Request' });

/**
 * A form field that names a task, reminder or subscription: a uuid, or the
 * action answers 400 naming the field. Checked here, at the edge, so an id
 * from the browser never reaches an invocation path unvalidated (issue 15).
 */
export function idField(form: FormData, name: string): string {
  const value = text(form, name);
  if (!isId(value)) throw fieldRefused(name, 'must be an id');
  return value;
}

/** The id in a page's URL (/tasks/:id): anything but a uuid names nothing there, so 404. */
export function pathId(params: Record<string, string | undefined>, name = 'id'): string {
  const value = params[name];
  if (!isId(value)) throw new Response('Not found', { status: 404, statusText: 'Not Found' });
  return value;
}
