import { parentPort, workerData } from 'node:worker_threads';
import nodemailer from 'nodemailer';
import type { EmailJob, EmailResult, EmailTransportSettings } from './email-channel';

// The SMTP conversation of every email runs here, in its own thread: each
// message takes several round trips (MAIL, RCPT, DATA, ...), and on the
// agent's busy main thread each of them would wait behind claims, records
// and push encryption.
const settings = workerData as EmailTransportSettings;
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

parentPort?.on('message', (job: EmailJob | 'close') => {
  if (job === 'close') {
    transport.close();
    parentPort?.close();
    return;
  }
  transport.sendMail({ from: settings.from, ...job.mail }).then(
    () => parentPort?.postMessage({ id: job.id, ok: true } satisfies EmailResult),
    (error: Error & { responseCode?: number; command?: string }) =>
      parentPort?.postMessage({
        id: job.id,
        ok: false,
        error: error.message,
        responseCode: error.responseCode,
        command: error.command,
      } satisfies EmailResult),
  );
});
