// Writes the local secret store's JSON file (secretstores.local.file): keys
// already in the file keep their values, missing ones are added. Every key
// exists under the same name in the Kubernetes secret store (charts/).
// Usage: node generate-secrets.mjs DATABASE_URL FILE
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const [databaseUrl, file] = process.argv.slice(2);
if (!databaseUrl || !file) {
  console.error('usage: generate-secrets.mjs DATABASE_URL FILE');
  process.exit(2);
}

/**
 * The same database as another role (each service connects as its own role).
 * Locally (trust authentication, an owner URL without a password) the roles
 * have none; where the owner has one (docker-compose.yml, issue 17) each role
 * gets its own, which the migrations set on it (prisma/role-passwords.mjs).
 */
const asRole = (url, role) => {
  const parsed = new URL(url);
  parsed.password = parsed.password ? randomBytes(24).toString('base64url') : '';
  parsed.username = role;
  return parsed.toString();
};

/** A VAPID key pair (P-256), base64url as web push expects: public 65-byte point, private 32-byte scalar. */
let vapid;
const vapidKeys = () => {
  if (!vapid) {
    const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
    vapid = { publicKey: point.toString('base64url'), privateKey: jwk.d };
  }
  return vapid;
};

/** An Ed25519 pair for access tokens, as PEM (PKCS#8 private, SPKI public). */
let jwt;
const jwtKeys = () => {
  if (!jwt) {
    const pair = generateKeyPairSync('ed25519');
    jwt = {
      privateKey: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      publicKey: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    };
  }
  return jwt;
};

const wanted = {
  // The schema owner, for migrations only: no app's secret scope includes it.
  'database-url': () => databaseUrl,
  'tasks-database-url': () => asRole(databaseUrl, 'taskmesh_tasks_api'),
  'audit-database-url': () => asRole(databaseUrl, 'taskmesh_audit_agent'),
  'reminder-database-url': () => asRole(databaseUrl, 'taskmesh_reminder_agent'),
  'webhook-database-url': () => asRole(databaseUrl, 'taskmesh_webhook_agent'),
  // Encrypts webhooks' signing secrets at rest (webhook-agent only).
  'webhook-secret-key': () => randomBytes(32).toString('base64url'),
  // Access tokens: tasks-api signs with the private key, the others verify with the public one.
  'jwt-private-key': () => jwtKeys().privateKey,
  'jwt-public-key': () => jwtKeys().publicKey,
  // The local mail catcher (infra/mail-catcher.mjs) accepts this login only.
  'smtp-username': () => 'taskmesh',
  'smtp-password': () => randomBytes(18).toString('base64url'),
  // A pair: generated together (an existing public key is never paired with a new private one).
  'vapid-public-key': () => vapidKeys().publicKey,
  'vapid-private-key': () => vapidKeys().privateKey,
  'web-session-secret': () => randomBytes(32).toString('base64url'),
  // Derives the tokens in account email links (tasks-api and reminder-agent).
  'account-token-key': () => randomBytes(32).toString('base64url'),
};

const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
// Key pairs only make sense as pairs: regenerate both if either is missing.
for (const [a, b] of [
  ['vapid-public-key', 'vapid-private-key'],
  ['jwt-public-key', 'jwt-private-key'],
]) {
  if (!(a in current && b in current)) {
    delete current[a];
    delete current[b];
  }
}
const added = Object.keys(wanted).filter((key) => !(key in current));
if (added.length === 0) process.exit(0);
for (const key of added) current[key] = wanted[key]();
writeFileSync(`${file}.new`, `${JSON.stringify(current, null, 2)}\n`, { mode: 0o600 });
renameSync(`${file}.new`, file);
console.log(`    local secrets: added ${added.join(', ')}`);
