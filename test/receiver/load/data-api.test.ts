// The loaders through the RDS Data API dialect (a mocked RDSDataClient that runs every statement on
// PGlite, see test/support/data-api-fake.ts): the same tables as a direct load, which writes its
// plain inserts as COPY, every request under the service's 4 MiB limit, no array parameters.
import { ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import { copyCapablePglite, supportsCopy, withCopyFromStdin } from '../../../db/copy.js';
import { DataApiDialect } from '../../../db/dialects/data-api.js';
import { migrateToLatest } from '../../../db/migrate.js';
import type { Database } from '../../../db/schema.js';
import { installDataApiOnPglite, type DataApiFake } from '../../support/data-api-fake.js';
import { dumpTables, instance, load, snapshotOf } from './helpers.js';
import { processObject } from '../../../receiver/process-object.js';
import { TestBucket, fingerprint, ingestions, whereIs } from '../support/bucket.js';
import { snapshotKey } from '../fixtures/documents.js';

const parsers = { 1082: (v: string) => v, 1700: (v: string) => v, 20: (v: string) => Number(v) };
const A = '121212121212';

/** `copy`: the direct load writes its plain inserts as COPY, as openDatabase's PGlite does. */
async function migrated(copy = false): Promise<{ pglite: PGlite; direct: Kysely<Database> }> {
  const pglite = await PGlite.create({ parsers });
  const dialect = new PGliteDialect({ pglite: copy ? copyCapablePglite(pglite) : pglite });
  const direct = new Kysely<Database>({ dialect: copy ? withCopyFromStdin(dialect) : dialect });
  await migrateToLatest(direct);
  return { pglite, direct };
}

describe('loading through the RDS Data API', () => {
  let viaApi: { pglite: PGlite; direct: Kysely<Database> };
  let reference: { pglite: PGlite; direct: Kysely<Database> };
  let fake: DataApiFake;
  let api: Kysely<Database>;

  beforeAll(async () => {
    viaApi = await migrated();
    reference = await migrated(true); // COPY where the Data API has INSERT … unnest
    fake = installDataApiOnPglite(viaApi.pglite);
    api = new Kysely<Database>({ dialect: new DataApiDialect(fake.config) });
  });

  afterAll(async () => {
    await api.destroy();
    fake.mock.restore();
    await viaApi.direct.destroy();
    await reference.direct.destroy();
  });

  test('writes what a direct load (with COPY) writes, in requests under 4 MiB', async () => {
    expect([supportsCopy(api), supportsCopy(reference.direct)]).toEqual([false, true]);
    const big = '日'.repeat(900_000); // 2.7 MB of UTF-8
    const days = [
      snapshotOf('2026-11-20', A, (s) => {
        s.service_resources = Array.from({ length: 1200 }, (_, i) => ({ ...instance(`i-${i}`, 'running'), name: i % 400 === 0 ? big : `n${i}` }));
      }),
      snapshotOf('2026-11-21', A, (s) => {
        s.service_resources = Array.from({ length: 1190 }, (_, i) => instance(`i-${i}`, i % 100 === 0 ? 'stopped' : 'running'));
      }),
      snapshotOf('2026-11-19', A),
    ];
    for (const day of days) {
      const viaDataApi = await load(api, day);
      const direct = await load(reference.direct, day);
      expect(viaDataApi).toEqual(direct);
    }
    expect(await dumpTables(viaApi.direct)).toEqual(await dumpTables(reference.direct));
    const requests = fake.mock.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input);
    expect(requests.length).toBeGreaterThan(0);
    const largest = Math.max(...requests.map((r) => Buffer.byteLength(JSON.stringify(r))));
    expect(largest).toBeLessThan(4 * 1024 * 1024);
    expect(largest).toBeGreaterThan(2 * 1024 * 1024); // the big names made the writer fill a chunk by its byte bound
    expect(requests.every((r) => (r.parameters ?? []).every((p) => p.value?.arrayValue === undefined))).toBe(true);
  });

  test('a single row over 4 MiB cannot travel: the file is rejected, not retried, and nothing of it is written', async () => {
    const bucket = new TestBucket();
    try {
      const account = '343434343434';
      // three values of the longest text the contract allows, 3 MB of UTF-8 each: one row of 9 MB
      const long = '日'.repeat(1_000_000);
      const key = bucket.putJson(
        snapshotKey(account, '2026-11-20'),
        snapshotOf('2026-11-20', account, (s) => {
          s.service_resources = [instance('i-1', 'running'), { ...instance('i-2', 'running'), name: long, arn: long, availability_zone: long }];
        }),
      );
      const before = await fingerprint(viaApi.direct);
      const result = await processObject({ db: api, storage: bucket.storage, key });
      expect(result).toMatchObject({ status: 'rejected', reason: 'database_rejected', retry: false });
      expect(result.message).toMatch(/over the 4 MiB request limit/);
      expect(whereIs(bucket, key)).toBe('rejected');
      const after = await fingerprint(viaApi.direct);
      // only the rejection is on record
      expect({ ...after, ingestions: undefined }).toEqual({ ...before, ingestions: undefined });
      expect(await ingestions(viaApi.direct, key)).toEqual([expect.objectContaining({ status: 'rejected', reason: 'database_rejected' })]);
    } finally {
      bucket.remove();
    }
  });
});
