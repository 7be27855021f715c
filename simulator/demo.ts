// The local end-to-end demo: a fresh simulated organization → the real collectors → a local
// bucket → the receiver → the database, then a summary read back from the database. Simulation
// and loading overlap: an account's folder is loaded as soon as its last file is written.
import { availableParallelism } from 'node:os';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { describeDatabase, openDatabase, type OrgPulseDb } from '../db/open.js';
import { migrateToLatest } from '../db/migrate.js';
import { parseDatabaseUrl, DEFAULT_DB_DIR } from '../db/url.js';
import { openStorage } from '../receiver/storage/index.js';
import { receiveAll, type ReceiveSummary } from '../receiver/receive.js';
import { simulate, type SimulateResult } from './simulate.js';
import { progressBars } from '../lib/progress.js';
import type { TruthLabel } from './anomalies.js';

export const DEFAULT_BUCKET_DIR = './.orgpulse/bucket';

export interface DemoOptions {
  accounts?: number;
  days?: number;
  seed?: string;
  /** Database URL (default: embedded PGlite in ./.orgpulse/db, recreated). */
  db?: string;
  bucket?: string;
  endDate?: string;
  workers?: number;
  progress?: boolean;
}

export interface DemoSummary {
  period: { start: string; end: string };
  accounts: number;
  accountsByType: Record<string, number>;
  totalSpend: number;
  spendByType: Record<string, number>;
  topServices: { service: string; cost: number }[];
  criticalFindings: { accountId: string; accountName: string; securityHub: number; inspector: number; guardDuty: number }[];
  collectorHealth: { collector: string; statuses: Record<string, number> }[];
  missingReports: { accountId: string; accountName: string; dates: string[] }[];
  files: { loaded: number; rejected: number; failed: number; duplicate: number };
  rows: number;
  anomalies: { total: number; byKind: Record<string, number> };
  database: string;
  bucket: string;
}

export interface DemoResult {
  summary: DemoSummary;
  simulation: SimulateResult;
  receive: ReceiveSummary;
  timings: { simulateMs: number; receiveMs: number; summaryMs: number; totalMs: number };
  text: string;
}

type Db = Kysely<unknown>;

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

/** Every number of the summary, read from the database (the demo test checks them against its own queries). */
export async function readSummary(db: OrgPulseDb, period: { start: string; end: string }): Promise<Omit<DemoSummary, 'files' | 'rows' | 'anomalies' | 'database' | 'bucket'>> {
  const q = db as unknown as Db;
  const types = await sql<{ account_type: string; n: number }>`select account_type, count(*)::int as n from accounts group by account_type order by account_type`.execute(q);
  const spend = await sql<{ total: string | null }>`select coalesce(sum(cost), 0)::numeric(20,2)::text as total from services where granularity = 'DAILY' and usage_date between ${period.start}::date and ${period.end}::date`.execute(q);
  const byType = await sql<{ account_type: string; cost: string }>`
    select a.account_type, sum(s.cost)::numeric(20,2)::text as cost from services s join accounts a using (account_id)
    where s.granularity = 'DAILY' and s.usage_date between ${period.start}::date and ${period.end}::date
    group by a.account_type order by sum(s.cost) desc`.execute(q);
  const top = await sql<{ service: string; cost: string }>`
    select service, sum(cost)::numeric(20,2)::text as cost from services
    where granularity = 'DAILY' and usage_date between ${period.start}::date and ${period.end}::date
    group by service order by sum(cost) desc, service limit 5`.execute(q);
  const critical = await sql<{ account_id: string; account_name: string; hub: number; insp: number; gd: number }>`
    select a.account_id, a.account_name,
      (select count(*)::int from findings f where f.account_id = a.account_id and f.severity = 'CRITICAL' and f.resolved_at is null) as hub,
      (select count(*)::int from inspector_findings i where i.account_id = a.account_id and i.severity = 'CRITICAL' and i.status = 'ACTIVE') as insp,
      (select count(*)::int from guard_duty_findings g where g.account_id = a.account_id and g.severity >= 9 and not g.archived) as gd
    from accounts a order by a.account_name`.execute(q);
  const health = await sql<{ collector: string; status: string; n: number }>`
    select collector, status, count(*)::int as n from collector_runs where granularity = 'DAILY' group by collector, status order by collector, status`.execute(q);
  const missing = await sql<{ account_id: string; account_name: string; day: string }>`
    select a.account_id, a.account_name, d::date::text as day
    from accounts a cross join generate_series(${period.start}::date, ${period.end}::date, interval '1 day') as d
    where not exists (select 1 from snapshots s where s.account_id = a.account_id and s.granularity = 'DAILY' and s.period_start = d::date)
    order by a.account_name, day`.execute(q);

  const collectorHealth = new Map<string, Record<string, number>>();
  for (const r of health.rows) (collectorHealth.get(r.collector) ?? collectorHealth.set(r.collector, {}).get(r.collector)!)[r.status] = num(r.n);
  const missingReports = new Map<string, { accountId: string; accountName: string; dates: string[] }>();
  for (const r of missing.rows) {
    const m = missingReports.get(r.account_id) ?? { accountId: r.account_id, accountName: r.account_name, dates: [] };
    m.dates.push(r.day);
    missingReports.set(r.account_id, m);
  }
  return {
    period,
    accounts: types.rows.reduce((n, r) => n + num(r.n), 0),
    accountsByType: Object.fromEntries(types.rows.map((r) => [r.account_type, num(r.n)])),
    totalSpend: num(spend.rows[0]?.total),
    spendByType: Object.fromEntries(byType.rows.map((r) => [r.account_type, num(r.cost)])),
    topServices: top.rows.map((r) => ({ service: r.service, cost: num(r.cost) })),
    criticalFindings: critical.rows
      .map((r) => ({ accountId: r.account_id, accountName: r.account_name, securityHub: num(r.hub), inspector: num(r.insp), guardDuty: num(r.gd) }))
      .filter((r) => r.securityHub + r.inspector + r.guardDuty > 0),
    collectorHealth: [...collectorHealth.entries()].map(([collector, statuses]) => ({ collector, statuses })),
    missingReports: [...missingReports.values()],
  };
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const money = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatDemo(r: Omit<DemoResult, 'text'>): string {
  const s = r.summary;
  const out: string[] = [];
  const h = (t: string) => out.push('', t, '─'.repeat(Math.min(78, t.length)));
  out.push(`OrgPulse demo — ${s.accounts} simulated accounts, ${s.period.start} … ${s.period.end} (seed ${r.simulation.seed})`);
  h('Accounts by type');
  out.push(`  ${Object.entries(s.accountsByType).map(([t, n]) => `${t} ${n}`).join(' · ')}`);
  h(`Spend over the period: ${money(s.totalSpend)}`);
  for (const [t, c] of Object.entries(s.spendByType)) out.push(`  ${t.padEnd(12)} ${money(c).padStart(14)}`);
  out.push('  top services:');
  for (const t of s.topServices) out.push(`    ${t.service.padEnd(48)} ${money(t.cost).padStart(14)}`);
  h('Open critical findings (Security Hub · Inspector · GuardDuty)');
  if (s.criticalFindings.length === 0) out.push('  none');
  for (const f of s.criticalFindings) out.push(`  ${f.accountName.padEnd(28)} ${f.accountId}   ${String(f.securityHub).padStart(3)} · ${String(f.inspector).padStart(3)} · ${String(f.guardDuty).padStart(3)}`);
  h('Collector health (daily snapshots)');
  const allOk = s.collectorHealth.filter((c) => Object.keys(c.statuses).every((st) => st === 'ok'));
  if (allOk.length > 0) out.push(...wrap(`ok in every snapshot: ${allOk.map((c) => c.collector).join(', ')}`, 96).map((l) => `  ${l}`));
  for (const c of s.collectorHealth.filter((x) => !allOk.includes(x))) out.push(`  ${c.collector.padEnd(20)} ${Object.entries(c.statuses).map(([st, n]) => `${st} ${n}`).join(', ')}`);
  if (s.missingReports.length === 0) out.push('  every account reported every day');
  for (const m of s.missingReports) out.push(`  ${m.accountName} (${m.accountId}) did not report on ${m.dates.join(', ')}`);
  h('Files');
  out.push(`  ${r.simulation.files} written by the sender to ${s.bucket}/data (${(r.simulation.bytes / 1024 / 1024).toFixed(1)} MiB gzipped)`);
  out.push(`  receiver: ${s.files.loaded} loaded (moved to loaded/), ${s.files.rejected} rejected, ${s.files.failed} failed, ${s.files.duplicate} duplicate — ${s.rows} rows written`);
  h('Injected anomalies');
  out.push(`  ${s.anomalies.total} labelled in ${join(s.bucket, 'truth.json')}: ${Object.entries(s.anomalies.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  out.push('  (detection joins later: `orgpulse detect` will be scored against these labels)');
  h('Your data');
  out.push(`  database: ${s.database}`);
  out.push('  try, in psql or the RDS Query Editor (load a real server with `orgpulse demo --db postgres://user@host/db`):');
  out.push(`    SELECT a.account_name, s.service, sum(s.cost) AS cost FROM services s JOIN accounts a USING (account_id)`);
  out.push(`      WHERE s.granularity = 'DAILY' GROUP BY 1, 2 ORDER BY cost DESC LIMIT 10;`);
  out.push(`    SELECT account_id, severity, title, resource_id FROM findings WHERE resolved_at IS NULL AND severity IN ('CRITICAL', 'HIGH');`);
  out.push(`    SELECT activity_date, event_name, principal_arn, source_ip, event_count FROM activity_events`);
  out.push(`      WHERE event_name IN ('RunInstances', 'CreateUser', 'AttachUserPolicy') ORDER BY event_count DESC LIMIT 20;`);
  h('Timings');
  out.push(`  simulate ${secs(r.timings.simulateMs)} · receive ${secs(r.timings.receiveMs)} (overlapping) · summary ${secs(r.timings.summaryMs)} · total ${secs(r.timings.totalMs)}`);
  return `${out.join('\n')}\n`;
}

const BUCKET_ENTRIES = new Set(['data', 'loaded', 'rejected', 'truth.json', 'simulation.json']);

export class DemoLocationError extends Error {}

async function removeIfOurs(dir: string, looksRight: (names: string[]) => boolean, what: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return; // does not exist yet
  }
  if (names.length > 0 && !looksRight(names)) throw new DemoLocationError(`${dir} is not empty and does not look like ${what}; the demo recreates it, so point it at a new folder`);
  await rm(dir, { recursive: true, force: true });
}

function mergeSummary(into: ReceiveSummary, s: ReceiveSummary): void {
  into.loaded += s.loaded;
  into.rejected += s.rejected;
  into.failed += s.failed;
  into.duplicate += s.duplicate;
  into.totalRows += s.totalRows;
  for (const [table, n] of Object.entries(s.rowsByTable)) into.rowsByTable[table] = (into.rowsByTable[table] ?? 0) + n;
  into.files.push(...s.files);
}

/** Runs the demo; the database is left in place (closed) for the user to query. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = performance.now();
  const accounts = options.accounts ?? 25;
  const days = options.days ?? 60;
  const seed = options.seed ?? '1';
  const bucket = resolve(options.bucket ?? DEFAULT_BUCKET_DIR);
  const target = parseDatabaseUrl(options.db);
  // A fresh organization each time: the bucket and an embedded database folder are recreated —
  // but only folders that are what they claim to be, so a mistyped path never deletes anything else.
  await removeIfOurs(bucket, (names) => names.every((n) => BUCKET_ENTRIES.has(n)), 'a local bucket');
  if (target.kind === 'pglite' && target.dataDir) await removeIfOurs(resolve(target.dataDir), (names) => names.includes('PG_VERSION'), 'an embedded PGlite database');
  const db = await openDatabase(options.db ?? DEFAULT_DB_DIR);
  try {
    await migrateToLatest(db);
    const bars = progressBars(process.stderr, options.progress ?? true);
    const simBar = bars.bar('simulate');
    const recvBar = bars.bar('receive');
    const logger = pino({ level: process.env.ORGPULSE_LOG_LEVEL ?? 'silent' }, pino.destination(2));
    const receive: ReceiveSummary = { loaded: 0, rejected: 0, failed: 0, duplicate: 0, rowsByTable: {}, totalRows: 0, durationMs: 0, rowsPerSecond: 0, files: [] };
    let receiveStarted = 0;
    let chain: Promise<void> = Promise.resolve();
    let storage: ReturnType<typeof openStorage> | undefined;
    // One account's folder at a time, in the order accounts finish: the receiver loads an
    // account's days in date order, which is its cheap path.
    const receiveAccount = async (accountId: string) => {
      receiveStarted ||= performance.now();
      storage ??= openStorage(bucket);
      const s = await receiveAll({ db, storage, prefix: `data/${accountId}/`, logger });
      mergeSummary(receive, s);
      for (const f of s.files) recvBar.tick(f.status === 'loaded' ? '' : f.status);
    };
    const simulation = await simulate({
      accounts,
      days,
      bucket,
      seed,
      endDate: options.endDate,
      // The receiver runs in this thread: leave it a core, and never simulate here.
      workers: options.workers ?? Math.max(1, availableParallelism() - 1),
      alwaysInWorkers: true,
      clean: true,
      onStart: (info) => {
        simBar.start(info.files);
        recvBar.start(info.files);
      },
      onFile: () => simBar.tick(),
      onAccountDone: (accountId) => {
        chain = chain.then(() => receiveAccount(accountId));
      },
    });
    const simulateMs = performance.now() - started;
    await chain;
    const receiveMs = receiveStarted ? performance.now() - receiveStarted : 0;
    bars.stop();
    receive.durationMs = receiveMs;
    receive.rowsPerSecond = receiveMs > 0 ? Math.round((receive.totalRows * 1000) / receiveMs) : 0;

    const summaryStarted = performance.now();
    const labels = JSON.parse(await readFile(simulation.truthPath, 'utf8')) as TruthLabel[];
    const byKind: Record<string, number> = {};
    for (const l of labels) byKind[l.kind] = (byKind[l.kind] ?? 0) + 1;
    const fromDb = await readSummary(db, { start: simulation.startDate, end: simulation.endDate });
    const summary: DemoSummary = {
      ...fromDb,
      files: { loaded: receive.loaded, rejected: receive.rejected, failed: receive.failed, duplicate: receive.duplicate },
      rows: receive.totalRows,
      anomalies: { total: labels.length, byKind },
      database: describeDatabase(db).display,
      bucket,
    };
    const summaryMs = performance.now() - summaryStarted;
    const partial = { summary, simulation, receive, timings: { simulateMs, receiveMs, summaryMs, totalMs: performance.now() - started } };
    return { ...partial, text: formatDemo(partial) };
  } finally {
    await db.destroy();
  }
}
