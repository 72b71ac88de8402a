/**
 * Where a `redirectTo` from a form or URL may send the browser after login or
 * undo: a path on this site, or the fallback (issue 15: open redirect).
 *
 * Decided the way a browser reads a Location header, not by prefixes: the
 * value is parsed against a fixed base and must keep its origin, and so must
 * its path once percent-decoded, because `/%09/x`, `/%2F%2Fx` or `/%5Cx`
 * become `//x` (another site) in whatever decodes them next. Whitespace,
 * control characters and backslashes are refused outright: browsers strip or
 * turn them into `/` (`/\t/evil.example` and `/\evil.example` are `//evil.example`).
 * Only path-absolute values count (a relative one would depend on the page it
 * came from). What comes back is the parsed path, so what was checked is what
 * is sent.
 */
const site = new URL('https://web.taskmesh.invalid');
const maxLength = 2048;
const unsafeCharacter = /[\s\p{Cc}\\]/u;

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/tasks'): string {
  if (typeof to !== 'string' || to[0] !== '/' || to.length > maxLength || unsafeCharacter.test(to)) return fallback;
  const url = staysOnSite(to);
  const decoded = url && fullyDecoded(url.pathname);
  if (!url || decoded === undefined || unsafeCharacter.test(decoded) || !staysOnSite(decoded)) return fallback;
  return url.pathname + url.search + url.hash;
}

/** The value as a URL on this site whose path starts with exactly one `/`, else undefined. */
function staysOnSite(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value, site);
  } catch {
    return undefined;
  }
  // `/.//evil.example` parses to the path `//evil.example`, which a browser reads as a host.
  return url.origin === site.origin && !url.pathname.startsWith('//') ? url : undefined;
}

/** The path with percent-escapes undone until nothing changes (double encoding included); undefined if malformed. */
function fullyDecoded(path: string): string | undefined {
  let current = path;
  for (let round = 0; round < 4; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (next === current) return current;
    current = next;
  }
  return undefined;
}
