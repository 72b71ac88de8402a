import type { FieldError } from './errors';

/**
 * Text PostgreSQL refuses: a NUL character (text columns cannot hold it) or
 * half a UTF-16 surrogate pair (JSON's "\ud800" escape: no Unicode character,
 * so it has no UTF-8 form). Either one reached a query as a 500 (issue 15).
 */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const loneSurrogates = new RegExp(loneSurrogate.source, 'g');

function problemOf(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters (\\u0000)';
  if (loneSurrogate.test(text)) return 'must not contain unpaired UTF-16 surrogates (not valid Unicode)';
  return undefined;
}

/** A field name as a problem can show it: the characters it cannot carry written as \u escapes. */
const shown = (key: string) =>
  key
    .replaceAll('\u0000', '\\u0000')
    .replace(loneSurrogates, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** At most this many fields are named: a body full of NULs gets a short answer. */
const maxErrors = 20;

interface Pending {
  value: unknown;
  /** The field's own name and its parent's entry: a path is spelled out only for a bad field. */
  key?: string;
  parent?: Pending;
}

const pathOf = (entry: Pending, last?: string): string => {
  const names = last === undefined ? [] : [last];
  for (let at: Pending | undefined = entry; at?.key !== undefined; at = at.parent) names.push(at.key);
  return names.reverse().join('.');
};

/**
 * Every string (and object key) in a parsed request part that PostgreSQL could
 * not store, named by its path as zod names fields (`title`, `tags.2`). The
 * walk is iterative: a deeply nested body cannot overflow the stack.
 */
export function unstorableText(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const pending: Pending[] = [{ value }];
  while (pending.length > 0 && errors.length < maxErrors) {
    const entry = pending.pop() as Pending;
    const current = entry.value;
    if (typeof current === 'string') {
      const message = problemOf(current);
      if (message) errors.push({ field: pathOf(entry), message });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1)
        pending.push({ value: current[i], key: String(i), parent: entry });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, child] = entries[i] as [string, unknown];
        const message = problemOf(key);
        if (message) errors.push({ field: pathOf(entry, shown(key)), message: `field name ${message}` });
        else pending.push({ value: child, key: shown(key), parent: entry });
      }
    }
  }
  return errors;
}
