import { accountLinkToken } from '@taskmesh/platform';
import type { Mail } from '../../channels/email-channel';
import { escapeHtml } from '../reminder-message';

/** An account email to send (reminder-agent's row, from the event tasks-api recorded). */
export interface AccountEmail {
  id: string;
  kind: AccountEmailKind;
  recipient: string;
  displayName: string | null;
  expiresAt: Date;
}

export type AccountEmailKind = 'verify-email' | 'reset-password';

const wording: Record<AccountEmailKind, { subject: string; ask: string; action: string; otherwise: string }> = {
  'verify-email': {
    subject: 'Confirm your email address for Taskmesh',
    ask: 'Please confirm that this is your email address, so Taskmesh can send your reminders here.',
    action: 'Confirm my email address',
    otherwise: 'If you did not create a Taskmesh account, ignore this email.',
  },
  'reset-password': {
    subject: 'Reset your Taskmesh password',
    ask: 'Someone (hopefully you) asked to reset the password of your Taskmesh account.',
    action: 'Choose a new password',
    otherwise: 'If you did not ask for this, ignore this email: your password stays as it is.',
  },
};

const lifetime = (email: AccountEmail, now: Date) => {
  const minutes = Math.max(1, Math.round((email.expiresAt.getTime() - now.getTime()) / 60_000));
  return minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
};

/**
 * The email with its link to web (/verify-email or /reset-password). The token
 * is derived here from the token id (issue 15), so it is never stored or sent
 * anywhere but in this email. The Message-ID is the token id's: a retried send
 * is the same message.
 */
export function accountMessage(email: AccountEmail, webBaseUrl: string, tokenKey: string, now = new Date()): Mail {
  const token = accountLinkToken(tokenKey, email.id);
  const url = `${webBaseUrl.replace(/\/$/, '')}/${email.kind}?token=${token}`;
  const words = wording[email.kind];
  const greeting = email.displayName ? `Hello ${email.displayName},` : 'Hello,';
  const valid = `The link works once, for ${lifetime(email, now)}.`;
  return {
    to: email.recipient,
    subject: words.subject,
    text: `${greeting}\n\n${words.ask}\n\n${words.action}: ${url}\n\n${valid}\n${words.otherwise}\n`,
    html: [
      `<p>${escapeHtml(greeting)}</p>`,
      `<p>${escapeHtml(words.ask)}</p>`,
      `<p><a href="${escapeHtml(url)}">${escapeHtml(words.action)}</a></p>`,
      `<p>${escapeHtml(valid)}<br>${escapeHtml(words.otherwise)}</p>`,
    ].join(''),
    messageId: `<${email.id}@accounts.taskmesh>`,
    headers: { 'X-Taskmesh-Account-Email': email.kind },
  };
}
