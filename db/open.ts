// openDatabase(url): one typed Kysely instance whatever runs underneath (PGlite, node-postgres, Data API).
import { mkdirSync } from 'node:fs';
import { CompiledQuery, Kysely, PGliteDialect, PostgresDialect, type Dialect } from 'kysely';
import type { Database } from './schema.js';
import { parseDatabaseUrl, type DatabaseTarget } from './url.js';
import { typeParsers } from './type-parsers.js';
import { withCopyFromStdin } from './copy.js';
import type { PGliteThread } from './pglite-thread.js';

export type OrgPulseDb = Kysely<Database>;
export type DatabaseKind = DatabaseTarget['kind'];

export interface DatabaseInfo {
  kind: DatabaseKind;
  /** Human-readable location, with any password masked. */
  display: string;
}

const info = new WeakMap<object, DatabaseInfo>();

/** Which backend a Kysely instance from openDatabase runs on. */
export function describeDatabase<DB>(db: Kysely<DB>): DatabaseInfo {
  const found = info.get(db);
  if (!found) throw new Error('this Kysely instance was not created by openDatabase()');
  return found;
}

export interface OpenOptions {
  /** node-postgres pool size (default 4). */
  poolSize?: number;
}

export async function openDatabase(url?: string, options: OpenOptions = {}): Promise<OrgPulseDb> {
  const target = parseDatabaseUrl(url);
  const dialect = await createDialect(target, options);
  const db = new Kysely<Database>({ dialect });
  info.set(db, { kind: target.kind, display: target.display });
  if (target.kind === 'postgres') {
    // Fail fast with a clear message rather than on the first real query.
    try {
      await db.executeQuery(CompiledQuery.raw('select 1'));
    } catch (error) {
      await db.destroy();
      throw new Error(`cannot connect to ${target.display}: ${(error as Error).message}`, { cause: error });
    }
  }
  return db;
}

/** The dialect of a PGlite thread as openDatabase opens it: plain inserts go as COPY (copy.ts). */
export function pgliteThreadDialect(pglite: PGliteThread): Dialect {
  return withCopyFromStdin(new PGliteDialect({ pglite }));
}

async function createDialect(target: DatabaseTarget, options: OpenOptions): Promise<Dialect> {
  switch (target.kind) {
    case 'pglite': {
      if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
      // in a worker thread, so that the database's work overlaps this thread's (see pglite-thread.ts)
      const { PGliteThread } = await import('./pglite-thread.js');
      return pgliteThreadDialect(await PGliteThread.create(target.dataDir ? { dataDir: target.dataDir } : {}));
    }
    case 'postgres': {
      const [pg, { CopyCapableClient }] = await Promise.all([import('pg'), import('./pg-copy.js')]);
      const Pool = pg.default.Pool;
      const pool = new Pool({
        Client: CopyCapableClient,
        connectionString: target.connectionString,
        max: options.poolSize ?? 4,
        types: {
          getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
            typeParsers[oid] ?? pg.default.types.getTypeParser(oid, format)) as typeof pg.default.types.getTypeParser,
        },
      });
      // Without listeners, a server-side disconnect (failover, pg_terminate_backend) of an idle or
      // busy client is an unhandled 'error' event that crashes the process; the query fails instead.
      pool.on('error', () => undefined);
      pool.on('connect', (client) => client.on('error', () => undefined));
      return withCopyFromStdin(new PostgresDialect({ pool }));
    }
    case 'data-api': {
      const [{ RDSDataClient }, { DataApiDialect }] = await Promise.all([
        import('@aws-sdk/client-rds-data'),
        import('./dialects/data-api.js'),
      ]);
      const client = new RDSDataClient({ region: target.region, retryMode: 'adaptive', maxAttempts: 5 });
      return new DataApiDialect({ client, resourceArn: target.resourceArn, secretArn: target.secretArn, database: target.database });
    }
  }
}
