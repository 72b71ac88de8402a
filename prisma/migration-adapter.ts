/**
 * Used by prisma.config.ts only (the CLI's WASM schema engine); services use plain PrismaPg.
 *
 * @prisma/adapter-pg 6.19.3 with three workarounds the schema engine needs:
 *
 * 1. prisma/prisma#27403 "Column type 'name' could not be deserialized":
 *    the schema engine's catalog queries return pg types `"char"`(18),
 *    `name`(19) and `name[]`(1003), which the adapter rejects. We re-label
 *    them as text / text[] before the adapter maps result fields.
 * 2. connectToShadowDb() builds `new Pool({...config, database})`, but with a
 *    `connectionString` pg lets the URL win, so the "shadow" db IS the main db.
 *    We create a real temporary database, connect to it by URL and drop it.
 * 3. executeScript() splits migration SQL on every ';' (breaks DO $$...$$,
 *    functions, string literals containing ';'). We send the whole script in
 *    one simple-protocol query instead (what the native engine does).
 */
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

type PgOptions = ConstructorParameters<typeof PrismaPg>[1];
type SqlAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

const TEXT = 25;
const TEXT_ARRAY = 1009;
// builtin oids the adapter rejects but which are plain strings on the wire
const AS_TEXT = new Set([
  18 /* "char" */, 19 /* name */, 24 /* regproc */, 194 /* pg_node_tree */, 2205 /* regclass */, 2206 /* regtype */,
]);
const AS_TEXT_ARRAY = new Set([1003 /* name[] */]);
const parseTextArray = pg.types.getTypeParser(TEXT_ARRAY as never, 'text') as (s: string) => string[];

let patched = false;
function patchQueryable(adapter: object): void {
  if (patched) return;
  // walk up to PgQueryable.prototype (shared by the adapter and its transactions)
  let proto: any = Object.getPrototypeOf(adapter);
  while (proto && !Object.hasOwn(proto, 'performIO')) proto = Object.getPrototypeOf(proto);
  if (!proto) throw new Error('pg-adapter workaround: PgQueryable.performIO not found (adapter version changed?)');
  const performIO = proto.performIO;
  proto.performIO = async function (this: unknown, query: unknown) {
    const result = await performIO.call(this, query);
    const fields: Array<{ dataTypeID: number }> | undefined = result?.fields;
    if (fields) {
      for (const [i, field] of fields.entries()) {
        if (AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT;
        else if (AS_TEXT_ARRAY.has(field.dataTypeID)) {
          field.dataTypeID = TEXT_ARRAY;
          for (const row of result.rows) if (typeof row[i] === 'string') row[i] = parseTextArray(row[i]);
        }
      }
    }
    return result;
  };
  patched = true;
}

function fixExecuteScript(adapter: SqlAdapter): SqlAdapter {
  const pool = adapter.underlyingDriver() as pg.Pool;
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script); // no params => simple query protocol, multi-statement OK
    } catch (e) {
      (adapter as any).onError(e); // rethrows as DriverAdapterError (keeps P30xx mapping)
    }
  };
  return adapter;
}

export class MigrationPg extends PrismaPg {
  private readonly poolConfig: pg.PoolConfig & { connectionString: string };

  /** `shadowDatabaseUrl`: optional dedicated shadow db (otherwise a temp db is created next to the main one). */
  constructor(
    poolConfig: pg.PoolConfig & { connectionString: string },
    options?: PgOptions,
    private readonly shadowDatabaseUrl?: string,
  ) {
    super(poolConfig, options);
    this.poolConfig = poolConfig;
  }

  override async connect(): Promise<SqlAdapter> {
    const adapter = await super.connect();
    patchQueryable(adapter);
    return fixExecuteScript(adapter);
  }

  override async connectToShadowDb(): Promise<SqlAdapter> {
    if (this.shadowDatabaseUrl)
      return new MigrationPg({ ...this.poolConfig, connectionString: this.shadowDatabaseUrl }).connect();
    const admin = await this.connect();
    const name = `prisma_shadow_${randomUUID().replace(/-/g, '')}`;
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const url = new URL(this.poolConfig.connectionString);
    url.pathname = `/${name}`;
    const shadow = await new MigrationPg({ ...this.poolConfig, connectionString: url.toString() }).connect();
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.dispose();
    };
    return shadow;
  }
}
