import nodemailer from 'nodemailer';
import { type Channel, SendFailure } from './channel';

export interface EmailSettings {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  from: string;
  timeoutMs: number;
  concurrency: number;
}

/**
 * Email over SMTP with nodemailer, through a pool of connections (one per
 * concurrent send). A 5xx reply (mailbox refused) is permanent; 4xx replies
 * and connection failures are retried.
 */
export function emailChannel(settings: EmailSettings): Channel {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.username, pass: settings.password },
    pool: true,
    maxConnections: settings.concurrency,
    maxMessages: Number.POSITIVE_INFINITY,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  return {
    name: 'email',
    concurrency: settings.concurrency,
    async send(reminder, message) {
      try {
        await transport.sendMail({
          from: settings.from,
          to: reminder.recipientEmail,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          headers: { 'X-Taskmesh-Reminder': message.key },
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        throw new SendFailure(`SMTP: ${(error as Error).message}`, code !== undefined && code >= 500);
      }
    },
    async close() {
      transport.close();
    },
  };
}
