import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
import { taskmeshHome } from './database';
import type { ReceivedMail, SmtpSink } from './smtp-sink';
import { waitFor } from './wait-for';

/** Where a test reads the email reminder-agent sent: the stack's mail catcher, or a test's own SMTP sink. */
export type Mailbox = () => Promise<ReceivedMail[]>;

const addresses = (to: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(to) ? to : to ? [to] : []).flatMap((group) => group.value.map((a) => a.address ?? ''));

/**
 * What the stack's mail catcher saved (infra/mail-catcher.mjs writes each
 * message to <state>/mail/<ISO time>-<id>.eml), from `since` on. Each file is
 * parsed once.
 */
export function stackMailbox(since = new Date(Date.now() - 5_000)): Mailbox {
  const dir = path.join(taskmeshHome(), 'state', 'mail');
  const first = since.toISOString().replace(/[:.]/g, '-');
  const parsed = new Map<string, ReceivedMail>();
  return async () => {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml') && n >= first);
    for (const name of names.sort()) {
      if (parsed.has(name)) continue;
      const mail = await simpleParser(await readFile(path.join(dir, name)));
      parsed.set(name, {
        from: mail.from?.value[0]?.address ?? '',
        to: addresses(mail.to),
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        html: typeof mail.html === 'string' ? mail.html : '',
        messageId: mail.messageId ?? '',
        receivedAt: mail.date ?? new Date(),
        headers: mail.headers,
      });
    }
    return [...parsed.values()];
  };
}

/** A test's own SMTP sink as a mailbox. */
export const sinkMailbox =
  (sink: SmtpSink): Mailbox =>
  async () =>
    sink.received;

/** Waits for the newest message to `to` matching `match`. */
export async function waitForMail(
  mailbox: Mailbox,
  to: string,
  match: (mail: ReceivedMail) => boolean = () => true,
): Promise<ReceivedMail> {
  return waitFor(
    `an email to ${to}`,
    async () => (await mailbox()).filter((mail) => mail.to.includes(to) && match(mail)).at(-1),
    { timeoutMs: 60_000 },
  );
}

export type AccountPage = 'verify-email' | 'reset-password';

const isAccountEmail = (mail: ReceivedMail, to: string, page: AccountPage) =>
  mail.to.includes(to) && mail.headers.get('x-taskmesh-account-email') === page;

/** Every account email (verification or password reset) to `to` so far, oldest first. */
export const accountEmailsTo = async (mailbox: Mailbox, to: string, page: AccountPage) =>
  (await mailbox()).filter((mail) => isAccountEmail(mail, to, page));

/** Waits for the newest account email (verification or password reset) to `to`. */
export const accountEmailTo = (mailbox: Mailbox, to: string, page: AccountPage) =>
  waitForMail(mailbox, to, (mail) => isAccountEmail(mail, to, page));

/** The token of the link to web's `page` in an account email. */
export function linkToken(mail: ReceivedMail, page: AccountPage): string {
  const match = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no /${page} link in the email to ${mail.to.join(', ')}: ${mail.text}`);
  return match[1];
}
