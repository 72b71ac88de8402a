/** The token in an account email link (verification, password reset): 32 bytes, base64url. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** The link's token, or null when it is missing or mangled (a link cut short by a mail client). */
export function linkToken(value: FormDataEntryValue | string | null | undefined): string | null {
  return typeof value === 'string' && tokenPattern.test(value) ? value : null;
}

export const incompleteLink = 'This link is incomplete: open it straight from the email, or copy all of it.';
