import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  receivedAt: Date;
  headers: Map<string, unknown>;
}

export interface SmtpSink {
  port: number;
  /** Every message accepted, in order (a retried send appears again). */
  received: ReceivedMail[];
  /** SMTP connections opened to it (a pooled sender reuses a few). */
  connections: number;
  /** Called for each message before it is accepted; throw to refuse it, or do something drastic first. */
  beforeAccept?: (mail: ReceivedMail) => Promise<void> | void;
  /** Stops listening (the port refuses connections) until start() again. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * The top-level headers only (cheap: for benchmarks receiving thousands of
 * messages); account email (verification, password reset) is parsed whole,
 * since tests and benchmarks open its link.
 */
async function headersOnly(stream: NodeJS.ReadableStream) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const buffer = Buffer.concat(chunks);
  const raw = buffer.toString('utf8');
  const block = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, unknown>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  if (headers.has('x-taskmesh-account-email')) return simpleParser(buffer);
  return {
    subject: headers.get('subject') as string | undefined,
    text: undefined,
    html: undefined,
    messageId: headers.get('message-id') as string | undefined,
    headers,
  };
}

/**
 * A real SMTP server for tests (smtp-server): requires the login reminder-agent
 * reads from the secret store, parses each message (mailparser) and keeps it.
 */
export async function startSmtpSink(
  login: { username: string; password: string },
  { port = 0, parse = true }: { port?: number; parse?: boolean } = {},
): Promise<SmtpSink> {
  let server: SMTPServer | undefined;
  const sink: SmtpSink = {
    port,
    received: [],
    connections: 0,
    async start() {
      server = new SMTPServer({
        secure: false,
        disabledCommands: ['STARTTLS'],
        allowInsecureAuth: true,
        authMethods: ['PLAIN', 'LOGIN'],
        logger: false,
        // No DNS here: a reverse lookup per connection would only time out.
        disableReverseLookup: true,
        onConnect(_session, callback) {
          sink.connections += 1;
          callback();
        },
        onAuth(auth, _session, callback) {
          if (auth.username === login.username && auth.password === login.password)
            return callback(null, { user: auth.username });
          return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
        },
        onData(stream, session, callback) {
          const receivedAt = new Date();
          (parse ? simpleParser(stream) : headersOnly(stream))
            .then(async (parsed) => {
              const mail: ReceivedMail = {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                messageId: parsed.messageId ?? '',
                receivedAt,
                headers: parsed.headers,
              };
              await sink.beforeAccept?.(mail);
              sink.received.push(mail);
              callback();
            })
            .catch((error: Error & { responseCode?: number }) => callback(error));
        },
      });
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(sink.port, '127.0.0.1', () => resolve());
      });
      sink.port = (listening.server.address() as AddressInfo).port;
    },
    async stop() {
      const closing = server;
      server = undefined;
      if (!closing) return;
      // Drop open (pooled) connections too, or the port keeps talking to them.
      for (const connection of (closing as unknown as { connections: Set<{ close(): void }> }).connections ?? [])
        connection.close();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
  await sink.start();
  return sink;
}
