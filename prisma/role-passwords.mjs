// Run by the chart's migration Job after `prisma migrate deploy` (issue 16):
// each service connects as its own role (created by the migrations, one per
// owning schema), with the password its connection URL secret holds. This sets
// that password on the role, so operators keep one source of truth: the secret.
// Every SERVICE_DATABASE_URL_* variable is one service's URL; a URL without a
// password (trust or peer authentication) leaves its role as it is.
import pg from 'pg';

const schemas = ['tasks_api', 'audit_agent', 'reminder_agent', 'webhook_agent'];
const urls = Object.entries(process.env).filter(([name, value]) => name.startsWith('SERVICE_DATABASE_URL_') && value);

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
try {
  for (const [name, value] of urls) {
    const url = new URL(value);
    const role = decodeURIComponent(url.username);
    // Only a service role may be named: one with USAGE on exactly one owner's schema.
    const { rows } = await client.query(
      `SELECT s AS schema FROM unnest($2::text[]) AS s
       WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AND has_schema_privilege($1, s, 'USAGE')`,
      [role, schemas],
    );
    if (rows.length !== 1)
      throw new Error(`${name} connects as "${role}", which is not the role of one service's schema`);
    const password = decodeURIComponent(url.password);
    if (!password) continue;
    await client.query(
      `ALTER ROLE ${client.escapeIdentifier(role)} WITH LOGIN PASSWORD ${client.escapeLiteral(password)}`,
    );
    console.log(`${role} (${rows[0].schema}): password set from ${name}`);
  }
} finally {
  await client.end();
}
