// Prints the local secret store's JSON (secretstores.local.file). Every key
// here exists under the same name in the Kubernetes secret store (charts/).
import { randomBytes } from 'node:crypto';

const [databaseUrl] = process.argv.slice(2);
if (!databaseUrl) {
  console.error('usage: generate-secrets.mjs DATABASE_URL');
  process.exit(2);
}

const secrets = {
  'database-url': databaseUrl,
  'jwt-signing-key': randomBytes(48).toString('base64url'),
};
process.stdout.write(`${JSON.stringify(secrets, null, 2)}\n`);
