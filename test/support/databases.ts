// The databases every database test runs against: PGlite always (unless ORGPULSE_TEST_SKIP_PGLITE=1,
// used by CI's second pass), and the PostgreSQL server at DATABASE_URL when it is set, each suite in a
// database of its own. In CI (CI=true) a DATABASE_URL that cannot be reached fails the suite.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Kysely, PGliteDialect } from 'kysely';
import { copyCapablePglite, withCopyFromStdin } from '../../db/copy.js';
import pg from 'pg';
import { openDatabase, type OrgPulseDb } from '../../db/open.js';
import { typeParsers } from '../../db/type-parsers.js';
import { migrateToLatest } from '../../db/migrate.js';
import { packageRoot, sqlDir } from '../../lib/paths.js';
import type { Database } from '../../db/schema.js';

export type Backend = 'pglite' | 'postgres';

export function testBackends(): Backend[] {
  const backends: Backend[] = [];
  if (process.env.ORGPULSE_TEST_SKIP_PGLITE !== '1') backends.push('pglite');
  if (process.env.DATABASE_URL) backends.push('postgres');
  return backends;
}

export interface TestDatabase {
  db: OrgPulseDb;
  backend: Backend;
  /** URL another process (the CLI) can open; undefined for in-memory PGlite. */
  url: string | undefined;
  close(): Promise<void>;
}

function migrationsFingerprint(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(sqlDir()).sort()) h.update(f).update(readFileSync(join(sqlDir(), f)));
  return h.digest('hex').slice(0, 16);
}

/** A migrated in-memory PGlite; initdb + migrations run once and are cached as a tarball. */
async function migratedPglite(): Promise<OrgPulseDb> {
  const { PGlite } = await import('@electric-sql/pglite');
  const cacheDir = join(packageRoot(), '.orgpulse', 'test-cache');
  const cacheFile = join(cacheDir, `pglite-${migrationsFingerprint()}.tar.gz`);
  if (!existsSync(cacheFile)) {
    const seed = await PGlite.create({ parsers: typeParsers });
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: seed }) });
    await migrateToLatest(db);
    const dump = await seed.dumpDataDir('gzip');
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${cacheFile}.${process.pid}`, Buffer.from(await dump.arrayBuffer()));
    renameSync(`${cacheFile}.${process.pid}`, cacheFile);
    await db.destroy();
  }
  const pglite = await PGlite.create({ parsers: typeParsers, loadDataDir: new Blob([readFileSync(cacheFile)]) });
  // as openDatabase's PGlite: COPY FROM STDIN statements are carried (db/copy.ts)
  return new Kysely<Database>({ dialect: withCopyFromStdin(new PGliteDialect({ pglite: copyCapablePglite(pglite) })) });
}

export async function createTestDatabase(backend: Backend, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (backend === 'pglite') {
    const db = migrate ? await migratedPglite() : await openDatabase('memory:');
    return { db, backend, url: undefined, close: () => db.destroy() };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is not set');
  const name = `orgpulse_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`DATABASE_URL ${adminUrl} is unreachable: ${(error as Error).message}`, { cause: error });
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase(url.toString());
  if (migrate) await migrateToLatest(db);
  return {
    db,
    backend,
    url: url.toString(),
    async close() {
      await db.destroy();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

/** describe() once per backend, with a fresh migrated database for the suite. */
export function describeEachDatabase(title: string, body: (get: () => TestDatabase) => void, options: { migrate?: boolean } = {}): void {
  for (const backend of testBackends()) {
    describe(`${title} [${backend}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(backend, options);
      });
      afterAll(async () => {
        await current?.close();
      });
      body(() => {
        if (!current) throw new Error('test database not ready');
        return current;
      });
    });
  }
}
