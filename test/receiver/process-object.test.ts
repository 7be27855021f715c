// processObject when the database cannot be reached at all: nothing is moved, the message retries.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.js';
import { processObject } from '../../receiver/process-object.js';
import { TestBucket, whereIs } from './support/bucket.js';
import { completeSnapshot, snapshotKey } from './fixtures/documents.js';

test('database unreachable: failed, retry, the file stays under data/, even a file that would be rejected', async () => {
  const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 2000 });
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const bucket = new TestBucket();
  try {
    const good = bucket.putJson(snapshotKey('600000000001', '2026-11-20'), completeSnapshot('2026-11-20', '600000000001'));
    const result = await processObject({ db, storage: bucket.storage, key: good });
    expect(result).toMatchObject({ status: 'failed', reason: 'database_unavailable', retry: true });
    expect(result.ingestionId).toBeUndefined();
    expect(whereIs(bucket, good)).toBe('data');
    // A rejection is only acted on once it is on record: without a database, the file waits.
    const bad = bucket.put('data/600000000001/notes.txt', 'hello');
    const rejected = await processObject({ db, storage: bucket.storage, key: bad });
    expect(rejected).toMatchObject({ status: 'failed', retry: true, message: expect.stringMatching(/rejected \(bad_key\) but the rejection could not be recorded/) });
    expect(bucket.keys()).toEqual(['data/600000000001/2026-11-20_DAILY.json.gz', 'data/600000000001/notes.txt']);
  } finally {
    await db.destroy();
    bucket.remove();
  }
});
