// receiveAll over a local bucket, and the `orgpulse receive` command end to end.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describeEachDatabase } from '../support/databases.js';
import { packageRoot } from '../../lib/paths.js';
import { orderKeys, receiveAll } from '../../receiver/receive.js';
import { TestBucket, ingestions, whereIs } from './support/bucket.js';
import { completeSnapshot, snapshotKey } from './fixtures/documents.js';
import { A360_ACCOUNT, a360v1 } from './fixtures/a360.js';

const run = promisify(execFile);

async function orgpulse(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(packageRoot(), 'cli/main.ts'), ...args], {
      cwd: packageRoot(),
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      maxBuffer: 10 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('files are ordered per account by date, DAILY before MONTHLY, unparseable keys last', () => {
  const groups = orderKeys([
    'data/222222222222/2026-11-03_DAILY.json.gz',
    'data/oops.txt',
    'data/111111111111/2026-11-02_DAILY.json.gz',
    'data/111111111111/2026-11-01_MONTHLY.json.gz',
    'data/111111111111/2026-11-01_DAILY.json.gz',
    'data/222222222222/2026-11-01_DAILY.json.gz',
  ]);
  expect([...groups.entries()]).toEqual([
    ['111111111111', ['data/111111111111/2026-11-01_DAILY.json.gz', 'data/111111111111/2026-11-01_MONTHLY.json.gz', 'data/111111111111/2026-11-02_DAILY.json.gz']],
    ['222222222222', ['data/222222222222/2026-11-01_DAILY.json.gz', 'data/222222222222/2026-11-03_DAILY.json.gz']],
    ['~unparsed', ['data/oops.txt']],
  ]);
});

describeEachDatabase('receiveAll', (get) => {
  test('loads everything pending, in date order per account, and sums it up', async () => {
    const { db } = get();
    const bucket = new TestBucket();
    try {
      const days = ['2026-11-22', '2026-11-20', '2026-11-21'];
      for (const account of ['500000000001', '500000000002']) for (const d of days) bucket.putJson(snapshotKey(account, d), completeSnapshot(d, account));
      bucket.put(snapshotKey('500000000003', '2026-11-20'), gzipSync('{"schema_version": 1,'));
      bucket.putJson(`data/${A360_ACCOUNT}/2025-10-08_DAILY.json`, a360v1('2025-10-08'));
      bucket.putJson('loaded/500000000009/2026-11-01_DAILY.json.gz', completeSnapshot('2026-11-01', '500000000009'));
      const summary = await receiveAll({ db, storage: bucket.storage, concurrency: 2 });
      expect(summary).toMatchObject({ loaded: 7, rejected: 1, failed: 0, duplicate: 0 });
      expect(summary.files.find((f) => f.status === 'rejected')).toEqual({ key: snapshotKey('500000000003', '2026-11-20'), status: 'rejected', reason: 'not_json', message: expect.stringMatching(/not valid JSON/) });
      expect(summary.totalRows).toBe(Object.values(summary.rowsByTable).reduce((a, b) => a + b, 0));
      expect(summary.rowsByTable.snapshots).toBe(7);
      expect(summary.rowsPerSecond).toBeGreaterThan(0);
      // In order: each account's ingestion ids grow with the date.
      for (const account of ['500000000001', '500000000002']) {
        const rows = (await ingestions(db)).filter((r) => r.account_id === account);
        expect(rows.map((r) => r.period_start)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
      }
      expect(bucket.keys().filter((k) => k.startsWith('data/'))).toEqual([]);
      expect(whereIs(bucket, snapshotKey('500000000003', '2026-11-20'))).toBe('rejected');
      // Nothing under loaded/ was touched.
      expect((await ingestions(db)).some((r) => r.object_key.startsWith('loaded/'))).toBe(false);
      // A second run finds nothing to do.
      expect(await receiveAll({ db, storage: bucket.storage })).toMatchObject({ loaded: 0, rejected: 0, failed: 0, duplicate: 0, files: [] });
    } finally {
      bucket.remove();
    }
  });

  test('orgpulse receive: migrates, loads, prints the summary, exit code 1 when a file is rejected', async () => {
    const t = get();
    const bucket = new TestBucket();
    const dbDir = mkdtempSync(join(tmpdir(), 'orgpulse-cli-db-'));
    // The CLI is another process: PostgreSQL by URL, PGlite in a folder of its own.
    const dbUrl = t.url ?? `pglite:${join(dbDir, 'db')}`;
    try {
      bucket.putJson(snapshotKey('510000000001', '2026-11-20'), completeSnapshot('2026-11-20', '510000000001'));
      bucket.putJson(snapshotKey('510000000002', '2026-11-20'), completeSnapshot('2026-11-20', '510000000099'));
      const first = await orgpulse(['receive', '--bucket', bucket.root, '--db', dbUrl]);
      expect(first.code).toBe(1);
      expect(first.stdout).toMatch(/2 file\(s\) in [\d.]+ s: 1 loaded, 1 rejected, 0 failed, 0 duplicate/);
      expect(first.stdout).toMatch(/rows written \(\d+ rows\/s\)/);
      expect(first.stdout).toMatch(/^\s+snapshots\s+1$/m);
      expect(first.stdout).toContain('data/510000000002/2026-11-20_DAILY.json.gz: account_mismatch');
      expect(first.stderr).toMatch(/receive: 2\/2 files/); // non-TTY progress line
      bucket.putJson(snapshotKey('510000000001', '2026-11-21'), completeSnapshot('2026-11-21', '510000000001'));
      const second = await orgpulse(['receive', '--bucket', bucket.root, '--db', dbUrl, '--prefix', 'data/510000000001/']);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/1 file\(s\) in [\d.]+ s: 1 loaded, 0 rejected/);
      const usage = await orgpulse(['receive', '--bucket', join(bucket.root, 'nope'), '--db', dbUrl]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/does not exist/);
    } finally {
      bucket.remove();
      rmSync(dbDir, { recursive: true, force: true });
    }
  });
});
