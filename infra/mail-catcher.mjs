// A real SMTP server for local runs (`npm start`): reminder-agent sends its
// reminder emails here over SMTP with the login from the local secret store,
// and every accepted message is written to <state>/mail/ as an .eml file.
// Usage: node mail-catcher.mjs PORT SECRETS_FILE MAIL_DIR
// It listens on 127.0.0.1, or on MAIL_CATCHER_HOST (the container image sets
// 0.0.0.0: published ports reach a container's own address, not its loopback).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

const [port, secretsFile, mailDir] = process.argv.slice(2);
if (!port || !secretsFile || !mailDir) {
  console.error('usage: mail-catcher.mjs PORT SECRETS_FILE MAIL_DIR');
  process.exit(2);
}
const secrets = JSON.parse(readFileSync(secretsFile, 'utf8'));
mkdirSync(mailDir, { recursive: true });

const server = new SMTPServer({
  name: 'taskmesh-mail-catcher',
  // Loopback or a private container network only, so plain-text AUTH is
  // acceptable here (production SMTP uses TLS).
  secure: false,
  disabledCommands: ['STARTTLS'],
  allowInsecureAuth: true,
  authMethods: ['PLAIN', 'LOGIN'],
  size: 10 * 1024 * 1024,
  // Loopback clients only: a reverse DNS lookup per connection would only wait for a timeout.
  disableReverseLookup: true,
  onAuth(auth, _session, callback) {
    if (auth.username === secrets['smtp-username'] && auth.password === secrets['smtp-password'])
      return callback(null, { user: auth.username });
    return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const file = path.join(
        mailDir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`,
      );
      writeFileSync(file, Buffer.concat(chunks));
      const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
      console.log(`${new Date().toISOString()} mail to ${to} -> ${path.basename(file)}`);
      callback();
    });
  },
});
server.on('error', (error) => console.error(`mail catcher: ${error.message}`));
const host = process.env.MAIL_CATCHER_HOST || '127.0.0.1';
server.listen(Number(port), host, () => console.log(`mail catcher listening on ${host}:${port}, saving to ${mailDir}`));
// As PID 1 in a container node has no default SIGTERM action, so without this
// `podman stop` waits out its timeout and kills it (issue 17). Exiting at once
// loses nothing: each message is written (synchronously) before it is
// acknowledged, and a sender whose message was cut off never got its 250.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    console.log(`mail catcher: ${signal}, exiting`);
    process.exit(0);
  });
}
