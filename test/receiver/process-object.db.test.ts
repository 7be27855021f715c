// processObject on every database backend: the per-file flow and every documented bad input.
// After each file: it is in exactly one of data/, loaded/, rejected/ (+ .error.json); there is an
// ingestions row; and a rejected file changed no row of any other table (digest of every table).
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/databases.js';
import { processObject, type ProcessResult } from '../../receiver/process-object.js';
import { TestBucket, fingerprint, ingestions, whereIs } from './support/bucket.js';
import { ACCOUNT_ID, clone, completeSnapshot, emptySectionsSnapshot, snapshotKey, withKeyOrder } from './fixtures/documents.js';
import { A360_ACCOUNT, a360v1, a360v2 } from './fixtures/a360.js';

describeEachDatabase('processObject', (get) => {
  let bucket: TestBucket;
  const run = (key: string, maxBytes?: number): Promise<ProcessResult> =>
    processObject({ db: get().db, storage: bucket.storage, key, ...(maxBytes ? { maxBytes } : {}) });

  beforeAll(async () => {
    bucket = new TestBucket();
    // Another account's day, loaded first: no bad file may touch it.
    const key = bucket.putJson(snapshotKey(ACCOUNT_ID, '2026-11-20'), completeSnapshot('2026-11-20'));
    expect((await run(key)).status).toBe('loaded');
  });
  afterAll(() => bucket.remove());

  async function expectRejected(key: string, content: string | Buffer, reason: string, options: { maxBytes?: number; issuePath?: RegExp; unread?: boolean } = {}): Promise<ProcessResult> {
    const { db } = get();
    bucket.put(key, content);
    const before = await fingerprint(db);
    const result = await run(key, options.maxBytes);
    expect(result).toMatchObject({ status: 'rejected', reason, retry: false });
    expect(whereIs(bucket, key)).toBe('rejected');
    const report = JSON.parse(bucket.read(`${key.replace(/^data\//, 'rejected/')}.error.json`)) as Record<string, unknown>;
    // A stored file over the limit is refused before it is read, so it has no digest.
    const sha = options.unread ? null : createHash('sha256').update(content).digest('hex');
    expect(report).toMatchObject({ reason, ingestion_id: result.ingestionId, sha256: sha, object_key: key, message: expect.any(String) });
    const rows = await ingestions(db, key);
    expect(rows.at(-1)).toMatchObject({ ingestion_id: result.ingestionId, status: 'rejected', reason, sha256: sha });
    expect(rows.at(-1)!.error).toMatchObject({ reason, message: report.message });
    if (options.issuePath) expect((report.issues as { path: string }[]).map((i) => i.path)).toEqual(expect.arrayContaining([expect.stringMatching(options.issuePath)]));
    expect(await fingerprint(db)).toEqual(before);
    return result;
  }

  test('a complete snapshot is loaded in one transaction and moved to loaded/', async () => {
    const { db } = get();
    const key = bucket.putJson(snapshotKey('100000000001', '2026-11-20'), completeSnapshot('2026-11-20', '100000000001'));
    const result = await run(key);
    expect(result).toMatchObject({ status: 'loaded', retry: false, movedTo: 'loaded/100000000001/2026-11-20_DAILY.json.gz' });
    expect(result.totalRows).toBeGreaterThan(50);
    expect(whereIs(bucket, key)).toBe('loaded');
    const [row] = await ingestions(db, key);
    expect(row).toMatchObject({ status: 'loaded', account_id: '100000000001', period_start: '2026-11-20', source_format: 'orgpulse-v1', unknown_fields: 0, reason: null, error: null });
    expect(row!.rows_by_table).toEqual(result.rowsByTable);
    expect(row!.uncompressed_bytes).toBe(Buffer.byteLength(JSON.stringify(completeSnapshot('2026-11-20', '100000000001'))));
    const snap = await db.selectFrom('snapshots').select(['ingestion_id', 'sender_version']).where('account_id', '=', '100000000001').executeTakeFirstOrThrow();
    expect(snap).toEqual({ ingestion_id: result.ingestionId, sender_version: '0.1.0' });
  });

  test('the same file twice: duplicate, moved to loaded/, no row rewritten', async () => {
    const { db } = get();
    const doc = completeSnapshot('2026-11-21', '100000000002');
    const key = bucket.putJson(snapshotKey('100000000002', '2026-11-21'), doc);
    const first = await run(key);
    expect(first.status).toBe('loaded');
    bucket.putJson(key, doc);
    const before = await fingerprint(db);
    const second = await run(key);
    expect(second).toMatchObject({ status: 'duplicate', retry: false, totalRows: 0 });
    expect(whereIs(bucket, key)).toBe('loaded');
    expect(await fingerprint(db)).toEqual(before);
    const rows = await ingestions(db, key);
    expect(rows.map((r) => r.status)).toEqual(['loaded', 'duplicate']);
    expect(rows[1]!.error).toMatchObject({ duplicate_of: first.ingestionId });
  });

  test('an older snapshot after a newer one is loaded, and the newer state stays', async () => {
    const { db } = get();
    const account = '100000000003';
    const newer = clone(completeSnapshot('2026-11-21', account));
    newer.account.name = 'renamed-later';
    expect((await run(bucket.putJson(snapshotKey(account, '2026-11-21'), newer))).status).toBe('loaded');
    const older = await run(bucket.putJson(snapshotKey(account, '2026-11-20'), completeSnapshot('2026-11-20', account)));
    expect(older.status).toBe('loaded');
    const acct = await db.selectFrom('accounts').select(['account_name', 'attributes_as_of', 'last_snapshot_date', 'first_snapshot_date']).where('account_id', '=', account).executeTakeFirstOrThrow();
    expect(acct).toEqual({ account_name: 'renamed-later', attributes_as_of: '2026-11-21', last_snapshot_date: '2026-11-21', first_snapshot_date: '2026-11-20' });
    const days = await db.selectFrom('snapshots').select('period_start').where('account_id', '=', account).orderBy('period_start').execute();
    expect(days.map((d) => d.period_start)).toEqual(['2026-11-20', '2026-11-21']);
  });

  test('a valid snapshot whose sections are all empty is loaded', async () => {
    const { db } = get();
    const key = bucket.putJson(snapshotKey('100000000004', '2026-11-20'), emptySectionsSnapshot('2026-11-20', '100000000004'));
    const result = await run(key);
    expect(result).toMatchObject({ status: 'loaded' });
    expect(whereIs(bucket, key)).toBe('loaded');
    const snap = await db.selectFrom('snapshots').select('ingestion_id').where('account_id', '=', '100000000004').executeTakeFirst();
    expect(snap?.ingestion_id).toBe(result.ingestionId);
  });

  test('quotes, backslashes, emoji, SQL fragments and 1 MB strings are stored verbatim; NULs are stripped and counted', async () => {
    const { db } = get();
    const account = '100000000005';
    const values: Record<string, string> = {
      quotes: `He said "it's" \`fine\` and “smart” quotes`,
      backslashes: 'C:\\path\\to\\file \\n is not a newline, \\u0041 is not A',
      emoji: 'deploy 🚀 done ✅ 👩🏽‍💻 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
      sql: "'; DROP TABLE accounts; -- $1 $$ E'\\x00' %s ${x} \\$",
      big: `${'x'.repeat(1_048_576 - 3)}END`,
      nul: 'before\u0000after\u0000',
    };
    const doc = clone(completeSnapshot('2026-11-20', account));
    const template = doc.security.guard_duty[0];
    doc.security.guard_duty = Object.entries(values).map(([id, text]) => ({ ...template, id: `gd-${id}`, title: text.slice(0, 200), description: text }));
    doc.service_resources[0].tags = { 'Name\u0000': 'web\u0000' };
    const key = bucket.putJson(snapshotKey(account, '2026-11-20'), doc);
    const result = await run(key);
    expect(result.status).toBe('loaded');
    const stored = await db.selectFrom('guard_duty_findings').select(['finding_id', 'title', 'description']).where('account_id', '=', account).execute();
    const byId = new Map(stored.map((r) => [r.finding_id, r]));
    for (const [id, text] of Object.entries(values)) {
      const expected = text.replaceAll('\u0000', '');
      expect(byId.get(`gd-${id}`)?.description).toBe(expected);
      expect(byId.get(`gd-${id}`)?.title).toBe(text.slice(0, 200).replaceAll('\u0000', ''));
    }
    const [row] = await ingestions(db, key);
    // 2 in the description, 2 in its title, 2 in the tag key and value.
    expect(row!.error).toMatchObject({ nul_chars_stripped: 6 });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from accounts`.execute(db);
    expect(rows[0]!.n).toBeGreaterThan(0); // the DROP TABLE stayed text
  });

  test('sections before the envelope, and an envelope field after a section, are loaded', async () => {
    const { db } = get();
    const envelopeLast = bucket.put(
      snapshotKey('100000000006', '2026-11-20'),
      gzipSync(withKeyOrder(completeSnapshot('2026-11-20', '100000000006'), ['services', 'account', 'schema_version', 'account_id', 'period', 'collected_at', 'regions', 'collectors'])),
    );
    expect((await run(envelopeLast)).status).toBe('loaded');
    // `sender` after the first section: the loader had started; the file is read again holding sections.
    const senderLate = bucket.put(
      snapshotKey('100000000007', '2026-11-20'),
      gzipSync(withKeyOrder(completeSnapshot('2026-11-20', '100000000007'), ['schema_version', 'account_id', 'period', 'collected_at', 'regions', 'collectors', 'account', 'cost', 'sender'])),
    );
    const late = await run(senderLate);
    expect(late.status).toBe('loaded');
    const snap = await db.selectFrom('snapshots').select(['sender_version', 'ingestion_id']).where('account_id', '=', '100000000007').executeTakeFirstOrThrow();
    expect(snap).toEqual({ sender_version: '0.1.0', ingestion_id: late.ingestionId });
    expect((await ingestions(db, senderLate)).map((r) => r.status)).toEqual(['loaded']);
  });

  test('Agency 360 v1 and v2 files are converted and loaded, with their source format and notes', async () => {
    const { db } = get();
    const v1 = bucket.putJson(`data/${A360_ACCOUNT}/2025-10-08_DAILY.json`, a360v1('2025-10-08'));
    const r1 = await run(v1);
    expect(r1).toMatchObject({ status: 'loaded' });
    const v2 = bucket.putJson(`data/${A360_ACCOUNT}/eu-west-1/2025-10-09_DAILY.json`, a360v2('2025-10-09'));
    const r2 = await run(v2);
    expect(r2).toMatchObject({ status: 'loaded' });
    const rows = await ingestions(db);
    const [i1, i2] = [rows.find((r) => r.object_key === v1)!, rows.find((r) => r.object_key === v2)!];
    expect(i1).toMatchObject({ source_format: 'a360-v1', period_start: '2025-10-07', account_id: A360_ACCOUNT });
    expect(i2).toMatchObject({ source_format: 'a360-v2', period_start: '2025-10-08' });
    expect(i1.unknown_fields).toBeGreaterThan(0);
    expect(JSON.stringify(i1.error)).toMatch(/holds Cost Explorer data for 2025-10-07/);
    const costs = await db.selectFrom('services').select(['usage_date', 'service']).where('account_id', '=', A360_ACCOUNT).orderBy('usage_date').orderBy('service').execute();
    expect(costs[0]).toEqual({ usage_date: '2025-10-07', service: 'Amazon Elastic Compute Cloud - Compute' });
    expect(whereIs(bucket, v1)).toBe('loaded');
    expect(whereIs(bucket, v2)).toBe('loaded');
  });

  test('a key that no longer exists: recorded, not retried; already moved → duplicate', async () => {
    const { db } = get();
    const gone = await run(snapshotKey('100000000008', '2026-11-20'));
    expect(gone).toMatchObject({ status: 'failed', reason: 'not_found', retry: false });
    expect((await ingestions(db, snapshotKey('100000000008', '2026-11-20')))[0]).toMatchObject({ status: 'failed', reason: 'not_found' });
    const loadedKey = snapshotKey('100000000001', '2026-11-20'); // moved to loaded/ by an earlier test
    const again = await run(loadedKey);
    expect(again).toMatchObject({ status: 'duplicate', reason: 'already_processed', retry: false });
  });

  describe('bad input is rejected with its reason, and changes nothing else', () => {
    const day = '2026-11-22';
    const acct = '200000000001';
    const good = (): Record<string, any> => clone(completeSnapshot(day, acct)); // eslint-disable-line @typescript-eslint/no-explicit-any
    const gz = (doc: unknown): Buffer => gzipSync(typeof doc === 'string' ? doc : JSON.stringify(doc));

    test('truncated gzip → gzip_corrupt', async () => {
      const whole = gz(good());
      await expectRejected(snapshotKey(acct, day), whole.subarray(0, Math.floor(whole.length / 2)), 'gzip_corrupt');
    });
    test('a .gz key holding plain text → gzip_corrupt', async () => {
      await expectRejected(snapshotKey('200000000002', day), JSON.stringify(good()), 'gzip_corrupt');
    });
    test('not JSON → not_json', async () => {
      await expectRejected(snapshotKey('200000000003', day), gz('this is not { json'), 'not_json');
    });
    test('JSON that is not an object → not_an_object', async () => {
      await expectRejected(snapshotKey('200000000004', day), gz([good()]), 'not_an_object');
    });
    test('an unknown schema_version → unsupported_schema_version', async () => {
      await expectRejected(snapshotKey('200000000005', day), gz({ ...good(), schema_version: 2 }), 'unsupported_schema_version', { issuePath: /^schema_version$/ });
    });
    test('missing envelope fields → contract_violation naming them', async () => {
      const doc = good();
      delete doc.collected_at;
      delete doc.regions;
      await expectRejected(snapshotKey('200000000006', day), gz(doc), 'contract_violation', { issuePath: /^(collected_at|regions)$/ });
    });
    test('wrong types and out-of-range values deep inside sections → contract_violation with their paths', async () => {
      const doc = good();
      doc.security.guard_duty[0].severity = 42;
      doc.service_resources[3].tags = 'not tags';
      doc.inventory.instances[0].patch_summary.missing = -1;
      await expectRejected(snapshotKey('200000000007', day), gz(doc), 'contract_violation', { issuePath: /^security\.guard_duty\[0\]\.severity$/ });
      const rows = await ingestions(get().db, snapshotKey('200000000007', day));
      const paths = ((rows[0]!.error as { issues: { path: string }[] }).issues).map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['security.guard_duty[0].severity', 'service_resources[3].tags', 'inventory.instances[0].patch_summary.missing']));
    });
    test('the account in the key ≠ the document → account_mismatch', async () => {
      await expectRejected(snapshotKey('200000000008', day), gz(good()), 'account_mismatch');
    });
    test('the date in the key ≠ period.start → date_mismatch', async () => {
      await expectRejected(snapshotKey(acct, '2026-11-23'), gz(good()), 'date_mismatch');
    });
    test('MONTHLY in the key, DAILY in the document → granularity_mismatch', async () => {
      await expectRejected(snapshotKey(acct, day, 'MONTHLY'), gz(good()), 'granularity_mismatch');
    });
    test('over the size limit → too_large (while streaming, also for a small gzip that inflates past it)', async () => {
      const big = good();
      big.service_resources = Array.from({ length: 2000 }, (_, i) => ({ ...big.service_resources[0], resource_id: `i-${i}` }));
      const text = JSON.stringify(big);
      await expectRejected(snapshotKey(acct, day), gz(text), 'too_large', { maxBytes: 100_000 });
      expect(text.length).toBeGreaterThan(100_000);
      expect(gz(text).length).toBeLessThan(100_000);
      await expectRejected(snapshotKey(acct, day, 'DAILY', false), text, 'too_large', { maxBytes: 100_000, unread: true });
    });
    test('a key outside the layout → bad_key', async () => {
      await expectRejected('data/notes/readme.txt', 'hello', 'bad_key');
      await expectRejected(`data/${acct}/2026-02-30_DAILY.json.gz`, gz(good()), 'bad_key');
    });
    test('the same top-level key twice → contract_violation', async () => {
      const text = JSON.stringify(good()).replace(/^\{/, '{"services":[],');
      await expectRejected(snapshotKey('200000000011', day), gz(text), 'contract_violation', { issuePath: /^services$/ });
    });
    test('a string PostgreSQL cannot store (lone UTF-16 surrogate) → database_rejected with the SQLSTATE', async () => {
      const doc = good();
      const text = JSON.stringify(doc).replace('EC2 instance has an unprotected port', 'EC2 \\ud800 instance has an unprotected port');
      const key = snapshotKey(acct, day);
      await expectRejected(key, gz(text), 'database_rejected');
      const rows = await ingestions(get().db, key);
      expect(rows.at(-1)!.error).toMatchObject({ sqlstate: expect.stringMatching(/^22/) });
    });
    test('an Agency 360 file that cannot be converted → legacy_unconvertible naming the part', async () => {
      const doc = a360v1('2025-10-10', '200000000012');
      (doc.service_resources as Record<string, unknown>[])[0]!.service_name = 'DynamoDB';
      const r = await expectRejected('data/200000000012/2025-10-10_DAILY.json', JSON.stringify(doc), 'legacy_unconvertible');
      expect(r.message).toMatch(/service_resources/);
    });
  });
});
