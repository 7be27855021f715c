// The simulation run: for every account and day, the real sender (collectSnapshot with the
// simulator's client factory) and the real writer (uploadSnapshot into a local bucket folder),
// then truth.json and simulation.json. Accounts are spread over worker threads; each worker walks
// its accounts day by day, so memory holds one account-day at a time per worker.
import { availableParallelism } from 'node:os';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../lib/worker-thread.js';
import { collectSnapshot } from '../sender/collect.js';
import { localDirSink, uploadSnapshot } from '../sender/snapshot-writer.js';
import type { CollectorRun, Period, SnapshotInput } from '../snapshot/index.js';
import { addDays, dateOfDay, dayOfMonth, yesterdayUtc } from './dates.js';
import { stream } from './rng.js';
import { newCallStats, simulatorClientFactory, type CallStats } from './client-factory.js';
import { World } from './world/index.js';
import { ouOf } from './world/org.js';

export const SENDER_VERSION = '0.1.0';

export interface SimulateOptions {
  accounts: number;
  days: number;
  /** Local bucket folder: files go to DIR/data/…, labels to DIR/truth.json. */
  bucket: string;
  seed?: string;
  /** Last simulated day (default: yesterday, UTC). */
  endDate?: string;
  latencyMs?: number;
  /** Worker threads (default: the machine's parallelism, at most one per account). 1 = in this thread, unless `alwaysInWorkers`. */
  workers?: number;
  /** Simulate in worker threads even when there is one: this thread has other work (the demo's receiver). */
  alwaysInWorkers?: boolean;
  /** Account-days in flight per worker (useful with latency). */
  concurrency?: number;
  /** Remove an existing DIR/data first instead of refusing to mix runs. */
  clean?: boolean;
  /** Before the first file: how many files the run will write. */
  onStart?: (info: { files: number; startDate: string; endDate: string; accounts: number }) => void;
  onFile?: (event: FileEvent) => void;
  onAccountDone?: (accountId: string) => void;
}

export interface FileEvent {
  key: string;
  bytes: number;
  accountId: string;
  granularity: Period['granularity'];
  statuses: Record<string, CollectorRun['status']>;
  apiCalls: number;
}

export interface SimulateResult {
  seed: string;
  startDate: string;
  endDate: string;
  accounts: number;
  days: number;
  files: number;
  bytes: number;
  apiCalls: number;
  anomalies: number;
  /** collector → status → snapshots. */
  collectorStatus: Record<string, Record<string, number>>;
  /** Accounts with days they did not report. */
  reportingGaps: { accountId: string; dates: string[] }[];
  durationMs: number;
  workers: number;
  truthPath: string;
}

/** What a worker needs to rebuild the same world: everything is derived from these. */
export interface WorldSpec {
  seed: string;
  accounts: number;
  startDate: string;
  endDate: string;
}

export function worldSpec(options: Pick<SimulateOptions, 'accounts' | 'days' | 'seed' | 'endDate'>): WorldSpec {
  const endDate = options.endDate ?? yesterdayUtc();
  return { seed: options.seed ?? '1', accounts: options.accounts, startDate: addDays(endDate, -(options.days - 1)), endDate };
}

/** Sender settings for simulated accounts: the simulated CloudTrail has no request-rate quota, and budgets never expire mid-run. */
const SIMULATED_SENDER_CONFIG = { lookupEventsPerSecond: 1e9, collectorBudgetMs: 600_000 } as const;

/**
 * Wall-clock durations differ between runs; the simulator writes durations from the simulated API
 * latency instead, so that files are byte-identical for the same seed.
 */
function simulatedDurations(snapshot: SnapshotInput, seed: string, day: number): void {
  for (const [name, run] of Object.entries(snapshot.collectors)) {
    const rng = stream(seed, 'duration', snapshot.account_id, day, snapshot.period.granularity, name);
    run.duration_ms = run.api_calls === 0 ? 0 : Math.round(run.api_calls * rng.range(35, 140) + rng.range(5, 60));
  }
}

/** Collects and writes one snapshot of one account (DAILY for the day, or MONTHLY for its month). */
export async function simulateSnapshot(world: World, accountId: string, day: number, period: Period, bucket: string, options: { latencyMs?: number; stats?: CallStats } = {}): Promise<FileEvent> {
  const ad = world.accountDay(accountId, day);
  const calls = options.stats ?? newCallStats();
  const before = calls.calls;
  const result = await collectSnapshot({
    accountId,
    period,
    regions: ad.regions,
    clientFactory: simulatorClientFactory(ad, { latencyMs: options.latencyMs, stats: calls }),
    config: SIMULATED_SENDER_CONFIG,
    now: () => ad.collectedAt,
    senderVersion: SENDER_VERSION,
    homeRegion: 'us-east-1',
    functionArn: `arn:aws:lambda:us-east-1:${accountId}:function:orgpulse-sender`,
    requestId: stream(world.seed, 'request-id', accountId, day, period.granularity).uuid(),
  });
  simulatedDurations(result.snapshot, world.seed, day);
  const { key, bytes } = await uploadSnapshot(localDirSink(bucket), result.snapshot);
  return {
    key,
    bytes,
    accountId,
    granularity: period.granularity,
    statuses: Object.fromEntries(Object.entries(result.snapshot.collectors).map(([n, r]) => [n, r.status])),
    apiCalls: calls.calls - before,
  };
}

/** The snapshots an account's sender writes for a day: DAILY, plus MONTHLY when the next day is the 1st. */
export function periodsOf(day: number): Period[] {
  const date = dateOfDay(day);
  const periods: Period[] = [{ granularity: 'DAILY', start: date, end: dateOfDay(day + 1) }];
  if (dayOfMonth(day + 1) === 1) {
    const monthStart = `${date.slice(0, 7)}-01`;
    periods.push({ granularity: 'MONTHLY', start: monthStart, end: dateOfDay(day + 1) });
  }
  return periods;
}

/** The snapshots of one account over the window, in the order its sender writes them. */
function jobsOf(world: World, accountId: string): { day: number; period: Period }[] {
  const jobs: { day: number; period: Period }[] = [];
  for (let day = world.startDay; day <= world.endDay; day++) {
    if (world.plan.isGap(accountId, day)) continue;
    for (const period of periodsOf(day)) jobs.push({ day, period });
  }
  return jobs;
}

/** How many files the run writes (for progress bars). */
export function plannedFiles(world: World): number {
  return world.org.accounts.reduce((n, a) => n + jobsOf(world, a.id).length, 0);
}

export interface AccountsOptions {
  latencyMs?: number;
  concurrency?: number;
  onFile?: (e: FileEvent) => void;
  /** Every file of the account is written (a receiver may load its folder now). */
  onAccountDone?: (accountId: string) => void;
}

/**
 * Every file of the accounts `nextAccount` hands out (until it returns undefined), one account at
 * a time, its days `concurrency` at a time.
 */
export async function simulateAccounts(spec: WorldSpec, nextAccount: () => Promise<number | undefined>, bucket: string, options: AccountsOptions): Promise<void> {
  const world = new World(spec);
  for (let index = await nextAccount(); index !== undefined; index = await nextAccount()) {
    const account = world.org.accounts[index];
    if (!account) continue;
    const jobs = jobsOf(world, account.id);
    let next = 0;
    const runOne = async (): Promise<void> => {
      while (next < jobs.length) {
        const { day, period } = jobs[next++] as { day: number; period: Period };
        const event = await simulateSnapshot(world, account.id, day, period, bucket, { latencyMs: options.latencyMs });
        options.onFile?.(event);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, runOne));
    options.onAccountDone?.(account.id);
  }
}

/** Worker → main thread. The main thread answers `next` with `{ type: 'account', index | null }`. */
export type WorkerMessage = { type: 'file'; event: FileEvent } | { type: 'account'; accountId: string } | { type: 'next' } | { type: 'error'; message: string; stack?: string };

/** Relative cost of an account's snapshots (production runs the most resources and events). */
const WEIGHT: Record<string, number> = { production: 5, security: 4, staging: 3, development: 2, management: 1, sandbox: 0 };

async function countFiles(dir: string): Promise<number> {
  try {
    const entries = await readdir(dir, { recursive: true });
    return entries.length;
  } catch {
    return 0;
  }
}

export async function simulate(options: SimulateOptions): Promise<SimulateResult> {
  const started = performance.now();
  if (!Number.isInteger(options.accounts) || options.accounts < 1) throw new Error('accounts must be a positive integer');
  if (!Number.isInteger(options.days) || options.days < 1) throw new Error('days must be a positive integer');
  const spec = worldSpec(options);
  const dataDir = join(options.bucket, 'data');
  if (options.clean) await rm(dataDir, { recursive: true, force: true });
  else if ((await countFiles(dataDir)) > 0) throw new Error(`${dataDir} already holds files from another run; pass --clean to replace them`);
  await mkdir(options.bucket, { recursive: true });

  const world = new World(spec);
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), options.accounts));
  const concurrency = options.concurrency ?? ((options.latencyMs ?? 0) > 0 ? 8 : 1);
  const collectorStatus: Record<string, Record<string, number>> = {};
  let files = 0;
  let bytes = 0;
  let apiCalls = 0;
  const onFile = (e: FileEvent) => {
    files++;
    bytes += e.bytes;
    apiCalls += e.apiCalls;
    for (const [name, status] of Object.entries(e.statuses)) {
      const m = (collectorStatus[name] ??= {});
      m[status] = (m[status] ?? 0) + 1;
    }
    options.onFile?.(e);
  };

  options.onStart?.({ files: plannedFiles(world), startDate: spec.startDate, endDate: spec.endDate, accounts: options.accounts });
  // Workers pull accounts from one queue, biggest first, so that none is left with the long tail.
  const weight = (a: (typeof world.org.accounts)[number]) => WEIGHT[a.role === 'workload' ? a.type : a.role] ?? 0;
  const queue = [...world.org.accounts].sort((a, b) => weight(b) - weight(a) || a.index - b.index).map((a) => a.index);
  const next = async () => queue.shift();
  if (workers === 1 && !options.alwaysInWorkers) {
    await simulateAccounts(spec, next, options.bucket, { latencyMs: options.latencyMs, concurrency, onFile, onAccountDone: options.onAccountDone });
  } else {
    const threads: Worker[] = [];
    await Promise.all(
      Array.from(
        { length: workers },
        () =>
          new Promise<void>((resolve, reject) => {
            const workerData = { spec, bucket: options.bucket, latencyMs: options.latencyMs, concurrency };
            const worker = startWorker(import.meta.url, 'worker', { workerData });
            threads.push(worker);
            worker.on('message', (m: WorkerMessage) => {
              if (m.type === 'file') onFile(m.event);
              else if (m.type === 'account') options.onAccountDone?.(m.accountId);
              else if (m.type === 'next') worker.postMessage({ type: 'account', index: queue.shift() ?? null });
              else reject(Object.assign(new Error(m.message), { stack: m.stack }));
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`simulator worker exited with code ${code}`))));
          }),
      ),
    ).catch(async (error: unknown) => {
      // One worker failed: stop the others rather than let them finish a run that will not count.
      await Promise.all(threads.map((t) => t.terminate()));
      throw error;
    });
  }

  const truthPath = join(options.bucket, 'truth.json');
  await writeFile(truthPath, `${JSON.stringify(world.plan.labels, null, 2)}\n`);
  await writeFile(join(options.bucket, 'simulation.json'), `${JSON.stringify(manifest(world, spec, options.days), null, 2)}\n`);
  return {
    seed: spec.seed,
    startDate: spec.startDate,
    endDate: spec.endDate,
    accounts: options.accounts,
    days: options.days,
    files,
    bytes,
    apiCalls,
    anomalies: world.plan.labels.length,
    collectorStatus,
    reportingGaps: [...world.plan.gaps.entries()].map(([accountId, days]) => ({ accountId, dates: [...days].sort((a, b) => a - b).map(dateOfDay) })),
    durationMs: performance.now() - started,
    workers,
    truthPath,
  };
}

/** simulation.json: what was simulated, so a reader (or a test) need not rebuild the world. No timestamps: it is deterministic too. */
function manifest(world: World, spec: WorldSpec, days: number) {
  const counts: Record<string, number> = {};
  for (const l of world.plan.labels) counts[l.kind] = (counts[l.kind] ?? 0) + 1;
  return {
    generator: 'orgpulse simulate',
    seed: spec.seed,
    start_date: spec.startDate,
    end_date: spec.endDate,
    days,
    organization: {
      id: world.org.id,
      management_account_id: world.org.managementAccountId,
      accounts: world.org.accounts.map((a) => ({
        account_id: a.id,
        name: a.name,
        role: a.role,
        account_type: a.type,
        ou_path: ouOf(world.org, a)?.path ?? [],
        tags: a.tags,
        regions: a.regions,
        support_plan: a.support,
        security_hub: a.securityHub,
        guard_duty: a.guardDuty,
        inspector: a.inspector,
        config: a.config,
        compute_optimizer: a.computeOptimizer,
        missing_dates: [...(world.plan.gaps.get(a.id) ?? [])].sort((x, y) => x - y).map(dateOfDay),
      })),
    },
    anomalies: counts,
  };
}

