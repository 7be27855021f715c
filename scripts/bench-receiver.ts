// Receiver benchmark (npm run bench:receiver; not a test). Loads one large synthetic snapshot three
// ways into fresh, identical schemas, on PostgreSQL (DATABASE_URL or the local server) and PGlite:
//   (1) ours       — the receiver end to end (processObject on a local bucket: spool + sha256,
//                    streaming gunzip/parse/validation, one transaction, move to loaded/), first
//                    load and a next-day load (~2 % of state items changed) reported apart;
//   (2) row by row — the seed's way: per row a SELECT by key, then INSERT or UPDATE, autocommit
//                    (measured on a sample and extrapolated);
//   (3) COPY       — plain COPY of the rows (1) wrote into the same tables: the physical limit.
// (1) and (3) run BENCH_ROUNDS times (default 3), alternating, each round on emptied tables; the
// report gives medians, and (1)/(3) is taken within each round, so a VM whose speed drifts slows
// both sides of a ratio alike.
// Prints rows/s, the ratios (1)/(3) and (1)/(2), CPU seconds of this process and of the PostgreSQL
// backends for (1) and (3), and the receiver's peak RSS on a ~100 MB snapshot, measured in a process
// of its own (scripts/measure-receiver-memory.ts). docs/performance.md records results.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { CompiledQuery, Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { PGliteThread } from '../db/pglite-thread.js';
import { openDatabase, pgliteThreadDialect, type OrgPulseDb } from '../db/open.js';
import { migrateToLatest } from '../db/migrate.js';
import { stateKeys, upsertKeys } from '../db/keys.js';
import type { Database } from '../db/schema.js';
import type { SnapshotInput } from '../snapshot/index.js';
import { processObject, type ProcessResult } from '../receiver/process-object.js';
import { LocalDirectoryStorage } from '../receiver/storage/index.js';
import { loadCatalog, type TableInfo } from '../receiver/load/catalog.js';

const ACCOUNT = '246813579024';
const DAY1 = '2026-11-20';
const DAY2 = '2026-11-21';
const SIZES = { findings: 30_000, resources: 30_000, services: 10_000, instances: 500, appsPerInstance: 40, patchesPerInstance: 20, aggregates: 10_000, events: 500 };
const CHANGED = 0.02;
const ROW_BY_ROW_SAMPLE = 1_500;
/** Rounds of (1) and (3), alternating (BENCH_ROUNDS). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);

const started = performance.now();
const log = (msg: string): void => console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

// ---------------------------------------------------------------------------------------------
// Deterministic synthetic snapshot

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;

type Sections = Required<Pick<SnapshotInput, 'services' | 'service_resources'>> & {
  findings: NonNullable<NonNullable<NonNullable<SnapshotInput['security']>['security_hub']>['findings']>;
  inventory: NonNullable<SnapshotInput['inventory']>;
  activity: NonNullable<SnapshotInput['activity']>;
};

function envelope(day: string): SnapshotInput {
  const end = new Date(`${day}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  const ok = { status: 'ok' as const, duration_ms: 1000, api_calls: 10 };
  return {
    schema_version: 1,
    account_id: ACCOUNT,
    period: { granularity: 'DAILY', start: day, end: end.toISOString().slice(0, 10) },
    collected_at: `${end.toISOString().slice(0, 10)}T01:00:00.000Z`,
    regions: REGIONS,
    collectors: { account: ok, security_hub: ok, services: ok, service_resources: ok, inventory: ok, activity: ok },
    sender: { version: 'bench' },
    account: { name: 'bench-account', account_type: 'production', tags: { Product: 'Bench', Environment: 'prod' } },
  };
}

function firstDay(): Sections {
  const rnd = random(42);
  const findings: Sections['findings'] = Array.from({ length: SIZES.findings }, (_, i) => ({
    id: `arn:aws:securityhub:${REGIONS[i % 4]}:${ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0/C${i % 300}/finding/${hex(i, 12)}`,
    product_arn: `arn:aws:securityhub:${REGIONS[i % 4]}::product/aws/securityhub`,
    product_name: 'Security Hub',
    company_name: 'AWS',
    generator_id: `aws-foundational-security-best-practices/v/1.0.0/C${i % 300}`,
    title: `Control C${i % 300} should be enabled on resource ${i}`,
    description: 'This control checks whether the resource is configured according to the best practice; it fails when it is not.',
    severity: SEVERITIES[Math.floor(rnd() * 5)]!,
    severity_normalized: Math.floor(rnd() * 100),
    workflow_status: rnd() < 0.1 ? 'RESOLVED' : 'NEW',
    record_state: 'ACTIVE',
    compliance_status: 'FAILED',
    resource_type: 'AwsEc2Instance',
    resource_id: `arn:aws:ec2:${REGIONS[i % 4]}:${ACCOUNT}:instance/i-${hex(i, 17)}`,
    region: REGIONS[i % 4],
    types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    created_at: '2026-10-01T00:00:00.000Z',
    updated_at: `${DAY1}T0${i % 10}:00:00.000Z`,
  }));
  const service_resources: Sections['service_resources'] = Array.from({ length: SIZES.resources }, (_, i) => ({
    service: i % 3 === 0 ? 'EBS' : 'EC2',
    resource_type: i % 3 === 0 ? 'volume' : 'instance',
    resource_id: i % 3 === 0 ? `vol-${hex(i, 17)}` : `i-${hex(i, 17)}`,
    arn: `arn:aws:ec2:${REGIONS[i % 4]}:${ACCOUNT}:${i % 3 === 0 ? 'volume' : 'instance'}/${hex(i, 17)}`,
    name: `workload-${i % 97}-${i}`,
    region: REGIONS[i % 4]!,
    availability_zone: `${REGIONS[i % 4]}a`,
    state: rnd() < 0.9 ? 'running' : 'stopped',
    instance_type: i % 3 === 0 ? null : ['m5.large', 'c6g.xlarge', 't3.micro'][i % 3],
    vpc_id: `vpc-${hex(i % 20, 8)}`,
    size_gb: i % 3 === 0 ? 100 + (i % 400) : null,
    encrypted: i % 3 === 0 ? rnd() < 0.8 : null,
    created_at: '2025-01-01T00:00:00.000Z',
    tags: { Name: `workload-${i % 97}`, Environment: 'prod', CostCenter: `CC-${i % 10}` },
  }));
  const services: Sections['services'] = Array.from({ length: SIZES.services }, (_, i) => ({
    date: DAY1,
    service: `Service ${i % 50}`,
    usage_type: `USE1-Usage-${Math.floor(i / 50)}`,
    cost: Math.round(rnd() * 100_000) / 100,
    usage_quantity: Math.round(rnd() * 10_000),
    usage_unit: 'Hrs',
  }));
  const instances = Array.from({ length: SIZES.instances }, (_, i) => ({
    instance_id: `i-${hex(i, 17)}`,
    region: REGIONS[i % 4]!,
    computer_name: `ip-10-0-${i % 250}-${i % 200}.ec2.internal`,
    platform_type: 'Linux' as const,
    platform_name: 'Amazon Linux',
    platform_version: '2023',
    agent_version: '3.3.1142.0',
    ping_status: 'Online' as const,
    patch_summary: { installed: 400 + (i % 20), missing: i % 5, failed: 0, operation: 'Scan' as const },
  }));
  const applications = instances.flatMap((inst, n) =>
    Array.from({ length: SIZES.appsPerInstance }, (_, j) => ({
      instance_id: inst.instance_id,
      name: `package-${(n * 7 + j) % 400}`,
      version: `1.${j}.${n % 10}`,
      architecture: 'x86_64',
      publisher: 'Amazon Linux',
      application_type: 'System Environment/Libraries',
    })),
  );
  const patches = instances.flatMap((inst, n) =>
    Array.from({ length: SIZES.patchesPerInstance }, (_, j) => ({
      instance_id: inst.instance_id,
      kb_id: `ALAS2023-2026-${hex((n + j * 31) % 4096, 4)}`,
      title: `security update ${j}`,
      classification: 'Security',
      severity: 'Important',
      state: (j % 4 === 0 ? 'MISSING' : 'INSTALLED') as 'MISSING' | 'INSTALLED',
    })),
  );
  return { findings, service_resources, services, inventory: { instances, applications, patches }, activity: activityOf(DAY1, 7) };
}

function activityOf(day: string, seed: number): Sections['activity'] {
  const rnd = random(seed);
  const aggregates = Array.from({ length: SIZES.aggregates }, (_, i) => ({
    event_source: `svc${i % 40}.amazonaws.com`,
    event_name: `Action${i % 250}`,
    region: REGIONS[i % 4]!,
    principal_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/role-${i % 60}/session`,
    principal_type: 'AssumedRole' as const,
    source_ip: `10.${i % 200}.${Math.floor(i / 200)}.1`,
    user_agent: 'aws-sdk-go-v2/1.30.0 terraform/1.9.5',
    count: 1 + Math.floor(rnd() * 50),
    first_seen: `${day}T01:00:00.000Z`,
    last_seen: `${day}T23:00:00.000Z`,
  }));
  const events = Array.from({ length: SIZES.events }, (_, i) => ({
    event_id: `${day}-${hex(i, 8)}`,
    event_time: `${day}T12:00:00.000Z`,
    event_source: 'iam.amazonaws.com',
    event_name: 'AttachRolePolicy',
    region: 'us-east-1',
    principal_arn: `arn:aws:iam::${ACCOUNT}:user/u${i % 10}`,
    principal_type: 'IAMUser' as const,
    resources: { roleName: `role-${i}` },
  }));
  return { aggregates, events, total_events: SIZES.aggregates * 10, security_events_total: SIZES.events };
}

/** The next day: ~2 % of state items changed, a few removed and added, 2 % of findings updated. */
function nextDay(day1: Sections): Sections {
  const rnd = random(4242);
  const pick = () => rnd() < CHANGED;
  const findings = day1.findings.filter(pick).map((f) => ({ ...f, workflow_status: 'RESOLVED' as const, updated_at: `${DAY2}T08:00:00.000Z` }));
  const service_resources = day1.service_resources
    .filter(() => rnd() >= 0.002)
    .map((r) => (pick() ? { ...r, state: r.state === 'running' ? 'stopped' : 'running' } : r));
  for (let i = 0; i < SIZES.resources * 0.002; i++) {
    service_resources.push({ service: 'Lambda', resource_type: 'function', resource_id: `fn-new-${i}`, region: 'us-east-1', runtime: 'nodejs22.x', memory_mb: 512 });
  }
  const services = day1.services.map((s) => ({ ...s, date: DAY2, cost: Math.round(rnd() * 100_000) / 100 }));
  const inventory = {
    instances: day1.inventory.instances!.map((i) => (pick() ? { ...i, agent_version: '3.3.1500.0' } : i)),
    applications: day1.inventory.applications!.map((a) => (pick() ? { ...a, version: `${a.version}-1` } : a)),
    patches: day1.inventory.patches!.map((p) => (pick() ? { ...p, state: 'INSTALLED' as const, installed_time: `${DAY2}T03:00:00.000Z` } : p)),
  };
  return { findings, service_resources, services, inventory, activity: activityOf(DAY2, 8) };
}

function snapshotFile(day: string, s: Sections): SnapshotInput {
  return {
    ...envelope(day),
    security: { security_hub: { products: [{ product_name: 'Security Hub', total: s.findings.length, critical: 0, high: 0, medium: 0, low: 0, informational: 0, open: 0, resolved: 0, suppressed: 0 }], findings: s.findings } },
    services: s.services,
    service_resources: s.service_resources,
    inventory: s.inventory,
    activity: s.activity,
  };
}

function rowCount(s: Sections): number {
  return s.findings.length + s.service_resources.length + s.services.length + s.inventory.instances!.length + s.inventory.applications!.length + s.inventory.patches!.length + s.activity.aggregates!.length + s.activity.events!.length;
}

// ---------------------------------------------------------------------------------------------
// Backends

interface Backend {
  name: string;
  /** A fresh, migrated, empty database. */
  fresh(label: string): Promise<Target>;
  cleanup(): Promise<void>;
}

interface Target {
  db: OrgPulseDb;
  /** CPU seconds the database server has used for this database so far; undefined when it cannot be read (PGlite runs in a thread of this process). */
  serverCpu(): Promise<number | undefined>;
  /** COPY text (PostgreSQL text format) of a table's columns out. */
  copyOut(table: string, columns: string[]): Promise<Buffer>;
  /** COPY text into a table's columns. */
  copyIn(table: string, columns: string[], data: Buffer): Promise<void>;
  /** Empties every table, as a fresh schema has them (new, empty files and indexes; identities restart). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** TRUNCATE of every OrgPulse table (names from the database's catalog), identities restarted. */
async function truncateAll(db: OrgPulseDb): Promise<void> {
  const { rows } = await db.executeQuery<{ name: string }>(CompiledQuery.raw(`select tablename::text as name from pg_tables where schemaname = current_schema() and tablename not like 'kysely%'`));
  await db.executeQuery(CompiledQuery.raw(`truncate ${rows.map((r) => quote(r.name)).join(', ')} restart identity cascade`));
}

function postgresBackend(adminUrl: string): Backend {
  const created: string[] = [];
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    name: 'PostgreSQL',
    async fresh(label) {
      const name = `orgpulse_bench_${process.pid}_${label}`;
      await admin((c) => c.query(`create database ${name}`));
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = await openDatabase(url.toString(), { poolSize: 2 });
      await migrateToLatest(db);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      return {
        db,
        async serverCpu() {
          if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return undefined;
          const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()');
          return backendCpuSeconds(rows.map((r) => r.pid));
        },
        async copyOut(table, columns) {
          const parts: Buffer[] = [];
          await pipeline(client.query(copyTo(`copy ${quote(table)} (${columns.map(quote).join(', ')}) to stdout`)), new Writable({ write: (chunk: Buffer, _e, cb) => void (parts.push(chunk), cb()) }));
          return Buffer.concat(parts);
        },
        async copyIn(table, columns, data) {
          await pipeline(Readable.from([data]), client.query(copyFrom(`copy ${quote(table)} (${columns.map(quote).join(', ')}) from stdin`)));
        },
        reset: () => truncateAll(db),
        async close() {
          await client.end();
          await db.destroy();
        },
      };
    },
    async cleanup() {
      await admin(async (c) => {
        for (const name of created) await c.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}

/**
 * user + system CPU seconds of local PostgreSQL backends (Linux /proc). Only counts processes
 * that are postgres; a backend that ended since the list was taken contributes what it last had.
 */
const lastSeen = new Map<number, number>();
function backendCpuSeconds(pids: number[]): number | undefined {
  let total = 0;
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) return undefined;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      lastSeen.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime, in clock ticks (100/s on Linux)
    } catch {
      if (!lastSeen.has(pid)) return undefined;
    }
    total += lastSeen.get(pid)!;
  }
  return total;
}

function pgliteBackend(): Backend {
  return {
    name: 'PGlite',
    async fresh() {
      // as openDatabase runs it: in a thread of its own, plain inserts as COPY
      const pglite = await PGliteThread.create();
      const db = new Kysely<Database>({ dialect: pgliteThreadDialect(pglite) });
      await migrateToLatest(db);
      return {
        db,
        serverCpu: async () => undefined,
        async copyOut(table, columns) {
          const r = await pglite.query(`copy ${quote(table)} (${columns.map(quote).join(', ')}) to '/dev/blob'`);
          return Buffer.from(await (r.blob ?? new Blob([])).arrayBuffer());
        },
        async copyIn(table, columns, data) {
          await pglite.query(`copy ${quote(table)} (${columns.map(quote).join(', ')}) from '/dev/blob'`, [], { blob: new Blob([data]) });
        },
        reset: () => truncateAll(db),
        async close() {
          await db.destroy();
        },
      };
    },
    async cleanup() {},
  };
}

// ---------------------------------------------------------------------------------------------
// The three ways

interface Measure {
  rows: number;
  seconds: number;
  note?: string;
}
const perSecond = (m: Measure): number => m.rows / m.seconds;

interface Cpu {
  /** CPU seconds of this process (for PGlite: the database too, it runs in a thread of this process). */
  client: number;
  /** CPU seconds of the PostgreSQL backends; undefined on PGlite. */
  server: number | undefined;
}

interface OursMeasure extends Measure {
  result: ProcessResult;
  cpu: Cpu;
}

/** Runs `work` and measures its wall time and CPU on both sides. */
async function measured<T>(target: Target, work: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: Cpu }> {
  const server0 = await target.serverCpu();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const seconds = (performance.now() - t0) / 1000;
  const client = process.cpuUsage(client0);
  const server1 = await target.serverCpu();
  return { value, seconds, cpu: { client: (client.user + client.system) / 1e6, server: server0 === undefined || server1 === undefined ? undefined : server1 - server0 } };
}

/** The receiver end to end on one file of a local bucket, as `orgpulse receive` runs it. */
async function loadOurs(target: Target, bucket: string, file: string, rows: number): Promise<OursMeasure> {
  const key = `data/${ACCOUNT}/${basename(file)}`;
  mkdirSync(join(bucket, 'data', ACCOUNT), { recursive: true });
  copyFileSync(file, join(bucket, key));
  const { value: result, seconds, cpu } = await measured(target, () => processObject({ db: target.db, storage: new LocalDirectoryStorage(bucket), key }));
  if (result.status !== 'loaded') throw new Error(`the receiver did not load ${key}: ${result.status} ${result.reason ?? ''} ${result.message ?? ''}`);
  return { rows, seconds, result, cpu };
}

const cpuText = (cpu: Cpu): string => `CPU: this process ${cpu.client.toFixed(2)} s${cpu.server === undefined ? '' : `, PostgreSQL ${cpu.server.toFixed(2)} s`}`;

/** Tables in an order that satisfies the foreign keys. */
function tableOrder(tables: string[]): string[] {
  const first = ['accounts', 'products', 'product_accounts', 'cost_reports'];
  return [...first.filter((t) => tables.includes(t)), ...tables.filter((t) => !first.includes(t)).sort()];
}

async function writtenTables(source: Target): Promise<{ info: TableInfo; columns: string[]; data: Buffer; rows: number }[]> {
  const catalog = await loadCatalog(source.db);
  const out = [];
  for (const table of tableOrder([...catalog.keys()].filter((t) => !t.startsWith('kysely_') && t !== 'ingestions'))) {
    const info = catalog.get(table)!;
    const columns = info.insertable.map((c) => c.name);
    const data = await source.copyOut(table, columns);
    const rows = data.length === 0 ? 0 : data.toString('utf8').split('\n').length - 1;
    if (rows > 0) out.push({ info, columns, data, rows });
  }
  return out;
}

async function loadCopy(target: Target, tables: Awaited<ReturnType<typeof writtenTables>>): Promise<Measure & { cpu: Cpu }> {
  const { seconds, cpu } = await measured(target, async () => {
    for (const t of tables) await target.copyIn(t.info.name, t.columns, t.data);
  });
  return { rows: tables.reduce((a, t) => a + t.rows, 0), seconds, cpu };
}

/** PostgreSQL text-format COPY field → the value as text (NULL → null). */
function unescapeCopy(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v' })[c] ?? c);
}

/** The seed's way on a sample: per row a SELECT by key, then an INSERT (or UPDATE); every statement autocommits. */
async function loadRowByRow(target: Target, tables: Awaited<ReturnType<typeof writtenTables>>, sampleSize: number): Promise<Measure> {
  const big = tables.filter((t) => t.info.name !== 'accounts' && t.rows >= 100);
  const total = big.reduce((a, t) => a + t.rows, 0);
  // parents first, untimed: the sample rows reference them
  for (const t of tables.filter((x) => x.info.name === 'accounts')) await target.copyIn(t.info.name, t.columns, t.data);
  let done = 0;
  const t0 = performance.now();
  for (const t of big) {
    const n = Math.max(1, Math.round((sampleSize * t.rows) / total));
    const lines = t.data.toString('utf8').split('\n').filter((l) => l.length > 0);
    const step = Math.max(1, Math.floor(lines.length / n));
    const key: string[] =
      t.info.name in stateKeys
        ? ['account_id', ...stateKeys[t.info.name as keyof typeof stateKeys], 'valid_from']
        : t.info.name === 'activity_events'
          ? ['account_id', 'activity_date', 'event_source', 'event_name', 'region', 'principal_arn', 'principal_type', 'source_ip', 'user_agent', 'error_code']
          : [...upsertKeys[t.info.name as keyof typeof upsertKeys]];
    const types = new Map(t.info.columns.map((c) => [c.name, c.type]));
    // = where the key column is NOT NULL (the index serves it), IS NOT DISTINCT FROM for nullable dimensions
    const eq = (k: string) => (t.info.byName.get(k)?.notNull ? '=' : 'is not distinct from');
    for (let i = 0; i < lines.length && done < sampleSize; i += step) {
      const values = lines[i]!.split('\t').map(unescapeCopy);
      const row = new Map(t.columns.map((c, j) => [c, values[j] ?? null]));
      const where = key.map((k, j) => `${quote(k)} ${eq(k)} $${j + 1}::${types.get(k)}`).join(' and ');
      const found = await target.db.executeQuery(CompiledQuery.raw(`select 1 from ${quote(t.info.name)} where ${where}`, key.map((k) => row.get(k) ?? null)));
      const params = t.columns.map((c) => row.get(c) ?? null);
      if (found.rows.length === 0) {
        const sql = `insert into ${quote(t.info.name)} (${t.columns.map(quote).join(', ')}) values (${t.columns.map((c, j) => `$${j + 1}::${types.get(c)}`).join(', ')})`;
        await target.db.executeQuery(CompiledQuery.raw(sql, params));
      } else {
        const sql = `update ${quote(t.info.name)} set ${t.columns.map((c, j) => `${quote(c)} = $${j + 1}::${types.get(c)}`).join(', ')} where ${key.map((k) => `${quote(k)} ${eq(k)} $${t.columns.indexOf(k) + 1}::${types.get(k)}`).join(' and ')}`;
        await target.db.executeQuery(CompiledQuery.raw(sql, params));
      }
      done++;
    }
  }
  return { rows: done, seconds: (performance.now() - t0) / 1000, note: `sample of ${done} rows, extrapolated` };
}

// ---------------------------------------------------------------------------------------------

interface Round {
  first: OursMeasure & { written: number };
  next: OursMeasure & { written: number };
  copy: Measure & { cpu: Cpu };
}

interface BackendReport {
  name: string;
  /** (1) and (3) side by side, alternating: a VM whose speed drifts slows both of a round alike. */
  rounds: Round[];
  rowByRow: Measure;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function runBackend(backend: Backend, files: { day1: string; day2: string; rows1: number; rows2: number }, bucket: string): Promise<BackendReport> {
  try {
    log(`${backend.name}: fresh schemas for (1) ours and (3) COPY`);
    const ours = await backend.fresh('ours');
    const copyTarget = await backend.fresh('copy');
    const rounds: Round[] = [];
    let tables: Awaited<ReturnType<typeof writtenTables>> | undefined;
    for (let round = 1; round <= ROUNDS; round++) {
      const tag = `${backend.name}, round ${round}/${ROUNDS}`;
      if (round > 1) await Promise.all([ours.reset(), copyTarget.reset()]);
      log(`${tag}: (1) ours, first load of ${files.rows1.toLocaleString('en')} rows …`);
      const first = await loadOurs(ours, bucket, files.day1, files.rows1);
      log(`${tag}:   ${first.seconds.toFixed(2)} s, ${Math.round(perSecond(first)).toLocaleString('en')} rows/s (${first.result.totalRows.toLocaleString('en')} rows written; ${cpuText(first.cpu)})`);
      tables ??= await writtenTables(ours);
      log(`${tag}: (1) ours, next-day load of ${files.rows2.toLocaleString('en')} rows …`);
      const next = await loadOurs(ours, bucket, files.day2, files.rows2);
      log(`${tag}:   ${next.seconds.toFixed(2)} s, ${Math.round(perSecond(next)).toLocaleString('en')} rows/s (${next.result.totalRows.toLocaleString('en')} rows written; ${cpuText(next.cpu)})`);
      log(`${tag}: (3) COPY of the ${tables.reduce((a, t) => a + t.rows, 0).toLocaleString('en')} rows (1) wrote …`);
      const copy = await loadCopy(copyTarget, tables);
      log(`${tag}:   ${copy.seconds.toFixed(2)} s, ${Math.round(perSecond(copy)).toLocaleString('en')} rows/s (${cpuText(copy.cpu)})`);
      rounds.push({ first: { ...first, written: first.result.totalRows }, next: { ...next, written: next.result.totalRows }, copy });
    }
    await Promise.all([ours.close(), copyTarget.close()]);

    log(`${backend.name}: fresh schema for (2) row by row`);
    const rowTarget = await backend.fresh('rows');
    log(`${backend.name}: (2) row by row, sample of ${ROW_BY_ROW_SAMPLE.toLocaleString('en')} rows …`);
    const rowByRow = await loadRowByRow(rowTarget, tables!, ROW_BY_ROW_SAMPLE);
    log(`${backend.name}:   ${rowByRow.seconds.toFixed(2)} s, ${Math.round(perSecond(rowByRow)).toLocaleString('en')} rows/s`);
    await rowTarget.close();
    return { name: backend.name, rounds, rowByRow };
  } finally {
    await backend.cleanup();
  }
}

function printReport(reports: BackendReport[], files: { bytes1: number; bytes2: number; rows1: number; rows2: number }, memory: string[]): void {
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  const range = (values: readonly number[], digits: number) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  const lines: string[] = [];
  lines.push('', `Receiver benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  lines.push(`snapshot day 1: ${fmt(files.rows1)} rows, ${(files.bytes1 / 2 ** 20).toFixed(1)} MiB gzipped; day 2: ${fmt(files.rows2)} rows, ${(files.bytes2 / 2 ** 20).toFixed(1)} MiB gzipped`);
  lines.push('rows/s = snapshot rows (items in the file) per second for (1); rows copied or written per second for (2), (3)');
  lines.push(`(1) and (3) ran ${ROUNDS} times, alternating; seconds are the median (lowest–highest), rows/s from the median`);
  lines.push('');
  lines.push('| backend | method | rows | seconds | rows/s | rows written |');
  lines.push('|---|---|---:|---:|---:|---:|');
  for (const r of reports) {
    const row = (label: string, measures: readonly (Measure & { written?: number })[]) => {
      const m = measures[0]!;
      const seconds = median(measures.map((x) => x.seconds));
      lines.push(`| ${r.name} | ${label} | ${fmt(m.rows)} | ${range(measures.map((x) => x.seconds), 2)} | ${fmt(m.rows / seconds)} | ${fmt(m.written ?? m.rows)} |`);
    };
    row('(1) ours, first load', r.rounds.map((x) => x.first));
    row('(1) ours, next day (~2 % changed)', r.rounds.map((x) => x.next));
    lines.push(`| ${r.name} | (2) row by row (${r.rowByRow.note}) | ${fmt(r.rowByRow.rows)} | ${r.rowByRow.seconds.toFixed(2)} | ${fmt(perSecond(r.rowByRow))} | ${fmt(r.rowByRow.rows)} |`);
    row('(3) COPY', r.rounds.map((x) => x.copy));
  }
  lines.push('');
  // (1)/(3) per round, (1) and (3) side by side; (3)/(2) is what (1)/(2) would be if ours were as
  // fast as COPY: the ceiling of that ratio here
  lines.push('Ratios: the median over the rounds (lowest–highest); (1)/(3) is taken within each round.');
  lines.push('');
  lines.push('| backend | (1)/(3) first | (1)/(3) next day | (1)/(2) first | (3)/(2), its ceiling | target (1)/(3) ≥ 0.6, (1)/(2) ≥ 50 |');
  lines.push('|---|---:|---:|---:|---:|---|');
  for (const r of reports) {
    const first = r.rounds.map((x) => perSecond(x.first) / perSecond(x.copy));
    const next = r.rounds.map((x) => perSecond(x.next) / perSecond(x.copy));
    const vsRows = r.rounds.map((x) => perSecond(x.first) / perSecond(r.rowByRow));
    const ceiling = r.rounds.map((x) => perSecond(x.copy) / perSecond(r.rowByRow));
    const verdict = [median(first) >= 0.6 ? 'first ≥ 0.6 met' : 'first < 0.6 MISSED', median(next) >= 0.6 ? 'next day met' : 'next day MISSED', median(vsRows) >= 50 ? '(1)/(2) met' : '(1)/(2) MISSED'].join('; ');
    lines.push(`| ${r.name} | ${range(first, 2)} | ${range(next, 2)} | ${range(vsRows, 1)} | ${range(ceiling, 1)} | ${verdict} |`);
  }
  lines.push('');
  lines.push('CPU seconds, medians over the rounds (this process; PostgreSQL backends, read from /proc when the server is local).');
  lines.push('Wall time is at least the larger of the two, and more where they do not overlap: nothing is written until the first');
  lines.push('section has been read.');
  lines.push('');
  lines.push('| backend | method | wall s | this process CPU s | PostgreSQL CPU s | PostgreSQL CPU ÷ (3)\'s |');
  lines.push('|---|---|---:|---:|---:|---:|');
  for (const r of reports) {
    const serverOf = (cpu: Cpu) => cpu.server;
    const copyServer = r.rounds.every((x) => x.copy.cpu.server !== undefined) ? median(r.rounds.map((x) => x.copy.cpu.server!)) : undefined;
    for (const [label, pick] of [
      ['(1) first load', (x: Round) => x.first],
      ['(1) next day', (x: Round) => x.next],
      ['(3) COPY', (x: Round) => x.copy],
    ] as const) {
      const measures = r.rounds.map(pick);
      const servers = measures.map((m) => serverOf(m.cpu));
      const server = servers.every((v) => v !== undefined) ? median(servers as number[]) : undefined;
      const vsCopy = server === undefined || !copyServer ? '—' : (server / copyServer).toFixed(2);
      lines.push(`| ${r.name} | ${label} | ${median(measures.map((m) => m.seconds)).toFixed(2)} | ${median(measures.map((m) => m.cpu.client)).toFixed(2)} | ${server === undefined ? 'in this process' : server.toFixed(2)} | ${vsCopy} |`);
    }
  }
  lines.push('');
  lines.push(...memory);
  lines.push('', `total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(lines.join('\n'));
}

function writeSnapshots(dir: string): { day1: string; day2: string; rows1: number; rows2: number; bytes1: number; bytes2: number } {
  const day1 = firstDay();
  const day2 = nextDay(day1);
  const gz1 = gzipSync(JSON.stringify(snapshotFile(DAY1, day1)));
  const gz2 = gzipSync(JSON.stringify(snapshotFile(DAY2, day2)));
  const files = { day1: join(dir, `${DAY1}_DAILY.json.gz`), day2: join(dir, `${DAY2}_DAILY.json.gz`), rows1: rowCount(day1), rows2: rowCount(day2), bytes1: gz1.length, bytes2: gz2.length };
  writeFileSync(files.day1, gz1);
  writeFileSync(files.day2, gz2);
  return files;
}

/**
 * The receiver's peak RSS on a ~100 MB uncompressed snapshot, end to end, each run in a process of
 * its own (scripts/measure-receiver-memory.ts): without and with a V8 heap cap.
 */
function peakMemory(db: string): string[] {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'measure-receiver-memory.ts');
  const lines = ['Peak RSS of the receiver on a ~100 MB uncompressed snapshot (scripts/measure-receiver-memory.ts, each run a process of its own;', `${db.startsWith('postgres') ? 'PostgreSQL in its own process, not counted' : 'PGlite inside the measured process'}; target ≤ 300 MB):`, ''];
  for (const heapCap of [undefined, 256]) {
    log(`peak RSS of the receiver on a ~100 MB snapshot${heapCap ? ` with --max-old-space-size=${heapCap}` : ''} …`);
    const out = spawnSync(process.execPath, ['--import', 'tsx', script, '--db', db, '--modes', 'baseline,receive'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: heapCap ? `--max-old-space-size=${heapCap}` : '' },
    });
    const body = out.stdout.trim().split('\n').filter((l) => /^(snapshot|baseline|receive)/.test(l));
    if (out.status !== 0 || body.length === 0) lines.push(`- ${heapCap ? `heap cap ${heapCap} MB` : 'no heap cap'}: the measurement failed (${out.stderr.trim().split('\n').pop() ?? out.status})`);
    else lines.push(`- ${heapCap ? `with NODE_OPTIONS=--max-old-space-size=${heapCap}` : 'no heap cap'}:`, ...body.map((l) => `    ${l}`));
  }
  return lines;
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dir = mkdtempSync(join(tmpdir(), 'orgpulse-bench-'));
  try {
    log('generating the synthetic snapshots (deterministic) …');
    // generated in a function of its own so the objects are garbage before the loads start
    const files = writeSnapshots(dir);
    log(`wrote ${files.day1} (${files.rows1.toLocaleString('en')} rows) and ${files.day2} (${files.rows2.toLocaleString('en')} rows)`);

    const reports: BackendReport[] = [];
    try {
      reports.push(await runBackend(postgresBackend(adminUrl), files, join(dir, 'bucket-postgres')));
    } catch (error) {
      log(`PostgreSQL at ${adminUrl} failed: ${(error as Error).message} — skipping it`);
    }
    reports.push(await runBackend(pgliteBackend(), files, join(dir, 'bucket-pglite')));
    printReport(reports, files, peakMemory(reports.some((r) => r.name === 'PostgreSQL') ? adminUrl : 'memory:'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
