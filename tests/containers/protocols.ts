import { connect, type Socket } from 'node:net';

// Just enough of two wire protocols to talk to a container from the host
// without a client library: Redis's RESP and an SMTP session with AUTH PLAIN.

type Reply = string | number | null | Reply[];

/** Parses one RESP reply at `at`; undefined while the buffer holds only part of it. */
function parseReply(buffer: string, at: number): { value: Reply; next: number } | undefined {
  const end = buffer.indexOf('\r\n', at);
  if (end < 0) return undefined;
  const head = buffer.slice(at + 1, end);
  switch (buffer[at]) {
    case '+':
    case '-': // an error is returned as its text ("NOAUTH Authentication required.")
      return { value: head, next: end + 2 };
    case ':':
      return { value: Number(head), next: end + 2 };
    case '$': {
      if (head === '-1') return { value: null, next: end + 2 };
      const stop = end + 2 + Number(head);
      return buffer.length < stop + 2 ? undefined : { value: buffer.slice(end + 2, stop), next: stop + 2 };
    }
    case '*': {
      const items: Reply[] = [];
      let next = end + 2;
      for (let i = 0; i < Number(head); i++) {
        const item = parseReply(buffer, next);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`not a RESP reply: ${JSON.stringify(buffer.slice(at))}`);
  }
}

/** Sends the commands on one connection (in order) and resolves with their replies. ASCII only. */
export function redisCommand(port: number, commands: string[][]): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('no reply from Redis within 10 s')));
    socket.on('error', reject);
    socket.on('data', (data) => {
      buffer += data.toString('latin1');
      const replies: Reply[] = [];
      let at = 0;
      while (replies.length < commands.length) {
        const reply = parseReply(buffer, at);
        if (!reply) return;
        replies.push(reply.value);
        at = reply.next;
      }
      socket.end();
      resolve(replies);
    });
    socket.write(
      commands.map((args) => `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`).join(''),
    );
  });
}

/** Reads SMTP replies from the socket: each resolves with the last line of one (possibly multi-line) reply. */
function smtpReader(socket: Socket): () => Promise<string> {
  let buffer = '';
  const waiting: Array<(line: string) => void> = [];
  const ready: string[] = [];
  socket.on('data', (data) => {
    buffer += data.toString('utf8');
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!/^\d{3} /.test(line)) continue; // "250-..." continues a multi-line reply
      const next = waiting.shift();
      if (next) next(line);
      else ready.push(line);
    }
  });
  return () => {
    const line = ready.shift();
    return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
  };
}

export interface SmtpResult {
  auth: string;
  /** The reply to the message's end of data, when a mail was sent. */
  accepted?: string;
}

/** An SMTP session that logs in with AUTH PLAIN and, when that succeeds and `mail` is given, sends one message. */
export async function smtpSession(
  port: number,
  options: { username: string; password: string; mail?: { from: string; to: string; subject: string } },
): Promise<SmtpResult> {
  const socket = connect(port, '127.0.0.1');
  socket.setTimeout(10_000, () => socket.destroy(new Error('no SMTP reply within 10 s')));
  const failed = new Promise<never>((_, reject) => socket.on('error', reject));
  failed.catch(() => {}); // observed through the races below; an error after the session is moot
  const reply = smtpReader(socket);
  const say = async (line: string) => {
    socket.write(`${line}\r\n`);
    return Promise.race([reply(), failed]);
  };
  try {
    const greeting = await Promise.race([reply(), failed]);
    if (!greeting.startsWith('220 ')) throw new Error(`SMTP greeting: ${greeting}`);
    await say('EHLO containers.test');
    const token = Buffer.from(`\0${options.username}\0${options.password}`).toString('base64');
    const auth = await say(`AUTH PLAIN ${token}`);
    if (!options.mail || !auth.startsWith('235 ')) return { auth };
    const { from, to, subject } = options.mail;
    for (const [line, code] of [
      [`MAIL FROM:<${from}>`, '250'],
      [`RCPT TO:<${to}>`, '250'],
      ['DATA', '354'],
    ] as const) {
      const answer = await say(line);
      if (!answer.startsWith(code)) throw new Error(`${line}: ${answer}`);
    }
    const accepted = await say(
      `From: <${from}>\r\nTo: <${to}>\r\nSubject: ${subject}\r\n\r\nSent by the container test.\r\n.`,
    );
    return { auth, accepted };
  } finally {
    socket.end('QUIT\r\n');
  }
}
