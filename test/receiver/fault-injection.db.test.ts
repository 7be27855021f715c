// The database connection drops in the middle of a snapshot's transaction: nothing of that
// snapshot is visible, the file stays under data/, the outcome is a retryable failure, and a retry
// on a fresh connection loads it.
//
// On PostgreSQL the loading connection is terminated. PGlite has one connection, the worker thread
// it runs in (db/pglite-thread.ts): the thread is killed mid-transaction, as a crash would end it,
// and the database folder is opened again, so what is tested is PGlite's recovery of its files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.js';
import { migrateToLatest } from '../../db/migrate.js';
import { PGliteThread, type QueryOptions, type ThreadTransaction } from '../../db/pglite-thread.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../support/databases.js';
import { processObject } from '../../receiver/process-object.js';
import { openDatabase, pgliteThreadDialect, type OrgPulseDb } from '../../db/open.js';
import { TestBucket, fingerprint, ingestions, whereIs } from './support/bucket.js';
import { completeSnapshot, snapshotKey } from './fixtures/documents.js';

/**
 * Waits (without a clock assertion) until a backend of this database waits on a lock; returns it.
 * `observer` must not be inside a transaction: pg_stat_activity is a snapshot per transaction.
 */
async function blockedBackend(observer: pg.Client): Promise<{ pid: number; query: string }> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const { rows } = await observer.query<{ pid: number; query: string }>(
      `select pid, query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`,
    );
    if (rows[0]) return rows[0];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the load never reached the locked table');
}

for (const backend of testBackends()) {
  (backend === 'postgres' ? describe : describe.skip)(`a connection dropped mid-transaction [${backend}]`, () => {
    let t: TestDatabase;
    let loadingDb: OrgPulseDb;
    let bucket: TestBucket;

    beforeAll(async () => {
      t = await createTestDatabase('postgres');
      // openDatabase's pool listens for errors: a killed connection fails its query, not the process.
      loadingDb = await openDatabase(t.url!);
      bucket = new TestBucket();
      const other = bucket.putJson(snapshotKey('300000000001', '2026-11-20'), completeSnapshot('2026-11-20', '300000000001'));
      expect((await processObject({ db: t.db, storage: bucket.storage, key: other })).status).toBe('loaded');
    });
    afterAll(async () => {
      await loadingDb?.destroy();
      await t?.close();
      bucket?.remove();
    });

    test('pg_terminate_backend of the loading connection: nothing visible, file kept, failed; the retry loads it', async () => {
      const account = '300000000002';
      const key = bucket.putJson(snapshotKey(account, '2026-11-20'), completeSnapshot('2026-11-20', account));
      const before = await fingerprint(t.db);

      // activity is the file's last section: the load blocks there with every other section written.
      const locker = new pg.Client({ connectionString: t.url });
      const observer = new pg.Client({ connectionString: t.url });
      await Promise.all([locker.connect(), observer.connect()]);
      let result;
      try {
        await locker.query('begin');
        await locker.query('lock table activity_events in access exclusive mode');
        const pending = processObject({ db: loadingDb, storage: bucket.storage, key });
        try {
          const blocked = await blockedBackend(observer);
          expect(blocked.query).toMatch(/activity_events/);
          await observer.query('select pg_terminate_backend($1)', [blocked.pid]);
        } finally {
          await locker.query('rollback');
        }
        result = await pending;
      } finally {
        await Promise.all([locker.end(), observer.end()]);
      }
      expect(result).toMatchObject({ status: 'failed', reason: 'database_unavailable', retry: true });
      expect(whereIs(bucket, key)).toBe('data');
      expect(await fingerprint(t.db)).toEqual(before);
      const snapshots = await t.db.selectFrom('snapshots').select('account_id').where('account_id', '=', account).execute();
      expect(snapshots).toEqual([]);
      // The failure is on record (written through another connection of the pool).
      expect(await ingestions(t.db, key)).toEqual([expect.objectContaining({ status: 'failed', reason: 'database_unavailable', ingestion_id: result.ingestionId })]);

      const retry = await processObject({ db: t.db, storage: bucket.storage, key });
      expect(retry).toMatchObject({ status: 'loaded', retry: false });
      expect(whereIs(bucket, key)).toBe('loaded');
      expect((await ingestions(t.db, key)).map((r) => r.status)).toEqual(['failed', 'loaded']);
      const loaded = await t.db.selectFrom('snapshots').select('ingestion_id').where('account_id', '=', account).executeTakeFirstOrThrow();
      expect(loaded.ingestion_id).toBe(retry.ingestionId);
    });
  });
}

(testBackends().includes('pglite') ? describe : describe.skip)('the PGlite thread killed mid-transaction', () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'orgpulse-crash-'))));
  const open = async (): Promise<{ thread: PGliteThread; db: OrgPulseDb }> => {
    const thread = await PGliteThread.create({ dataDir: dir });
    // as openDatabase opens it: the account's first findings go as COPY
    return { thread, db: new Kysely<Database>({ dialect: pgliteThreadDialect(thread) }) };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('nothing visible after the folder is opened again, file kept, failed; the retry loads it', async () => {
    const bucket = new TestBucket();
    let { thread, db } = await open();
    try {
      await migrateToLatest(db);
      const other = bucket.putJson(snapshotKey('300000000001', '2026-11-20'), completeSnapshot('2026-11-20', '300000000001'));
      expect((await processObject({ db, storage: bucket.storage, key: other })).status).toBe('loaded');
      const before = await fingerprint(db);

      const account = '300000000002';
      const key = bucket.putJson(snapshotKey(account, '2026-11-20'), completeSnapshot('2026-11-20', account));
      // the crash: the thread ends when the load sends its first findings, every earlier section written
      const transaction = thread.transaction.bind(thread);
      const crashing = thread;
      let killed = false;
      thread.transaction = <T>(callback: (tx: ThreadTransaction) => Promise<T>) =>
        transaction((tx) =>
          callback({
            ...tx,
            query: <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
              if (!killed && sql.startsWith('copy "findings"')) {
                killed = true;
                void crashing.terminate();
              }
              return tx.query<R>(sql, params, options);
            },
          }),
        );
      const result = await processObject({ db, storage: bucket.storage, key });
      expect(killed).toBe(true);
      expect(result).toMatchObject({ status: 'failed', reason: 'database_unavailable', retry: true });
      expect(whereIs(bucket, key)).toBe('data');
      await db.destroy();

      ({ thread, db } = await open());
      expect(await fingerprint(db)).toEqual(before);
      // the only connection died with the transaction: unlike on PostgreSQL, the failure could not be recorded
      expect(await ingestions(db, key)).toEqual([]);
      const retry = await processObject({ db, storage: bucket.storage, key });
      expect(retry).toMatchObject({ status: 'loaded', retry: false });
      expect(whereIs(bucket, key)).toBe('loaded');
      expect((await db.selectFrom('snapshots').select('ingestion_id').where('account_id', '=', account).executeTakeFirstOrThrow()).ingestion_id).toBe(retry.ingestionId);
    } finally {
      await db.destroy();
      bucket.remove();
    }
  });
});
