// A real SMTP server for local runs (`npm start`): reminder-agent sends its
// reminder emails here over SMTP with the login from the local secret store,
// and every accepted message is written to <state>/mail/ as an .eml file.
// Usage: node mail-catcher.mjs PORT SECRETS_FILE MAIL_DIR
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
  // Loopback only, so plain-text AUTH is acceptable here (production SMTP uses TLS).
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
server.listen(Number(port), '127.0.0.1', () =>
  console.log(`mail catcher listening on 127.0.0.1:${port}, saving to ${mailDir}`),
);
