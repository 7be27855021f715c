// One simulated organization, run twice: the files pass the contract, every collector is ok or
// intentionally not_enabled, the runs are byte-identical, every labelled anomaly is visible in the
// snapshot data, and the files load through the real receiver with nothing rejected.
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { validateSnapshot, type Snapshot } from '../../snapshot/index.js';
import { simulate, type SimulateResult } from '../../simulator/simulate.js';
import type { TruthLabel } from '../../simulator/anomalies.js';
import { World } from '../../simulator/world/index.js';
import { thresholdsOf } from '../../simulator/world/activity.js';
import { addDays } from '../../simulator/dates.js';
import { isSecurityRelevant, type TrailRecord } from '../../sender/cloudtrail-security.js';
import { openDatabase } from '../../db/open.js';
import { migrateToLatest } from '../../db/migrate.js';
import { receiveAll } from '../../receiver/receive.js';
import { openStorage } from '../../receiver/storage/index.js';

const SPEC = { accounts: 8, days: 21, seed: '42', endDate: '2026-04-05' };
let dirA: string;
let dirB: string;
let runA: SimulateResult;
let truth: TruthLabel[];
/** account → date → DAILY snapshot. */
const daily = new Map<string, Map<string, Snapshot>>();
const monthly: Snapshot[] = [];
let world: World;

async function files(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))).sort();
}

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dirA = await mkdtemp(join(tmpdir(), 'orgpulse-sim-a-'));
  dirB = await mkdtemp(join(tmpdir(), 'orgpulse-sim-b-'));
  runA = await simulate({ ...SPEC, bucket: dirA, workers: 1 });
  truth = JSON.parse(await readFile(join(dirA, 'truth.json'), 'utf8')) as TruthLabel[];
  world = new World({ seed: SPEC.seed, accounts: SPEC.accounts, startDate: runA.startDate, endDate: runA.endDate });
  for (const f of await files(join(dirA, 'data'))) {
    const doc: unknown = JSON.parse(gunzipSync(await readFile(join(dirA, 'data', f))).toString('utf8'));
    const result = validateSnapshot(doc);
    if (!result.ok) throw new Error(`${f}: ${result.message}`);
    const s = result.snapshot;
    if (s.period.granularity === 'MONTHLY') monthly.push(s);
    else {
      const m = daily.get(s.account_id) ?? new Map<string, Snapshot>();
      m.set(s.period.start, s);
      daily.set(s.account_id, m);
    }
  }
}, 300_000);

afterAll(async () => {
  await rm(dirA, { recursive: true, force: true });
  await rm(dirB, { recursive: true, force: true });
});

describe('the simulated organization through the real sender', () => {
  test('writes one DAILY file per account and reported day, and MONTHLY files for the closed month', () => {
    const gaps = runA.reportingGaps.reduce((n, g) => n + g.dates.length, 0);
    const dailyCount = [...daily.values()].reduce((n, m) => n + m.size, 0);
    expect(dailyCount).toBe(SPEC.accounts * SPEC.days - gaps);
    // 2026-03-31 is in the window: every account that reported that day also wrote March's MONTHLY snapshot.
    expect(monthly.map((s) => s.period.start).every((d) => d === '2026-03-01')).toBe(true);
    expect(monthly.length).toBe(SPEC.accounts - runA.reportingGaps.filter((g) => g.dates.includes('2026-03-31')).length);
    expect(runA.files).toBe(dailyCount + monthly.length);
  });

  test('every collector is ok, or not_enabled exactly where the account lacks the service', () => {
    const expected = (accountId: string, collector: string): boolean => {
      const a = world.account(accountId);
      switch (collector) {
        case 'security_hub':
          return !a.securityHub;
        case 'guard_duty':
          return !a.guardDuty;
        case 'inspector':
          return !a.inspector;
        case 'config':
          return !a.config;
        case 'compute_optimizer':
          return !a.computeOptimizer;
        case 'trusted_advisor':
        case 'health':
        case 'support_tickets':
          return a.support !== 'business' && a.support !== 'enterprise';
        default:
          return false;
      }
    };
    let checked = 0;
    for (const [accountId, days] of daily) {
      for (const s of days.values()) {
        for (const [name, run] of Object.entries(s.collectors)) {
          checked++;
          if (run.status === 'ok') expect(expected(accountId, name)).toBe(false);
          else {
            expect({ name, status: run.status, error: run.error }).toMatchObject({ name, status: 'not_enabled' });
            expect(expected(accountId, name)).toBe(true);
          }
          expect(run.truncated ?? false).toBe(false);
        }
      }
    }
    for (const s of monthly) for (const run of Object.values(s.collectors)) expect(['ok', 'skipped']).toContain(run.status);
    expect(checked).toBeGreaterThan(1000);
    // Not every collector is trivially ok: the organization has accounts without these services.
    const statuses = new Set([...daily.values()].flatMap((m) => [...m.values()].flatMap((s) => Object.values(s.collectors).map((r) => r.status))));
    expect(statuses).toEqual(new Set(['ok', 'not_enabled']));
  });

  test('snapshots carry realistic content in every section', () => {
    const all = [...daily.values()].flatMap((m) => [...m.values()]);
    const prod = all.filter((s) => s.account?.account_type === 'production' && (s.account.organization?.ou_path ?? [])[0] === 'Workloads');
    expect(prod.length).toBeGreaterThan(0);
    expect(all.every((s) => (s.services?.length ?? 0) > 0)).toBe(true);
    expect(all.some((s) => s.services?.some((r) => /^USE1-BoxUsage:/.test(r.usage_type)))).toBe(true);
    expect(all.some((s) => (s.security?.security_hub?.findings.length ?? 0) > 0)).toBe(true);
    expect(all.some((s) => (s.security?.inspector?.length ?? 0) > 0)).toBe(true);
    expect(all.some((s) => (s.inventory?.instances.length ?? 0) > 0 && (s.inventory?.patches.length ?? 0) > 0)).toBe(true);
    expect(all.some((s) => (s.config?.evaluations.length ?? 0) > 0)).toBe(true);
    expect(all.some((s) => (s.compute_optimizer?.length ?? 0) > 0)).toBe(true);
    expect(all.some((s) => (s.trusted_advisor?.length ?? 0) > 0)).toBe(true);
    expect(all.some((s) => s.security?.certificates?.some((c) => c.type === 'IMPORTED'))).toBe(true);
    // Activity from people in documentation ranges, CI and AWS services.
    const aggregates = all.flatMap((s) => s.activity?.aggregates ?? []);
    expect(aggregates.some((a) => a.source_ip?.startsWith('203.0.113.'))).toBe(true);
    expect(aggregates.some((a) => a.user_agent?.includes('Terraform/'))).toBe(true);
    expect(aggregates.some((a) => a.principal_type === 'AWSService')).toBe(true);
    // Account tags and OU paths as Organizations reports them.
    expect(prod[0]?.account?.organization?.ou_path.length).toBeGreaterThan(0);
    expect(Object.keys(prod[0]?.account?.tags ?? {})).toEqual(expect.arrayContaining(['Environment', 'Product']));
  });

  test('month boundaries: the 1st carries the monthly fees (support, Savings Plans, hosted zones)', () => {
    const firstOfMonth = [...daily.values()].map((m) => m.get('2026-04-01')).filter((s): s is Snapshot => s !== undefined);
    const monthlyServices = firstOfMonth.flatMap((s) => s.services ?? []).map((r) => r.service);
    expect(monthlyServices).toEqual(expect.arrayContaining(['AWS Support (Business)', 'Amazon Route 53']));
    const dayBefore = [...daily.values()].map((m) => m.get('2026-03-31')).flatMap((s) => s?.services ?? []);
    expect(dayBefore.some((r) => r.service === 'AWS Support (Business)')).toBe(false);
  });
});

describe('determinism', () => {
  test('the same seed and end date give byte-identical files, truth and manifest (even with worker threads)', async () => {
    await simulate({ ...SPEC, bucket: dirB, workers: 2 });
    const a = await files(dirA);
    const b = await files(dirB);
    expect(b).toEqual(a);
    expect(a.length).toBe(runA.files + 2);
    for (const f of a) {
      const [x, y] = await Promise.all([readFile(join(dirA, f)), readFile(join(dirB, f))]);
      expect({ file: f, same: x.equals(y) }).toEqual({ file: f, same: true });
    }
  }, 300_000);
});

// ---- anomaly visibility -------------------------------------------------------------------

function datesBefore(accountId: string, date: string): Snapshot[] {
  return [...(daily.get(accountId)?.entries() ?? [])].filter(([d]) => d < date).sort(([x], [y]) => (x < y ? -1 : 1)).map(([, s]) => s);
}

function on(accountId: string, date: string): Snapshot {
  const s = daily.get(accountId)?.get(date);
  if (!s) throw new Error(`no snapshot for ${accountId} on ${date}`);
  return s;
}

function serviceCost(s: Snapshot, service: string): number {
  return (s.services ?? []).filter((r) => r.service === service).reduce((n, r) => n + r.cost, 0);
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

/** Earlier days of the account without another labelled anomaly (an org-wide burst is a burst too). */
function quietDaysBefore(accountId: string, date: string): Snapshot[] {
  const labelled = new Set(truth.filter((l) => (Array.isArray(l.account_id) ? l.account_id.includes(accountId) : l.account_id === accountId)).map((l) => l.date));
  return datesBefore(accountId, date).filter((s) => !labelled.has(s.period.start));
}

function eventCount(s: Snapshot, name: string): number {
  return (s.activity?.aggregates ?? []).filter((a) => a.event_name === name).reduce((n, a) => n + a.count, 0);
}

function values(s: Snapshot, pick: (a: NonNullable<Snapshot['activity']>['aggregates'][number]) => string | null | undefined): Set<string> {
  return new Set((s.activity?.aggregates ?? []).map(pick).filter((v): v is string => !!v));
}

const checks: Record<TruthLabel['kind'], (l: TruthLabel) => void> = {
  cost_spike: (l) => {
    const id = l.account_id as string;
    const service = l.details.service as string;
    const before = datesBefore(id, l.date).slice(-14).map((s) => serviceCost(s, service));
    const actual = serviceCost(on(id, l.date), service);
    expect(actual).toBeGreaterThan(0.6 * l.magnitude * median(before));
    expect(Math.abs(actual - (l.details.actual as number)) / actual).toBeLessThan(0.01);
  },
  cost_level_shift: (l) => {
    const id = l.account_id as string;
    const service = l.details.service as string;
    const before = median(datesBefore(id, l.date).slice(-14).map((s) => serviceCost(s, service)));
    const after = [...(daily.get(id)?.entries() ?? [])].filter(([d]) => d >= l.date).map(([, s]) => serviceCost(s, service));
    expect(after.length).toBeGreaterThan(1);
    for (const c of after) expect(c).toBeGreaterThan(1.3 * before);
  },
  new_expensive_service: (l) => {
    const id = l.account_id as string;
    const service = l.details.service as string;
    for (const s of datesBefore(id, l.date)) expect(serviceCost(s, service)).toBe(0);
    expect(serviceCost(on(id, l.date), service)).toBeCloseTo(l.magnitude, 0);
  },
  ec2_run_instances_burst: (l) => {
    const id = l.account_id as string;
    const threshold = l.details.threshold as number;
    expect(eventCount(on(id, l.date), 'RunInstances')).toBeGreaterThanOrEqual(l.magnitude);
    expect(l.magnitude).toBeGreaterThan(threshold);
    for (const s of quietDaysBefore(id, l.date)) expect(eventCount(s, 'RunInstances')).toBeLessThan(threshold);
  },
  ebs_create_volume_burst: (l) => {
    const id = l.account_id as string;
    const threshold = l.details.threshold as number;
    expect(eventCount(on(id, l.date), 'CreateVolume')).toBeGreaterThanOrEqual(l.magnitude);
    expect(l.magnitude).toBeGreaterThan(threshold);
    for (const s of quietDaysBefore(id, l.date)) expect(eventCount(s, 'CreateVolume')).toBeLessThan(threshold);
  },
  lambda_invocation_burst: (l) => {
    const id = l.account_id as string;
    const requests = (s: Snapshot) => (s.services ?? []).filter((r) => r.service === 'AWS Lambda' && r.usage_type.endsWith('-Request')).reduce((n, r) => n + (r.usage_quantity ?? 0), 0);
    const before = median(datesBefore(id, l.date).slice(-14).map(requests));
    expect(requests(on(id, l.date))).toBeGreaterThan(0.5 * l.magnitude * before);
  },
  new_region: (l) => {
    const id = l.account_id as string;
    const region = l.details.region as string;
    const s = on(id, l.date);
    expect(s.regions).toContain(region);
    expect(values(s, (a) => a.region).has(region)).toBe(true);
    for (const e of datesBefore(id, l.date)) {
      expect(e.regions).not.toContain(region);
      expect(values(e, (a) => a.region).has(region)).toBe(false);
    }
  },
  new_source_ip: (l) => {
    const id = l.account_id as string;
    const ip = l.details.source_ip as string;
    expect(values(on(id, l.date), (a) => a.source_ip).has(ip)).toBe(true);
    for (const e of datesBefore(id, l.date)) expect(values(e, (a) => a.source_ip).has(ip)).toBe(false);
  },
  new_user_agent: (l) => {
    const id = l.account_id as string;
    const ua = l.details.user_agent as string;
    expect(values(on(id, l.date), (a) => a.user_agent).has(ua)).toBe(true);
    for (const e of datesBefore(id, l.date)) expect(values(e, (a) => a.user_agent).has(ua)).toBe(false);
  },
  new_event_name: (l) => {
    const id = l.account_id as string;
    const name = l.details.event_name as string;
    expect(values(on(id, l.date), (a) => a.event_name).has(name)).toBe(true);
    for (const e of datesBefore(id, l.date)) expect(values(e, (a) => a.event_name).has(name)).toBe(false);
  },
  privilege_escalation: (l) => {
    const id = l.account_id as string;
    const steps = l.details.events as { event_id: string; event_time: string; event_name: string; principal_arn: string | null; principal_account_id: string | null; read_only: boolean }[];
    const events = on(id, l.date).activity?.events ?? [];
    // The steps the sender keeps as security events (it keeps AssumeRole only across accounts).
    const kept = steps.filter((st) => isSecurityRelevant({ eventSource: st.event_name === 'AssumeRole' ? 'sts.amazonaws.com' : 'iam.amazonaws.com', eventName: st.event_name, readOnly: st.read_only, userIdentity: { accountId: st.principal_account_id ?? undefined }, requestParameters: { roleArn: `arn:aws:iam::${id}:role/x` } } as TrailRecord));
    expect(kept.length).toBeGreaterThanOrEqual(2);
    const found = kept.map((st) => events.find((e) => e.event_id === st.event_id));
    expect(found.every((e) => e !== undefined)).toBe(true);
    const times = found.map((e) => Date.parse(e!.event_time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect((times.at(-1)! - times[0]!) / 60_000).toBeLessThanOrEqual(30);
    expect(found.map((e) => e!.event_name)).toEqual(kept.map((st) => st.event_name));
    const iamSteps = found.filter((e) => e!.event_source === 'iam.amazonaws.com');
    expect(new Set(iamSteps.map((e) => e!.principal_arn)).size).toBe(1);
  },
  org_wide_burst: (l) => {
    const accounts = l.account_id as string[];
    expect(accounts.length).toBeGreaterThanOrEqual(3);
    for (const entry of l.details.accounts as { account_id: string; events: number; threshold: number }[]) {
      expect(eventCount(on(entry.account_id, l.date), 'RunInstances')).toBeGreaterThanOrEqual(entry.events);
      expect(entry.events).toBeGreaterThan(thresholdsOf(world.account(entry.account_id)).ec2);
    }
  },
  reporting_gap: (l) => {
    const id = l.account_id as string;
    for (const d of l.details.missing_dates as string[]) expect(daily.get(id)?.has(d)).toBe(false);
    expect(daily.get(id)?.has(l.details.last_reported as string)).toBe(true);
    expect(daily.get(id)?.has(addDays(l.date, l.magnitude))).toBe(true);
  },
};

describe('labelled anomalies', () => {
  test('truth.json labels every kind, with the documented shape', () => {
    expect(new Set(truth.map((l) => l.kind))).toEqual(new Set(Object.keys(checks)));
    for (const l of truth) {
      expect(l.id).toMatch(/^anomaly-\d{4}$/);
      expect(l.date >= runA.startDate && l.date <= runA.endDate).toBe(true);
      expect(typeof l.dimension).toBe('string');
      expect(l.magnitude).toBeGreaterThan(0);
    }
  });

  test('each labelled anomaly is visible in the snapshot data', () => {
    for (const l of truth) {
      try {
        checks[l.kind](l);
      } catch (error) {
        throw new Error(`${l.id} ${l.kind} ${JSON.stringify(l.account_id)} ${l.date} (${l.dimension}) is not visible: ${(error as Error).message}`);
      }
    }
  });
});

describe('the receiver', () => {
  test('loads every file into the database with nothing rejected', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'orgpulse-sim-recv-'));
    const db = await openDatabase('memory:');
    try {
      await cp(dirA, copy, { recursive: true });
      await migrateToLatest(db);
      const summary = await receiveAll({ db, storage: openStorage(copy) });
      expect({ loaded: summary.loaded, rejected: summary.rejected, failed: summary.failed, duplicate: summary.duplicate }).toEqual({ loaded: runA.files, rejected: 0, failed: 0, duplicate: 0 });
      expect(summary.rowsByTable.activity_security_events).toBeGreaterThan(0);
    } finally {
      await db.destroy();
      await rm(copy, { recursive: true, force: true });
    }
  }, 300_000);
});
