import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Channel, SendFailure } from './channel';

export interface EmailTransportSettings {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  from: string;
  timeoutMs: number;
  concurrency: number;
}

/** One email as the SMTP thread sends it. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

/** One email for the sender thread. */
export interface EmailJob {
  id: number;
  mail: Mail;
}

/** The email channel, which also sends account email (verification and reset links, issue 15). */
export interface EmailChannel extends Channel {
  /** Resolves once the SMTP server accepted the message; throws SendFailure. */
  sendMail(mail: Mail): Promise<void>;
}

export type EmailResult =
  | { id: number; ok: true }
  | { id: number; ok: false; error: string; responseCode?: number; command?: string };

/**
 * A 5xx answer to the message or a recipient (550 mailbox unavailable, 553,
 * 554) will not change on a retry. A refused login (535) or any connection
 * trouble is the operator's to fix, so those are retried.
 */
export const isPermanent = (responseCode?: number, command?: string): boolean =>
  responseCode !== undefined && responseCode >= 500 && !/^(AUTH|CONN|EHLO|HELO|GREETING)/i.test(command ?? '');

/**
 * Email over SMTP with nodemailer, through a pool of connections (one per
 * concurrent send), run in a worker thread (email-sender-thread.ts). See
 * isPermanent for which failures are retried.
 */
export function emailChannel(settings: EmailTransportSettings): EmailChannel {
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let worker = start();
  let closing = false;

  function start(): Worker {
    // The services run TypeScript through tsx; a worker thread needs tsx's require hook registered itself.
    const entry = path.join(__dirname, 'email-sender-thread.ts');
    const thread = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, {
      eval: true,
      workerData: settings,
    });
    thread.on('message', (result: EmailResult) => {
      const waiting = pending.get(result.id);
      if (!waiting) return;
      pending.delete(result.id);
      if (result.ok) waiting.resolve();
      else waiting.reject(new SendFailure(`SMTP: ${result.error}`, isPermanent(result.responseCode, result.command)));
    });
    thread.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(new SendFailure(`email thread: ${error.message}`, false));
      pending.clear();
    });
    thread.on('exit', () => {
      if (!closing) worker = start();
    });
    return thread;
  }

  function sendMail(mail: Mail): Promise<void> {
    const id = ++nextId;
    return new Promise<void>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, mail } satisfies EmailJob);
    });
  }

  return {
    name: 'email',
    concurrency: settings.concurrency,
    sendMail,
    send(target, message) {
      return sendMail({
        to: target.recipientEmail,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: message.headers,
      });
    },
    async close() {
      closing = true;
      worker.postMessage('close');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await worker.terminate();
    },
  };
}
