// Writes the local secret store's JSON file (secretstores.local.file): keys
// already in the file keep their values, missing ones are added. Every key
// exists under the same name in the Kubernetes secret store (charts/).
// Usage: node generate-secrets.mjs DATABASE_URL FILE
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const [databaseUrl, file] = process.argv.slice(2);
if (!databaseUrl || !file) {
  console.error('usage: generate-secrets.mjs DATABASE_URL FILE');
  process.exit(2);
}

/** The same database as another role (each service connects as its own role where it matters). */
const asRole = (url, role) => {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = '';
  return parsed.toString();
};

const wanted = {
  'database-url': () => databaseUrl,
  'audit-database-url': () => asRole(databaseUrl, 'taskmesh_audit_agent'),
  'jwt-signing-key': () => randomBytes(48).toString('base64url'),
};

const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const added = Object.keys(wanted).filter((key) => !(key in current));
if (added.length === 0) process.exit(0);
for (const key of added) current[key] = wanted[key]();
writeFileSync(`${file}.new`, `${JSON.stringify(current, null, 2)}\n`, { mode: 0o600 });
renameSync(`${file}.new`, file);
console.log(`    local secrets: added ${added.join(', ')}`);
