// The local demo end to end on a small organization: every number of the printed summary is
// checked against the database it loaded, with queries of our own.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { DemoLocationError, runDemo, type DemoResult } from '../../simulator/demo.js';
import { openDatabase } from '../../db/open.js';
import type { TruthLabel } from '../../simulator/anomalies.js';

let dir: string;
let result: DemoResult;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dir = await mkdtemp(join(tmpdir(), 'orgpulse-demo-'));
  result = await runDemo({ accounts: 4, days: 7, seed: '3', endDate: '2026-03-31', bucket: join(dir, 'bucket'), db: join(dir, 'db'), workers: 1, progress: false });
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withDb<T>(fn: (db: Kysely<unknown>) => Promise<T>): Promise<T> {
  const db = await openDatabase(join(dir, 'db'));
  try {
    return await fn(db as unknown as Kysely<unknown>);
  } finally {
    await db.destroy();
  }
}

test('every file was loaded and the summary says so', () => {
  const { summary, simulation } = result;
  expect(summary.files).toEqual({ loaded: simulation.files, rejected: 0, failed: 0, duplicate: 0 });
  expect(simulation.files).toBe(4 * 7 + 4); // 7 daily files per account, and March's MONTHLY file each
  expect(result.text).toContain(`${simulation.files} written`);
  expect(result.text).toContain('Timings');
});

test('accounts by type, spend and top services match the database', async () => {
  const { summary } = result;
  await withDb(async (db) => {
    const types = await sql<{ account_type: string; n: number }>`select account_type, count(*)::int as n from accounts group by 1`.execute(db);
    expect(summary.accountsByType).toEqual(Object.fromEntries(types.rows.map((r) => [r.account_type, Number(r.n)])));
    expect(summary.accounts).toBe(4);
    const total = await sql<{ t: string }>`select sum(cost)::text as t from services where granularity = 'DAILY'`.execute(db);
    expect(summary.totalSpend).toBeCloseTo(Number(total.rows[0]?.t), 1);
    expect(summary.totalSpend).toBeGreaterThan(0);
    const top = await sql<{ service: string; c: string }>`select service, sum(cost)::text as c from services where granularity = 'DAILY' group by service order by sum(cost) desc limit 5`.execute(db);
    expect(summary.topServices.map((s) => s.service)).toEqual(top.rows.map((r) => r.service));
    summary.topServices.forEach((s, i) => expect(s.cost).toBeCloseTo(Number(top.rows[i]?.c), 1));
    expect(result.text).toContain(summary.topServices[0]!.service);
  });
});

test('open critical findings per account match the database', async () => {
  await withDb(async (db) => {
    const hub = await sql<{ account_id: string; n: number }>`select account_id, count(*)::int as n from findings where severity = 'CRITICAL' and resolved_at is null group by 1`.execute(db);
    const insp = await sql<{ account_id: string; n: number }>`select account_id, count(*)::int as n from inspector_findings where severity = 'CRITICAL' and status = 'ACTIVE' group by 1`.execute(db);
    const expected = new Map<string, { securityHub: number; inspector: number }>();
    for (const r of hub.rows) expected.set(r.account_id, { securityHub: Number(r.n), inspector: 0 });
    for (const r of insp.rows) expected.set(r.account_id, { securityHub: expected.get(r.account_id)?.securityHub ?? 0, inspector: Number(r.n) });
    const got = new Map(result.summary.criticalFindings.map((f) => [f.accountId, { securityHub: f.securityHub, inspector: f.inspector }]));
    expect(got).toEqual(expected);
    expect(got.size).toBeGreaterThan(0);
  });
});

test('collector health and missing reports match the database', async () => {
  await withDb(async (db) => {
    const runs = await sql<{ collector: string; status: string; n: number }>`select collector, status, count(*)::int as n from collector_runs where granularity = 'DAILY' group by 1, 2`.execute(db);
    const expected: Record<string, Record<string, number>> = {};
    for (const r of runs.rows) (expected[r.collector] ??= {})[r.status] = Number(r.n);
    expect(Object.fromEntries(result.summary.collectorHealth.map((c) => [c.collector, c.statuses]))).toEqual(expected);
    // Every collector ran for every daily snapshot.
    const snapshots = await sql<{ n: number }>`select count(*)::int as n from snapshots where granularity = 'DAILY'`.execute(db);
    for (const statuses of Object.values(expected)) expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(Number(snapshots.rows[0]?.n));
    expect(result.summary.missingReports).toEqual([]);
  });
});

test('the anomaly count is the number of labels in truth.json', async () => {
  const labels = JSON.parse(await readFile(join(dir, 'bucket', 'truth.json'), 'utf8')) as TruthLabel[];
  expect(result.summary.anomalies.total).toBe(labels.length);
  expect(labels.length).toBeGreaterThan(0);
  expect(result.text).toContain(`${labels.length} labelled in`);
});

test('the demo refuses to recreate a folder that is not a bucket or a database, and leaves it alone', async () => {
  const other = join(dir, 'my-documents');
  await mkdir(other, { recursive: true });
  await writeFile(join(other, 'notes.txt'), 'keep me');
  await expect(runDemo({ accounts: 2, days: 1, bucket: other, db: 'memory:', progress: false })).rejects.toBeInstanceOf(DemoLocationError);
  await expect(runDemo({ accounts: 2, days: 1, bucket: join(dir, 'b2'), db: other, progress: false })).rejects.toBeInstanceOf(DemoLocationError);
  expect(await readFile(join(other, 'notes.txt'), 'utf8')).toBe('keep me');
});
