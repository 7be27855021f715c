// The world model: deterministic and random-access (a day needs no earlier day), shaped like an
// AWS organization (types, OUs, regions, cost seasonality, lifecycles), with normal activity kept
// below the usage thresholds the detectors use.
import { World } from '../../simulator/world/index.js';
import { buildOrganization, ouOf } from '../../simulator/world/org.js';
import { dailyCosts } from '../../simulator/world/cost.js';
import { activityAt, thresholdsOf } from '../../simulator/world/activity.js';
import { securityHubFindings } from '../../simulator/world/findings.js';
import { instancesAt } from '../../simulator/world/resources.js';
import { planAnomalies } from '../../simulator/anomalies.js';
import { SERVICE } from '../../simulator/world/profile.js';
import { dayNumber, isWeekend } from '../../simulator/dates.js';
import { stream } from '../../simulator/rng.js';

const START = dayNumber('2026-01-01');

test('seeded streams are independent of what was drawn before', () => {
  const a = stream('s', 'account', 3, 'day', 10);
  const first = [a.float(), a.float(), a.int(1, 6)];
  stream('s', 'other').float();
  const b = stream('s', 'account', 3, 'day', 10);
  expect([b.float(), b.float(), b.int(1, 6)]).toEqual(first);
  expect(stream('t', 'account', 3, 'day', 10).float()).not.toBe(first[0]);
});

test('the organization is deterministic, with a management and a security account, OUs, tags and 2–4 regions incl. us-east-1', () => {
  const org = buildOrganization('1', 40);
  expect(buildOrganization('1', 40).accounts.map((a) => a.id)).toEqual(org.accounts.map((a) => a.id));
  expect(buildOrganization('2', 40).accounts[0]?.id).not.toBe(org.accounts[0]?.id);
  expect(new Set(org.accounts.map((a) => a.id)).size).toBe(40);
  expect(org.accounts.filter((a) => a.role === 'management')).toHaveLength(1);
  expect(org.accounts.filter((a) => a.role === 'security')).toHaveLength(1);
  const types = new Set(org.accounts.map((a) => a.type));
  expect(types).toEqual(new Set(['production', 'staging', 'development', 'sandbox']));
  for (const a of org.accounts) {
    expect(a.regions.length).toBeGreaterThanOrEqual(2);
    expect(a.regions.length).toBeLessThanOrEqual(4);
    expect(a.regions).toContain('us-east-1');
    expect(a.id).toMatch(/^\d{12}$/);
  }
  const prod = org.accounts.find((a) => a.type === 'production' && a.role === 'workload');
  expect(ouOf(org, prod!)?.path).toEqual(['Workloads', 'Prod']);
  expect(prod?.tags).toMatchObject({ AccountType: 'production', Environment: 'prod' });
  // Some accounts lack Business support or Security Hub: their collectors are not_enabled.
  expect(org.accounts.some((a) => a.support === 'basic')).toBe(true);
  expect(org.accounts.some((a) => !a.securityHub)).toBe(true);
});

describe('a day is generated on its own', () => {
  const world = new World({ seed: '3', accounts: 10, startDate: '2026-01-01', endDate: '2026-03-01' });
  const account = world.org.accounts.find((a) => a.type === 'production' && a.role === 'workload')!;
  const day = START + 40;

  test('costs, activity and findings of day d do not depend on the days generated before', () => {
    const fresh = new World({ seed: '3', accounts: 10, startDate: '2026-01-01', endDate: '2026-03-01' });
    const profile = fresh.profile(account.id);
    const alone = { costs: dailyCosts('3', profile, day), events: activityAt({ seed: '3', org: fresh.org, profile, day }).map((e) => e.id), hub: securityHubFindings('3', profile, day).map((f) => f.key) };
    for (let d = START; d < day; d++) dailyCosts('3', world.profile(account.id), d);
    const p = world.profile(account.id);
    expect(dailyCosts('3', p, day)).toEqual(alone.costs);
    expect(activityAt({ seed: '3', org: world.org, profile: p, day }).map((e) => e.id)).toEqual(alone.events);
    expect(securityHubFindings('3', p, day).map((f) => f.key)).toEqual(alone.hub);
  });

  test('findings appear and get resolved: a finding is updated on its resolution day and gone after', () => {
    const p = world.profile(account.id);
    const byKey = new Map<string, { days: number[]; resolved: number | undefined }>();
    for (let d = START; d < START + 60; d++) {
      for (const f of securityHubFindings('3', p, d)) {
        const e = byKey.get(f.key) ?? { days: [], resolved: undefined };
        e.days.push(d);
        if (f.resolvedAt) e.resolved = d;
        byKey.set(f.key, e);
      }
    }
    const resolved = [...byKey.values()].filter((e) => e.resolved !== undefined);
    expect(resolved.length).toBeGreaterThan(3);
    for (const e of resolved) expect(Math.max(...e.days)).toBe(e.resolved);
  });
});

test('cost shapes: production steady with weekend dips, S3 storage growing, development smaller than production', () => {
  const world = new World({ seed: '5', accounts: 12, startDate: '2026-01-01', endDate: '2026-03-01' });
  const prod = world.org.accounts.filter((a) => a.type === 'production' && a.role === 'workload');
  const dev = world.org.accounts.filter((a) => a.type === 'development');
  const total = (id: string, d: number) => dailyCosts('5', world.profile(id), d).filter((r) => r.recordType === 'Usage').reduce((s, r) => s + r.cost, 0);
  const ec2 = (id: string, d: number) => dailyCosts('5', world.profile(id), d).filter((r) => r.service === SERVICE.ec2 && r.recordType === 'Usage').reduce((s, r) => s + r.cost, 0);
  const days = Array.from({ length: 56 }, (_, i) => START + 2 + i);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const a of dev) {
    const weekday = mean(days.filter((d) => !isWeekend(d)).map((d) => ec2(a.id, d)));
    const weekend = mean(days.filter(isWeekend).map((d) => ec2(a.id, d)));
    if (weekday > 0) expect(weekend).toBeLessThan(weekday * 0.9);
  }
  expect(mean(prod.map((a) => mean(days.map((d) => total(a.id, d)))))).toBeGreaterThan(3 * mean(dev.map((a) => mean(days.map((d) => total(a.id, d))))));
  const s3 = (d: number) => dailyCosts('5', world.profile(prod[0]!.id), d).filter((r) => r.usageType.endsWith('TimedStorage-ByteHrs') && r.service === SERVICE.s3).reduce((s, r) => s + r.quantity, 0);
  expect(s3(START + 58)).toBeGreaterThan(s3(START + 2));
});

test('normal activity stays below the account type thresholds for RunInstances and CreateVolume', () => {
  const world = new World({ seed: '9', accounts: 16, startDate: '2026-01-01', endDate: '2026-02-01' });
  for (const a of world.org.accounts) {
    const th = thresholdsOf(a);
    for (let d = START; d < START + 30; d++) {
      const events = activityAt({ seed: '9', org: world.org, profile: world.profile(a.id), day: d, instances: instancesAt('9', world.profile(a.id), d) });
      expect(events.filter((e) => e.name === 'RunInstances').length).toBeLessThan(th.ec2);
      expect(events.filter((e) => e.name === 'CreateVolume').length).toBeLessThan(th.ebs);
    }
  }
});

test('the anomaly plan is deterministic, never on a day the account does not report, and scales with the organization', () => {
  const org = buildOrganization('11', 60);
  const plan = () => planAnomalies({ seed: '11', org, startDay: START, endDay: START + 89 });
  const a = plan();
  expect(plan().labels).toEqual(a.labels);
  expect(a.labels.length).toBeGreaterThanOrEqual(Math.round((60 * 90) / 50));
  for (const l of a.labels) {
    const accounts = Array.isArray(l.account_id) ? l.account_id : [l.account_id as string];
    if (l.kind === 'reporting_gap') continue;
    for (const id of accounts) expect(a.isGap(id, dayNumber(l.date))).toBe(false);
  }
  expect(new Set(a.labels.map((l) => l.id)).size).toBe(a.labels.length);
});
