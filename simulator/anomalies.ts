// Labelled anomalies: chosen from (seed, organization, window) alone, so every worker computes the
// same plan; each anomaly carries the CloudTrail events and cost effects that make it visible, and
// the truth label written to truth.json.
import { stream, type Rng } from './rng.js';
import { dateOfDay, dayOfMonth } from './dates.js';
import { BURST_INSTANCE_TYPES, EC2_PRICES, UNUSED_REGIONS, regionInfo } from './world/catalog.js';
import type { Organization, Person, SimAccount } from './world/org.js';
import { buildProfile, SERVICE, type AccountProfile } from './world/profile.js';
import { costByService, dailyCosts, type CostEffect, type CostRecord } from './world/cost.js';
import {
  CI_IPS,
  GITHUB_CLI_UA,
  RARE_EVENT_NAMES,
  crossAccountActor,
  iamUserActor,
  makeEvent,
  paramsFor,
  roleActor,
  ssoActor,
  thresholdsOf,
  type Actor,
  type TrailEvent,
} from './world/activity.js';

export const ANOMALY_KINDS = [
  'cost_spike',
  'cost_level_shift',
  'new_expensive_service',
  'ec2_run_instances_burst',
  'lambda_invocation_burst',
  'ebs_create_volume_burst',
  'new_region',
  'new_source_ip',
  'new_user_agent',
  'new_event_name',
  'privilege_escalation',
  'org_wide_burst',
  'reporting_gap',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** One line of truth.json. */
export interface TruthLabel {
  id: string;
  kind: AnomalyKind;
  /** The account, or the accounts of an org-wide anomaly. */
  account_id: string | string[] | null;
  /** First day of the anomaly (YYYY-MM-DD, UTC). */
  date: string;
  /** What to look at, as key=value (service=…, event_name=…, region=…, source_ip=…, user_agent=…, principal=…, reporting=…). */
  dimension: string;
  /** Size in the kind's unit (see docs/simulator.md): a cost factor, a daily cost, an event count, a number of days. */
  magnitude: number;
  details: Record<string, unknown>;
}

interface Planned {
  label: TruthLabel;
  accounts: string[];
  day: number;
  /** Last day the anomaly's effects apply (cost level shifts and new services persist). */
  untilDay: number;
  events: Map<string, TrailEvent[]>;
  /** Cost effects per account; applied on every day in [day, untilDay]. */
  cost: Map<string, CostEffect[]>;
  /** Regions to add to the account's snapshot that day (activity in a region it never uses). */
  regions: Map<string, string[]>;
}

/** An anomaly that is only CloudTrail activity of one account on one day. */
function oneDayActivity(label: TruthLabel, accountId: string, day: number, events: TrailEvent[]): Planned {
  return { label, accounts: [accountId], day, untilDay: day, events: new Map([[accountId, events]]), cost: new Map(), regions: new Map() };
}

export interface DayAnomalies {
  events: TrailEvent[];
  costEffects: CostEffect[];
  extraRegions: string[];
}

export interface AnomalyPlan {
  labels: TruthLabel[];
  /** Days (absolute day numbers) each account does not report. */
  gaps: Map<string, Set<number>>;
  forAccountDay(accountId: string, day: number): DayAnomalies;
  isGap(accountId: string, day: number): boolean;
}

/** Addresses nobody uses in normal operation (documentation ranges): handed out once each, in plan order. */
const RESERVED_IPS = [
  ...Array.from({ length: 55 }, (_, i) => `203.0.113.${200 + i}`),
  ...Array.from({ length: 55 }, (_, i) => `198.51.100.${200 + i}`),
  ...Array.from({ length: 55 }, (_, i) => `192.0.2.${200 + i}`),
];

function reservedIp(n: number): string {
  return RESERVED_IPS[n] ?? `2001:db8:bad:${(n - RESERVED_IPS.length).toString(16)}::1`;
}

const RARE_USER_AGENTS = [
  'aws-cli/2.4.5 Python/3.9.9 Linux/5.15.0-kali3-amd64 exe/x86_64.kali.2022 prompt/off command/iam.list-users',
  'Boto3/1.9.201 Python/2.7.18 Linux/4.19.0-17-amd64 Botocore/1.12.201',
  'python-requests/2.31.0',
  'S3 Browser/11.5.7 https://s3browser.com',
  'Cyberduck/8.7.1.40563 (Mac OS X/14.4) (x86_64)',
  'curl/8.4.0',
  'aws-sdk-java/1.11.91 Linux/3.10.0-1160.el7.x86_64 OpenJDK_64-Bit_Server_VM/25.402-b06 java/1.8.0_402',
  'ScoutSuite/5.14.0 Boto3/1.28.85 Python/3.10.12 Linux/6.2.0-39-generic Botocore/1.31.85',
  'aws-sdk-go/1.25.3 (go1.13.1; linux; amd64) Pacu',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36 aws-cli',
];

const EXTERNAL_ACCOUNTS = ['777788889999', '451238907766', '990011223344', '123098456712'];

const NEW_SERVICES = [
  { service: 'Amazon SageMaker', usage: 'Notebk:ml.p3.2xlarge', unit: 'Hrs', price: 3.825 },
  { service: 'Amazon SageMaker', usage: 'Train:ml.p3.8xlarge', unit: 'Hrs', price: 14.688 },
  { service: 'Amazon Redshift', usage: 'Node:ra3.4xlarge', unit: 'Hrs', price: 3.26 },
  { service: 'Amazon OpenSearch Service', usage: 'ESInstance:r6g.2xlarge.search', unit: 'Hrs', price: 0.669 },
  { service: 'AWS Glue', usage: 'ETL-DPU-Hour', unit: 'DPU-Hour', price: 0.44 },
  { service: 'Amazon Managed Streaming for Apache Kafka', usage: 'Kafka.m5.2xlarge', unit: 'Hrs', price: 0.84 },
  { service: 'Amazon EMR', usage: 'BoxUsage:r5.4xlarge', unit: 'Hrs', price: 0.252 },
] as const;

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function serviceCost(records: readonly CostRecord[], service: string): number {
  return costByService(records.filter((r) => r.recordType === 'Usage')).get(service) ?? 0;
}

/** A person of the account, preferring administrators (they can change IAM). */
function personOf(org: Organization, account: SimAccount, rng: Rng, admin = false): Person | undefined {
  const people = account.people.map((i) => org.people[i]).filter((p): p is Person => p !== undefined);
  const admins = people.filter((p) => p.permissionSet === 'AdministratorAccess');
  const pool = admin && admins.length > 0 ? admins : people;
  return pool.length > 0 ? rng.pick(pool) : undefined;
}

function humanActor(seed: string, org: Organization, account: SimAccount, day: number, rng: Rng, admin = false): { actor: Actor; person?: Person } {
  const person = personOf(org, account, rng, admin);
  // IAM changes need an administrator; where nobody has AdministratorAccess, it is the legacy CI
  // user's long-lived key (administrator since the account was bootstrapped) that acts.
  if (!person || (admin && person.permissionSet !== 'AdministratorAccess')) return { actor: iamUserActor(seed, account, 'ci-deploy', CI_IPS[0] as string, GITHUB_CLI_UA) };
  if (person.iamUser && account.role === 'workload') return { actor: iamUserActor(seed, account, person.username, person.officeIp, person.cliUserAgent), person };
  return { actor: ssoActor(seed, account, person, day, person.officeIp, false), person };
}

interface Window {
  startDay: number;
  endDay: number;
}

interface Candidate {
  account: SimAccount;
  profile: AccountProfile;
}

/** What the plan needs to know about the window. */
export interface PlanOptions {
  seed: string;
  org: Organization;
  startDay: number;
  endDay: number;
}

export function planAnomalies(options: PlanOptions): AnomalyPlan {
  const { seed, org, startDay, endDay } = options;
  const days = endDay - startDay + 1;
  const rng = stream(seed, 'anomaly-plan', org.accounts.length, startDay, endDay);
  const profiles = new Map<string, AccountProfile>();
  const profileOf = (a: SimAccount) => {
    let p = profiles.get(a.id);
    if (!p) {
      p = buildProfile(org, a);
      profiles.set(a.id, p);
    }
    return p;
  };
  const window: Window = { startDay, endDay };
  const planned: Planned[] = [];
  const gaps = new Map<string, Set<number>>();
  const taken = new Set<string>();
  const usedRareNames = new Map<string, Set<string>>();
  const shifted = new Set<string>();
  // Values that must be new where they appear: each address once in the plan, each agent and region once per account.
  let ipCounter = 0;
  const nextIp = () => reservedIp(ipCounter++);
  const usedAgents = new Map<string, Set<string>>();
  const usedRegions = new Map<string, Set<string>>();
  const workloads = org.accounts.filter((a) => a.role === 'workload');

  // Accounts that stop reporting for a few days: about one in fifty, at least one when there is room.
  if (org.accounts.length >= 3 && days >= 10) {
    const count = Math.max(1, Math.round(org.accounts.length / 50));
    for (const account of rng.sample(workloads.length > 0 ? workloads : org.accounts, count)) {
      const length = rng.int(2, 4);
      const first = rng.int(startDay + Math.floor(days / 3), endDay - length - 1);
      const set = new Set<number>();
      for (let d = first; d < first + length; d++) {
        set.add(d);
        taken.add(`${account.id}|${d}`);
      }
      gaps.set(account.id, set);
      planned.push({
        label: { id: '', kind: 'reporting_gap', account_id: account.id, date: dateOfDay(first), dimension: 'reporting=daily_snapshot', magnitude: length, details: { last_reported: dateOfDay(first - 1), resumed: dateOfDay(first + length), missing_dates: [...set].map(dateOfDay) } },
        accounts: [account.id],
        day: first,
        untilDay: first + length - 1,
        events: new Map(),
        cost: new Map(),
        regions: new Map(),
      });
    }
  }

  const free = (accountId: string, day: number) => !taken.has(`${accountId}|${day}`) && !(gaps.get(accountId)?.has(day) ?? false);
  // The earliest day an anomaly may fall on: enough history before it to tell it from normal.
  const historyDays = Math.min(14, Math.floor(days / 2));
  const pickDay = (r: Rng, from: number, to: number, accountId: string, avoidFirst = false): number | undefined => {
    const lo = Math.max(startDay, from);
    const hi = Math.min(endDay, to);
    if (hi < lo) return undefined;
    for (let tries = 0; tries < 20; tries++) {
      const d = r.int(lo, hi);
      if (free(accountId, d) && !(avoidFirst && dayOfMonth(d) === 1)) return d;
    }
    return undefined;
  };
  const claim = (accountId: string, day: number) => taken.add(`${accountId}|${day}`);

  const builders: Record<Exclude<AnomalyKind, 'reporting_gap'>, (r: Rng) => Planned | undefined> = {
    cost_spike: (r) => {
      const c = pickCostAccount(r, workloads, profileOf, seed, window, shifted);
      if (!c) return undefined;
      const day = pickDay(r, startDay + historyDays, endDay, c.account.id, true);
      if (day === undefined) return undefined;
      const factor = round2(r.range(3, 8));
      shifted.add(`${c.account.id}|${c.service}`);
      const base = dailyCosts(seed, c.profile, day);
      const expected = serviceCost(base, c.service);
      claim(c.account.id, day);
      return {
        label: { id: '', kind: 'cost_spike', account_id: c.account.id, date: dateOfDay(day), dimension: `service=${c.service}`, magnitude: factor, details: { service: c.service, expected: round2(expected), actual: round2(expected * factor), impact: round2(expected * (factor - 1)), impact_pct: round2((factor - 1) * 100), root_cause: { service: c.service, region: c.region } } },
        accounts: [c.account.id],
        day,
        untilDay: day,
        events: new Map(),
        cost: new Map([[c.account.id, [{ kind: 'scale', service: c.service, factor }]]]),
        regions: new Map(),
      };
    },
    cost_level_shift: (r) => {
      const c = pickCostAccount(r, workloads.filter((a) => !shifted.has(a.id)), profileOf, seed, window, shifted);
      if (!c) return undefined;
      const day = pickDay(r, startDay + Math.max(historyDays, Math.floor(days / 3)), endDay - Math.max(3, Math.floor(days / 6)), c.account.id, true);
      if (day === undefined) return undefined;
      shifted.add(c.account.id);
      shifted.add(`${c.account.id}|${c.service}`);
      const factor = round2(r.range(1.8, 3));
      const expected = serviceCost(dailyCosts(seed, c.profile, day), c.service);
      claim(c.account.id, day);
      return {
        label: { id: '', kind: 'cost_level_shift', account_id: c.account.id, date: dateOfDay(day), dimension: `service=${c.service}`, magnitude: factor, details: { service: c.service, factor, expected: round2(expected), actual: round2(expected * factor), impact_per_day: round2(expected * (factor - 1)), persists_until: dateOfDay(endDay), root_cause: { service: c.service, region: c.region } } },
        accounts: [c.account.id],
        day,
        untilDay: endDay + 400,
        events: new Map(),
        cost: new Map([[c.account.id, [{ kind: 'scale', service: c.service, factor }]]]),
        regions: new Map(),
      };
    },
    new_expensive_service: (r) => {
      const account = r.pick(workloads.length > 0 ? workloads : org.accounts);
      const profile = profileOf(account);
      const options = NEW_SERVICES.filter((s) => !profile.services.has(s.service));
      if (options.length === 0) return undefined;
      const day = pickDay(r, startDay + historyDays, endDay, account.id);
      if (day === undefined) return undefined;
      const svc = r.pick(options);
      const region = account.regions[0] as string;
      const target = account.type === 'production' ? r.range(150, 600) : account.type === 'sandbox' ? r.range(25, 120) : r.range(40, 250);
      const hours = Math.max(1, Math.round(target / (svc.price * regionInfo(region).priceFactor)));
      const daily = hours * svc.price * regionInfo(region).priceFactor;
      const untilDay = Math.min(endDay, day + r.int(3, 25));
      claim(account.id, day);
      const record: CostRecord = { service: svc.service, usageType: `${regionInfo(region).prefix}-${svc.usage}`, region, recordType: 'Usage', billingEntity: 'AWS', operation: 'RunInstance', unit: svc.unit, cost: daily, quantity: hours };
      return {
        label: { id: '', kind: 'new_expensive_service', account_id: account.id, date: dateOfDay(day), dimension: `service=${svc.service}`, magnitude: round2(daily), details: { service: svc.service, usage_type: record.usageType, region, daily_cost: round2(daily), last_day: dateOfDay(untilDay), never_used_before: true } },
        accounts: [account.id],
        day,
        untilDay,
        events: new Map(),
        cost: new Map([[account.id, [{ kind: 'add', record }]]]),
        regions: new Map(),
      };
    },
    ec2_run_instances_burst: (r) => burst(r, 'ec2'),
    ebs_create_volume_burst: (r) => burst(r, 'ebs'),
    lambda_invocation_burst: (r) => {
      const candidates = workloads.filter((a) => a.type !== 'sandbox' && profileOf(a).lambdaRequestsPerDay > 1000);
      if (candidates.length === 0) return undefined;
      const account = r.pick(candidates);
      const profile = profileOf(account);
      const day = pickDay(r, startDay + historyDays, endDay, account.id, true);
      if (day === undefined) return undefined;
      const factor = round2(r.range(8, 25));
      const base = dailyCosts(seed, profile, day).filter((x) => x.service === SERVICE.lambda && x.usageType.endsWith('-Request'));
      const requests = base.reduce((s, x) => s + x.quantity, 0);
      const th = thresholdsOf(account);
      claim(account.id, day);
      return {
        label: { id: '', kind: 'lambda_invocation_burst', account_id: account.id, date: dateOfDay(day), dimension: `usage=${SERVICE.lambda}/Request`, magnitude: factor, details: { service: SERVICE.lambda, expected_requests: Math.round(requests), actual_requests: Math.round(requests * factor), extra_invocations: Math.round(requests * (factor - 1)), threshold_per_hour: th.lambda, account_type: account.type } },
        accounts: [account.id],
        day,
        untilDay: day,
        events: new Map(),
        cost: new Map([[account.id, [{ kind: 'scale', service: SERVICE.lambda, factor }]]]),
        regions: new Map(),
      };
    },
    new_region: (r) => {
      const account = r.pick(workloads.length > 0 ? workloads : org.accounts);
      const day = pickDay(r, startDay + Math.max(1, Math.floor(historyDays / 2)), endDay, account.id);
      if (day === undefined) return undefined;
      const used = usedRegions.get(account.id) ?? new Set<string>();
      const regionOptions = UNUSED_REGIONS.filter((x) => !account.regions.includes(x) && !used.has(x));
      if (regionOptions.length === 0) return undefined;
      const region = r.pick(regionOptions);
      used.add(region);
      usedRegions.set(account.id, used);
      const er = stream(seed, 'anomaly-events', 'new_region', account.id, day);
      const { actor } = humanActor(seed, org, account, day, er, true);
      const t0 = day * 86_400_000 + er.int(1, 20) * 3600_000;
      const sg = `sg-0${er.hex(16)}`;
      const type = er.pick(['c5.xlarge', 'c5.2xlarge', 'g4dn.xlarge']);
      const count = er.int(1, 3);
      const events = [
        makeEvent(er, t0, region, 'ec2.amazonaws.com', 'CreateSecurityGroup', actor, { groupName: `launch-wizard-${er.int(1, 9)}`, groupDescription: 'launch-wizard created', vpcId: `vpc-0${er.hex(16)}` }),
        makeEvent(er, t0 + 40_000, region, 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', actor, { groupId: sg, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } }),
        makeEvent(er, t0 + 95_000, region, 'ec2.amazonaws.com', 'RunInstances', actor, { instancesSet: { items: [{ imageId: `ami-0${er.hex(16)}`, minCount: count, maxCount: count }] }, instanceType: type, groupSet: { items: [{ groupId: sg }] } }),
        makeEvent(er, t0 + 100_000, region, 'ec2.amazonaws.com', 'CreateTags', actor, { resourcesSet: { items: [{ resourceId: `i-0${er.hex(16)}` }] }, tagSet: { items: [{ key: 'Name', value: 'test' }] } }),
      ];
      const hours = count * er.int(2, 8);
      claim(account.id, day);
      return {
        label: { id: '', kind: 'new_region', account_id: account.id, date: dateOfDay(day), dimension: `region=${region}`, magnitude: events.length, details: { region, principal_arn: actor.identity.arn ?? null, event_names: events.map((e) => e.name), instance_type: type, instances: count } },
        accounts: [account.id],
        day,
        untilDay: day,
        events: new Map([[account.id, events]]),
        cost: new Map([[account.id, [{ kind: 'add', record: { service: SERVICE.ec2, usageType: `${regionInfo(region).prefix}-BoxUsage:${type}`, region, recordType: 'Usage', billingEntity: 'AWS', operation: 'RunInstances', unit: 'Hrs', quantity: hours, cost: hours * (EC2_PRICES[type] ?? 0.2) * regionInfo(region).priceFactor, instanceType: type } }]]]),
        regions: new Map([[account.id, [region]]]),
      };
    },
    new_source_ip: (r) => {
      const account = r.pick(workloads.length > 0 ? workloads : org.accounts);
      const day = pickDay(r, startDay + Math.max(1, Math.floor(historyDays / 2)), endDay, account.id);
      if (day === undefined) return undefined;
      const er = stream(seed, 'anomaly-events', 'new_source_ip', account.id, day);
      const ip = nextIp();
      const { actor: base } = humanActor(seed, org, account, day, er);
      const actor: Actor = { ...base, sourceIp: ip };
      const events = ordinaryEvents(er, actor, account, profileOf(account), day, er.int(2, 6));
      claim(account.id, day);
      return oneDayActivity({ id: '', kind: 'new_source_ip', account_id: account.id, date: dateOfDay(day), dimension: `source_ip=${ip}`, magnitude: events.length, details: { source_ip: ip, principal_arn: actor.identity.arn ?? null, event_names: events.map((e) => e.name) } }, account.id, day, events);
    },
    new_user_agent: (r) => {
      const account = r.pick(workloads.length > 0 ? workloads : org.accounts);
      const day = pickDay(r, startDay + Math.max(1, Math.floor(historyDays / 2)), endDay, account.id);
      if (day === undefined) return undefined;
      const er = stream(seed, 'anomaly-events', 'new_user_agent', account.id, day);
      const used = usedAgents.get(account.id) ?? new Set<string>();
      const agentOptions = RARE_USER_AGENTS.filter((x) => !used.has(x));
      if (agentOptions.length === 0) return undefined;
      const ua = er.pick(agentOptions);
      used.add(ua);
      usedAgents.set(account.id, used);
      const { actor: base } = humanActor(seed, org, account, day, er);
      const actor: Actor = { ...base, userAgent: ua, console: false };
      const events = ordinaryEvents(er, actor, account, profileOf(account), day, er.int(2, 6));
      claim(account.id, day);
      return oneDayActivity({ id: '', kind: 'new_user_agent', account_id: account.id, date: dateOfDay(day), dimension: `user_agent=${ua}`, magnitude: events.length, details: { user_agent: ua, principal_arn: actor.identity.arn ?? null, event_names: events.map((e) => e.name) } }, account.id, day, events);
    },
    new_event_name: (r) => {
      const account = r.pick(workloads.length > 0 ? workloads : org.accounts);
      const used = usedRareNames.get(account.id) ?? new Set<string>();
      const options = RARE_EVENT_NAMES.filter((x) => !used.has(x.name));
      if (options.length === 0) return undefined;
      const day = pickDay(r, startDay + Math.max(1, Math.floor(historyDays / 2)), endDay, account.id);
      if (day === undefined) return undefined;
      const er = stream(seed, 'anomaly-events', 'new_event_name', account.id, day);
      const pick = er.pick(options);
      used.add(pick.name);
      usedRareNames.set(account.id, used);
      const { actor } = humanActor(seed, org, account, day, er, true);
      const profile = profileOf(account);
      const region = pick.source === 'iam.amazonaws.com' ? 'us-east-1' : (account.regions[0] as string);
      const t = day * 86_400_000 + er.int(9, 22) * 3600_000 + er.int(0, 3599) * 1000;
      const events = [makeEvent(er, t, region, pick.source, pick.name, actor, rareParams(pick.name, er, account, profile))];
      claim(account.id, day);
      return oneDayActivity({ id: '', kind: 'new_event_name', account_id: account.id, date: dateOfDay(day), dimension: `event_name=${pick.name}`, magnitude: events.length, details: { event_name: pick.name, event_source: pick.source, principal_arn: actor.identity.arn ?? null, region } }, account.id, day, events);
    },
    privilege_escalation: (r) => {
      const account = r.pick(workloads.length > 0 ? workloads : org.accounts);
      const day = pickDay(r, startDay + 1, endDay, account.id);
      if (day === undefined) return undefined;
      const er = stream(seed, 'anomaly-events', 'privilege_escalation', account.id, day);
      const pattern = r.pick(['user_privilege_grant', 'iam_policy_creation', 'admin_access', 'cross_account_assume'] as const);
      const events = escalation(seed, org, account, profileOf(account), day, er, pattern, nextIp);
      claim(account.id, day);
      const principal = events.at(-1)?.actor.identity.arn ?? null;
      const span = ((events.at(-1)?.time ?? 0) - (events[0]?.time ?? 0)) / 60_000;
      return oneDayActivity({
          id: '',
          kind: 'privilege_escalation',
          account_id: account.id,
          date: dateOfDay(day),
          dimension: `principal=${principal}`,
          magnitude: events.length,
          details: {
            pattern,
            principal_arn: principal,
            window_minutes: Math.round(span * 10) / 10,
            events: events.map((e) => ({ event_id: e.id, event_time: new Date(e.time).toISOString(), event_name: e.name, principal_arn: e.actor.identity.arn ?? null, principal_account_id: e.actor.identity.accountId ?? null, read_only: e.readOnly })),
            ...(pattern === 'cross_account_assume' ? { external_account_id: events[0]?.actor.identity.accountId } : {}),
          },
        }, account.id, day, events);
    },
    org_wide_burst: (r) => {
      const pool = workloads.filter((a) => a.type !== 'sandbox');
      if (pool.length < 3) return undefined;
      const k = Math.min(pool.length, Math.max(3, Math.round(pool.length * 0.08)));
      const day = pickDay(r, startDay + historyDays, endDay, pool[0]?.id ?? '');
      if (day === undefined) return undefined;
      const chosen = r.sample(pool.filter((a) => free(a.id, day)), k);
      if (chosen.length < 3) return undefined;
      const er = stream(seed, 'anomaly-events', 'org_wide_burst', day);
      const session = `maintenance-${er.hex(8)}`;
      const ip = nextIp();
      const type = er.pick(BURST_INSTANCE_TYPES);
      const ua = 'Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#5.15.0 md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.144';
      const startMs = day * 86_400_000 + er.int(0, 5) * 3600_000 + er.int(0, 3599) * 1000;
      const events = new Map<string, TrailEvent[]>();
      const cost = new Map<string, CostEffect[]>();
      const perAccount: Record<string, unknown>[] = [];
      for (const account of chosen) {
        const th = thresholdsOf(account).ec2;
        const n = Math.ceil(th * er.range(2, 3));
        const actor = roleActor(seed, account, 'OrganizationAccountAccessRole', session, 'human', ip, ua, day);
        const region = account.regions[0] as string;
        const list: TrailEvent[] = [];
        let units = 0;
        for (let i = 0; i < n; i++) {
          const c = er.int(1, 2);
          units += c;
          list.push(makeEvent(er, startMs + i * er.int(20, 90) * 1000, region, 'ec2.amazonaws.com', 'RunInstances', actor, { instancesSet: { items: [{ imageId: `ami-0${er.hex(16)}`, minCount: c, maxCount: c }] }, instanceType: type }));
        }
        const hours = units * er.int(3, 10);
        events.set(account.id, list);
        cost.set(account.id, [{ kind: 'add', record: { service: SERVICE.ec2, usageType: `${regionInfo(region).prefix}-BoxUsage:${type}`, region, recordType: 'Usage', billingEntity: 'AWS', operation: 'RunInstances', unit: 'Hrs', quantity: hours, cost: hours * (EC2_PRICES[type] ?? 1) * regionInfo(region).priceFactor, instanceType: type } }]);
        perAccount.push({ account_id: account.id, account_type: account.type, events: n, instances: units, threshold: th, region });
        claim(account.id, day);
      }
      const total = [...events.values()].reduce((s, l) => s + l.length, 0);
      return {
        label: { id: '', kind: 'org_wide_burst', account_id: chosen.map((a) => a.id), date: dateOfDay(day), dimension: 'event_name=RunInstances', magnitude: total, details: { event_name: 'RunInstances', role_session: `OrganizationAccountAccessRole/${session}`, source_ip: ip, instance_type: type, accounts: perAccount } },
        accounts: chosen.map((a) => a.id),
        day,
        untilDay: day,
        events,
        cost,
        regions: new Map(),
      };
    },
  };

  function burst(r: Rng, what: 'ec2' | 'ebs'): Planned | undefined {
    const account = r.pick(workloads.length > 0 ? workloads : org.accounts);
    const day = pickDay(r, startDay + historyDays, endDay, account.id);
    if (day === undefined) return undefined;
    const er = stream(seed, 'anomaly-events', `${what}_burst`, account.id, day);
    const th = thresholdsOf(account)[what];
    const n = Math.ceil(th * er.range(2, 3.5));
    const region = account.regions[0] as string;
    const ci = er.chance(0.5);
    const actor = ci ? roleActor(seed, account, 'github-actions-deploy', 'GitHubActions', 'ci', er.pick(CI_IPS), GITHUB_CLI_UA, day) : humanActor(seed, org, account, day, er).actor;
    const start = day * 86_400_000 + er.int(1, 20) * 3600_000 + er.int(0, 3599) * 1000;
    const events: TrailEvent[] = [];
    let units = 0;
    let gb = 0;
    const type = er.pick(BURST_INSTANCE_TYPES);
    for (let i = 0; i < n; i++) {
      const t = start + Math.floor((i * 3_300_000) / n) + er.int(0, 20) * 1000;
      if (what === 'ec2') {
        const c = er.int(1, 4);
        units += c;
        events.push(makeEvent(er, t, region, 'ec2.amazonaws.com', 'RunInstances', actor, { instancesSet: { items: [{ imageId: `ami-0${er.hex(16)}`, minCount: c, maxCount: c }] }, instanceType: type, subnetId: `subnet-0${er.hex(16)}` }));
      } else {
        const size = er.pick([100, 250, 500, 1000]);
        gb += size;
        events.push(makeEvent(er, t, region, 'ec2.amazonaws.com', 'CreateVolume', actor, { size, zone: `${region}${er.pick(['a', 'b', 'c'])}`, volumeType: er.pick(['gp3', 'io2']), encrypted: er.chance(0.5) }));
      }
    }
    // The instances are terminated a few hours later (same day): they show up in cost, not in the inventory.
    if (what === 'ec2') {
      const end = start + 3_600_000 + er.int(2, 4) * 3600_000;
      for (let i = 0; i < Math.min(n, 3); i++) events.push(makeEvent(er, end + i * 5000, region, 'ec2.amazonaws.com', 'TerminateInstances', actor, { instancesSet: { items: [{ instanceId: `i-0${er.hex(16)}` }] } }));
    }
    const hours = units * er.int(3, 6);
    const record: CostRecord =
      what === 'ec2'
        ? { service: SERVICE.ec2, usageType: `${regionInfo(region).prefix}-BoxUsage:${type}`, region, recordType: 'Usage', billingEntity: 'AWS', operation: 'RunInstances', unit: 'Hrs', quantity: hours, cost: hours * (EC2_PRICES[type] ?? 1) * regionInfo(region).priceFactor, instanceType: type }
        : { service: SERVICE.ec2Other, usageType: `${regionInfo(region).prefix}-EBS:VolumeUsage.gp3`, region, recordType: 'Usage', billingEntity: 'AWS', operation: 'CreateVolume', unit: 'GB-Mo', quantity: gb / 60, cost: (gb / 60) * 0.08 };
    claim(account.id, day);
    const runs = events.filter((e) => e.name === (what === 'ec2' ? 'RunInstances' : 'CreateVolume'));
    return {
      label: {
        id: '',
        kind: what === 'ec2' ? 'ec2_run_instances_burst' : 'ebs_create_volume_burst',
        account_id: account.id,
        date: dateOfDay(day),
        dimension: `event_name=${what === 'ec2' ? 'RunInstances' : 'CreateVolume'}`,
        magnitude: runs.length,
        details: {
          event_name: what === 'ec2' ? 'RunInstances' : 'CreateVolume',
          events: runs.length,
          threshold: th,
          account_type: account.type,
          region,
          principal_arn: actor.identity.arn ?? null,
          window_start: new Date(runs[0]?.time ?? start).toISOString(),
          window_end: new Date(runs.at(-1)?.time ?? start).toISOString(),
          ...(what === 'ec2' ? { instances: units, instance_type: type, cost: round2(record.cost) } : { total_gb: gb }),
        },
      },
      accounts: [account.id],
      day,
      untilDay: day,
      events: new Map([[account.id, events]]),
      cost: new Map([[account.id, [{ kind: 'add', record }]]]),
      regions: new Map(),
    };
  }

  // Every kind at least once when the window allows, then more in proportion to account-days.
  const kinds = Object.keys(builders) as (keyof typeof builders)[];
  const target = Math.max(kinds.length, Math.round((org.accounts.length * days) / 50));
  const weights: Record<keyof typeof builders, number> = {
    cost_spike: 3,
    cost_level_shift: 1.5,
    new_expensive_service: 1.5,
    ec2_run_instances_burst: 2,
    lambda_invocation_burst: 1.5,
    ebs_create_volume_burst: 1.5,
    new_region: 1.5,
    new_source_ip: 2,
    new_user_agent: 2,
    new_event_name: 2,
    privilege_escalation: 2,
    org_wide_burst: 0.3,
  };
  const order: (keyof typeof builders)[] = [...kinds];
  while (order.length < target) order.push(rng.weighted(kinds.map((k) => [k, weights[k]] as const)));
  for (const kind of order) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const p = builders[kind](stream(seed, 'anomaly', kind, planned.length, attempt));
      if (p) {
        planned.push(p);
        break;
      }
    }
  }
  planned.sort((a, b) => a.day - b.day || (a.label.kind < b.label.kind ? -1 : a.label.kind > b.label.kind ? 1 : 0) || (a.accounts[0] ?? '').localeCompare(b.accounts[0] ?? ''));
  planned.forEach((p, i) => (p.label.id = `anomaly-${String(i + 1).padStart(4, '0')}`));

  // Profiles were only needed to choose; the plan outlives them (and is kept by every worker).
  profiles.clear();
  const byAccount = new Map<string, Planned[]>();
  for (const p of planned) for (const a of p.accounts) byAccount.set(a, [...(byAccount.get(a) ?? []), p]);

  return {
    labels: planned.map((p) => p.label),
    gaps,
    isGap: (accountId, day) => gaps.get(accountId)?.has(day) ?? false,
    forAccountDay(accountId, day) {
      const out: DayAnomalies = { events: [], costEffects: [], extraRegions: [] };
      for (const p of byAccount.get(accountId) ?? []) {
        if (day < p.day || day > p.untilDay) continue;
        out.costEffects.push(...(p.cost.get(accountId) ?? []));
        if (day === p.day) {
          out.events.push(...(p.events.get(accountId) ?? []));
          out.extraRegions.push(...(p.regions.get(accountId) ?? []));
        }
      }
      return out;
    },
  };
}

/** A workload account with a steady, material service to spike or shift. */
function pickCostAccount(r: Rng, accounts: readonly SimAccount[], profileOf: (a: SimAccount) => AccountProfile, seed: string, window: Window, shifted: Set<string>): (Candidate & { service: string; region: string }) | undefined {
  const eligible = accounts.filter((a) => a.type !== 'sandbox');
  for (let tries = 0; tries < 10 && eligible.length > 0; tries++) {
    const account = r.pick(eligible);
    const profile = profileOf(account);
    const probe = dailyCosts(seed, profile, window.endDay);
    const byService = costByService(probe.filter((x) => x.recordType === 'Usage'));
    const steady = new Set(profile.lines.filter((l) => l.pattern === 'steady' || l.pattern === 'growing').map((l) => l.service));
    const services = [...byService.entries()].filter(([s, c]) => c >= 5 && steady.has(s) && !shifted.has(`${account.id}|${s}`) && s !== SERVICE.lambda);
    if (services.length === 0) continue;
    const [service] = r.pick(services);
    const region = profile.lines.find((l) => l.service === service)?.region ?? (account.regions[0] as string);
    return { account, profile, service, region };
  }
  return undefined;
}

/** A few write events from the account's usual vocabulary, for anomalies that differ in one attribute only. */
function ordinaryEvents(rng: Rng, actor: Actor, account: SimAccount, profile: AccountProfile, day: number, n: number): TrailEvent[] {
  const names = [
    ['ec2.amazonaws.com', 'CreateTags'],
    ['ssm.amazonaws.com', 'PutParameter'],
    ['monitoring.amazonaws.com', 'PutMetricAlarm'],
    ['s3.amazonaws.com', 'PutBucketTagging'],
  ] as const;
  const t0 = day * 86_400_000 + rng.int(0, 20) * 3600_000 + rng.int(0, 3599) * 1000;
  const out: TrailEvent[] = [];
  for (let i = 0; i < n; i++) {
    const [source, name] = rng.pick(names);
    const region = account.regions[0] as string;
    out.push(makeEvent(rng, t0 + i * rng.int(30, 300) * 1000, region, source, name, actor, paramsFor(name, { rng, account, profile, region, instances: [] }).request));
  }
  return out;
}

function rareParams(name: string, rng: Rng, account: SimAccount, profile: AccountProfile): Record<string, unknown> {
  const bucket = profile.buckets[0]?.name ?? `${profile.slug}-data`;
  switch (name) {
    case 'StopLogging':
    case 'DeleteTrail':
    case 'PutEventSelectors':
      return { name: `arn:aws:cloudtrail:us-east-1:${account.id}:trail/${profile.slug}-data-events` };
    case 'DeleteFlowLogs':
      return { flowLogIds: { items: [{ flowLogId: `fl-0${rng.hex(16)}` }] } };
    case 'DeleteDetector':
      return { detectorId: rng.hex(32) };
    case 'StopConfigurationRecorder':
      return { configurationRecorderName: 'default' };
    case 'DeleteConfigRule':
      return { configRuleName: 's3-bucket-public-read-prohibited' };
    case 'DeleteBucketPolicy':
    case 'DeleteBucketPublicAccessBlock':
      return { bucketName: bucket, Host: `${bucket}.s3.amazonaws.com` };
    case 'PutBucketAcl':
      return { bucketName: bucket, Host: `${bucket}.s3.amazonaws.com`, 'x-amz-acl': ['public-read'] };
    case 'ModifySnapshotAttribute':
      return { snapshotId: `snap-0${rng.hex(16)}`, attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ userId: rng.pick(EXTERNAL_ACCOUNTS) }] } } };
    case 'ModifyImageAttribute':
      return { imageId: `ami-0${rng.hex(16)}`, launchPermission: { add: { items: [{ group: 'all' }] } }, attributeType: 'launchPermission' };
    case 'CreateLoginProfile':
      return { userName: 'legacy-batch', passwordResetRequired: false };
    case 'DeactivateMFADevice':
      return { userName: 'ci-deploy', serialNumber: `arn:aws:iam::${account.id}:mfa/ci-deploy` };
    case 'ScheduleKeyDeletion':
      return { keyId: rng.uuid(), pendingWindowInDays: 7 };
    case 'DisableKey':
      return { keyId: rng.uuid() };
    case 'DeleteLogGroup':
      return { logGroupName: `/aws/vpc/flow-logs/${profile.slug}` };
    default:
      return {};
  }
}

const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

function escalation(seed: string, org: Organization, account: SimAccount, profile: AccountProfile, day: number, rng: Rng, pattern: 'user_privilege_grant' | 'iam_policy_creation' | 'admin_access' | 'cross_account_assume', nextIp: () => string): TrailEvent[] {
  const t0 = day * 86_400_000 + rng.int(0, 21) * 3600_000 + rng.int(0, 3599) * 1000;
  const step = () => rng.int(60, 540) * 1000;
  const { actor } = humanActor(seed, org, account, day, rng, true);
  const iam = (t: number, name: string, request: Record<string, unknown>, a: Actor = actor, extra: Partial<TrailEvent> = {}) => makeEvent(rng, t, 'us-east-1', 'iam.amazonaws.com', name, a, request, extra);
  const user = rng.pick(['svc-backup', 'support-temp', 'deploy-bot', 'monitoring-agent', 'admin2']);
  switch (pattern) {
    case 'user_privilege_grant': {
      const t1 = t0 + step();
      const t2 = t1 + step();
      return [
        iam(t0, 'CreateUser', { userName: user }, actor, { response: { user: { userName: user, userId: `AIDA${rng.alnum(17, true)}`, arn: `arn:aws:iam::${account.id}:user/${user}` } } }),
        iam(t1, 'AttachUserPolicy', { userName: user, policyArn: ADMIN_POLICY }),
        iam(t2, 'CreateAccessKey', { userName: user }, actor, { response: { accessKey: { accessKeyId: `AKIA${rng.alnum(16, true)}`, status: 'Active', userName: user } } }),
      ];
    }
    case 'iam_policy_creation': {
      const role = rng.pick(['ops-breakglass', 'maintenance-admin', 'support-access']);
      const t1 = t0 + step();
      const t2 = t1 + step();
      return [
        iam(t0, 'CreateRole', { roleName: role, assumeRolePolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${account.id}:root"},"Action":"sts:AssumeRole"}]}` }),
        iam(t1, 'AttachRolePolicy', { roleName: role, policyArn: ADMIN_POLICY }),
        makeEvent(rng, t2, account.regions[0] as string, 'sts.amazonaws.com', 'AssumeRole', actor, { roleArn: `arn:aws:iam::${account.id}:role/${role}`, roleSessionName: 'test', durationSeconds: 3600 }, { readOnly: true }),
      ];
    }
    case 'admin_access': {
      const t1 = t0 + step();
      return [
        iam(t0, 'AttachUserPolicy', { userName: rng.pick(['ci-deploy', 'legacy-batch', 'reporting-export']), policyArn: ADMIN_POLICY }),
        iam(t1, 'AttachRolePolicy', { roleName: `${profile.slug}-app-role`, policyArn: ADMIN_POLICY }),
      ];
    }
    case 'cross_account_assume': {
      const external = rng.pick(EXTERNAL_ACCOUNTS);
      const role = rng.pick(['OrganizationAccountAccessRole', 'vendor-integration-role']);
      const session = `sess-${rng.hex(6)}`;
      const ip = nextIp();
      const ua = 'Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.84';
      const caller = crossAccountActor(seed, external, 'automation', session, ip, ua);
      const assumed = roleActor(seed, account, role, session, 'human', ip, ua, day);
      const t1 = t0 + step();
      const t2 = t1 + step();
      return [
        makeEvent(rng, t0, 'us-east-1', 'sts.amazonaws.com', 'AssumeRole', caller, { roleArn: `arn:aws:iam::${account.id}:role/${role}`, roleSessionName: session, durationSeconds: 3600 }, { readOnly: true }),
        iam(t1, 'CreateUser', { userName: user }, assumed),
        iam(t2, 'AttachUserPolicy', { userName: user, policyArn: ADMIN_POLICY }, assumed),
      ];
    }
  }
}
