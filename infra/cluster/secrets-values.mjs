// Writes the one-node cluster's secrets (issue 18) as Helm values files, into
// the cluster's state directory, never the repository:
//   secrets.json              every secret of infra/generate-secrets.mjs, which
//                             makes them (the same keys as for `npm start`); kept
//                             across runs, a key a newer version needs is added
//   local-infra-secrets.yaml  charts/local-infra: PostgreSQL's superuser password,
//                             the mail catcher's login and its mail directory
//   taskmesh-secrets.yaml     charts/taskmesh: secrets.create with every secret,
//                             the database URLs naming local-infra's PostgreSQL
//                             (one role and password per service)
//   mail/                     where the mail catcher writes (hostPath), owned by
//                             its uid, read by the tests on this machine
// Usage: node infra/cluster/secrets-values.mjs [DIR]
//   DIR defaults to $TASKMESH_HOME/state/cluster; LOCAL_INFRA_NAMESPACE
//   (taskmesh-infra) is where charts/local-infra runs.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const taskmeshHome =
  process.env.TASKMESH_HOME ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'taskmesh');
const dir = path.resolve(process.argv[2] ?? path.join(taskmeshHome, 'state', 'cluster'));
const namespace = process.env.LOCAL_INFRA_NAMESPACE ?? 'taskmesh-infra';
const postgresHost = `postgres.${namespace}.svc.cluster.local`;
// The uid of the mail catcher image's user (infra/containers/mail-catcher.Containerfile).
const MAIL_CATCHER_UID = 1000;

mkdirSync(dir, { recursive: true, mode: 0o700 });
const secretsFile = path.join(dir, 'secrets.json');
const read = () => (existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : {});

// The superuser's password is the one in the owner's URL once there is one, so
// a database made with it keeps matching; generate-secrets.mjs then gives each
// service role its own.
const existingOwner = read()['database-url'];
const password = existingOwner
  ? decodeURIComponent(new URL(existingOwner).password)
  : randomBytes(24).toString('base64url');
const ownerUrl = `postgresql://postgres:${password}@${postgresHost}:5432/taskmesh`;
execFileSync(process.execPath, [path.join(import.meta.dirname, '..', 'generate-secrets.mjs'), ownerUrl, secretsFile], {
  stdio: 'inherit',
});
const secrets = read();

// Every database URL names this PostgreSQL, also when the file was made for
// another namespace (the passwords stay).
for (const [key, value] of Object.entries(secrets)) {
  if (!key.endsWith('database-url')) continue;
  const url = new URL(value);
  url.hostname = postgresHost;
  url.port = '5432';
  secrets[key] = url.toString();
}

const mailDir = path.join(dir, 'mail');
mkdirSync(mailDir, { recursive: true });
if (process.getuid?.() === 0) chownSync(mailDir, MAIL_CATCHER_UID, MAIL_CATCHER_UID);
chmodSync(mailDir, 0o750);

/** JSON is YAML too: written whole, then renamed into place, readable by this user only. */
function writeValues(name, comment, values) {
  const file = path.join(dir, name);
  writeFileSync(`${file}.new`, `# ${comment}\n${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.new`, file);
  return file;
}

const written = [
  writeValues(
    'local-infra-secrets.yaml',
    "charts/local-infra's secrets on the one-node cluster; written by infra/cluster/secrets-values.mjs, do not edit.",
    {
      postgres: { password },
      mailCatcher: {
        smtpUsername: secrets['smtp-username'],
        smtpPassword: secrets['smtp-password'],
        hostPath: mailDir,
      },
    },
  ),
  writeValues(
    'taskmesh-secrets.yaml',
    "charts/taskmesh's secrets on the one-node cluster; written by infra/cluster/secrets-values.mjs, do not edit.",
    { secrets: { create: true, values: secrets } },
  ),
];
console.log(`    cluster secrets: ${written.map((file) => path.basename(file)).join(', ')} in ${dir}`);
