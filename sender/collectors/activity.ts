// CloudTrail write management events of the period in one region (LookupEvents, ReadOnly=false),
// aggregated per (source, name, region, principal, IP, user agent, error), plus the
// security-relevant ones one by one. LookupEvents allows 2 requests per second per region, so
// pages are drawn from a shared token bucket and reading stops — truncated, not failed — before the
// page cap or the collector's time budget would be exceeded.
import { CloudTrailClient, paginateLookupEvents, type Event, type LookupAttribute } from '@aws-sdk/client-cloudtrail';
import type { principalTypes, SnapshotInput } from '../../snapshot/index.js';
import type { CollectContext, Collector } from '../collector.js';
import { isSecurityRelevant, resourcesOf, type TrailRecord } from '../cloudtrail-security.js';
import { periodBounds } from '../periods.js';
import { sharedBucket, type TokenBucket } from '../rate-limit.js';
import { isRegionCode } from '../regions.js';

type ActivityPart = NonNullable<SnapshotInput['activity']>;
type Aggregate = NonNullable<ActivityPart['aggregates']>[number];
type SecurityEvent = NonNullable<ActivityPart['events']>[number];
type PrincipalType = (typeof principalTypes)[number];

const PAGE_SIZE = 50;
/** Stop asking for pages this long before the budget ends: the last request must still return. */
export function stopMarginMs(budgetMs: number): number {
  return Math.max(1000, budgetMs * 0.1);
}

const PRINCIPAL_TYPES: Readonly<Record<string, PrincipalType>> = {
  Root: 'Root',
  IAMUser: 'IAMUser',
  AssumedRole: 'AssumedRole',
  Role: 'AssumedRole',
  FederatedUser: 'FederatedUser',
  SAMLUser: 'FederatedUser',
  WebIdentityUser: 'FederatedUser',
  AWSService: 'AWSService',
  AWSAccount: 'AWSAccount',
  IdentityCenterUser: 'IdentityCenterUser',
};

export function principalTypeOf(type: string | undefined): PrincipalType {
  return (type && PRINCIPAL_TYPES[type]) || 'Unknown';
}

/** Units requested by the event, where it has them: instances launched, volumes created. */
export function unitsOf(r: TrailRecord): number | undefined {
  if (r.eventName === 'RunInstances') {
    const list = (r.requestParameters?.instancesSet as { items?: { maxCount?: unknown; minCount?: unknown }[] } | undefined)?.items ?? [];
    let units = 0;
    for (const item of list) {
      const n = Number(item.maxCount ?? item.minCount ?? 1);
      units += Number.isFinite(n) && n > 0 ? Math.floor(n) : 1;
    }
    return list.length > 0 ? units : 1;
  }
  if (r.eventName === 'CreateVolume') return 1;
  return undefined;
}

function parseRecord(e: Event, fallbackRegion: string): TrailRecord {
  let record: TrailRecord = {};
  try {
    const parsed: unknown = JSON.parse(e.CloudTrailEvent ?? '{}');
    if (parsed && typeof parsed === 'object') record = parsed as TrailRecord;
  } catch {
    // keep the summary fields LookupEvents gives next to the JSON
  }
  return {
    ...record,
    eventID: record.eventID ?? e.EventId,
    eventName: record.eventName ?? e.EventName,
    eventSource: record.eventSource ?? e.EventSource,
    eventTime: record.eventTime ?? e.EventTime?.toISOString(),
    awsRegion: isRegionCode(record.awsRegion) ? record.awsRegion : fallbackRegion,
  };
}

function nullable(s: string | undefined): string | null {
  return s === undefined || s === '' ? null : s;
}

class Accumulator {
  readonly aggregates = new Map<string, Aggregate>();
  readonly events: SecurityEvent[] = [];
  readonly seen = new Set<string>();
  total = 0;
  security = 0;
  overCap = false;

  constructor(private readonly cap: number) {}

  /** A write event: counted, aggregated, and kept if security-relevant. */
  addWrite(r: TrailRecord, at: string): void {
    this.total += 1;
    const principal = r.userIdentity ?? {};
    const agg: Aggregate = {
      event_source: r.eventSource ?? 'unknown',
      event_name: r.eventName ?? 'unknown',
      region: r.awsRegion ?? 'global',
      principal_arn: nullable(principal.arn),
      principal_type: principalTypeOf(principal.type),
      source_ip: nullable(r.sourceIPAddress),
      user_agent: nullable(r.userAgent),
      error_code: nullable(r.errorCode),
      count: 1,
      units: unitsOf(r) ?? null,
      first_seen: at,
      last_seen: at,
    };
    addAggregate(this.aggregates, agg);
    this.addSecurity(r, at);
  }

  addSecurity(r: TrailRecord, at: string): void {
    if (!isSecurityRelevant(r)) return;
    this.security += 1;
    if (this.events.length >= this.cap) {
      this.overCap = true;
      return;
    }
    const principal = r.userIdentity ?? {};
    this.events.push({
      event_id: r.eventID!,
      event_time: at,
      event_source: r.eventSource!,
      event_name: r.eventName!,
      region: r.awsRegion ?? 'global',
      principal_arn: nullable(principal.arn),
      principal_type: principalTypeOf(principal.type),
      principal_account_id: principal.accountId && /^\d{12}$/.test(principal.accountId) ? principal.accountId : null,
      source_ip: nullable(r.sourceIPAddress),
      user_agent: nullable(r.userAgent),
      error_code: nullable(r.errorCode),
      resources: resourcesOf(r),
    });
  }
}

function aggregateKey(a: Aggregate): string {
  return JSON.stringify([a.event_source, a.event_name, a.region, a.principal_arn, a.principal_type, a.source_ip, a.user_agent, a.error_code]);
}

function addAggregate(into: Map<string, Aggregate>, a: Aggregate): void {
  const key = aggregateKey(a);
  const cur = into.get(key);
  if (!cur) {
    into.set(key, { ...a });
    return;
  }
  cur.count += a.count;
  if (a.units != null) cur.units = (cur.units ?? 0) + a.units;
  if (a.first_seen < cur.first_seen) cur.first_seen = a.first_seen;
  if (a.last_seen > cur.last_seen) cur.last_seen = a.last_seen;
}

function byTime(a: SecurityEvent, b: SecurityEvent): number {
  if (a.event_time !== b.event_time) return a.event_time < b.event_time ? -1 : 1;
  return a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0;
}

interface PageBudget {
  pagesLeft: number;
  deadline: number;
}

/** Reads one LookupEvents query to the end, or until the page cap or the time budget says stop. */
async function lookup(
  ctx: CollectContext,
  client: CloudTrailClient,
  bucket: TokenBucket,
  attribute: LookupAttribute,
  budget: PageBudget,
  onEvent: (e: Event) => void,
): Promise<boolean> {
  const admit = async (): Promise<boolean> => {
    if (budget.pagesLeft <= 0) {
      ctx.markTruncated(`activity: LookupEvents page cap (${ctx.config.activityMaxPages}) reached in ${ctx.region}`);
      return false;
    }
    if (performance.now() + bucket.waitMs() > budget.deadline) {
      ctx.markTruncated(`activity: LookupEvents in ${ctx.region} stopped to stay within the ${ctx.config.collectorBudgetMs} ms budget`);
      return false;
    }
    await bucket.take(ctx.signal);
    budget.pagesLeft -= 1;
    return true;
  };
  if (!(await admit())) return false;
  const { start, end } = periodBounds(ctx.period);
  const input = { LookupAttributes: [attribute], StartTime: start, EndTime: end };
  // The paginator asks for the next page only when the loop comes back for it, so admitting
  // (and waiting for a token) at the end of the body paces every request.
  for await (const page of paginateLookupEvents({ client, pageSize: PAGE_SIZE }, input)) {
    for (const e of page.Events ?? []) onEvent(e);
    if (!page.NextToken) return true;
    if (!(await admit())) return false;
  }
  return true;
}

export const activityCollector: Collector<ActivityPart, ActivityPart> = {
  name: 'activity',
  target: { section: 'activity' },
  scope: 'regional',
  api: ['cloudtrail:LookupEvents'],
  timeSeries: true,
  granularities: ['DAILY'],
  async collect(ctx) {
    const client = ctx.client(CloudTrailClient);
    const bucket = sharedBucket(`cloudtrail:LookupEvents:${ctx.region}`, ctx.config.lookupEventsPerSecond);
    const budget: PageBudget = {
      pagesLeft: ctx.config.activityMaxPages,
      deadline: performance.now() + ctx.config.collectorBudgetMs - stopMarginMs(ctx.config.collectorBudgetMs),
    };
    const bounds = periodBounds(ctx.period);
    const from = bounds.start.toISOString();
    const to = bounds.end.toISOString();
    const acc = new Accumulator(ctx.config.activityEventCap);
    // LookupEvents' EndTime is inclusive; the period's end is not. Ids dedupe the two queries.
    const accept = (e: Event): { r: TrailRecord; at: string } | undefined => {
      const r = parseRecord(e, ctx.region);
      const at = r.eventTime ? new Date(r.eventTime) : undefined;
      if (!r.eventID || !at || Number.isNaN(at.getTime())) return undefined;
      const iso = at.toISOString();
      if (iso < from || iso >= to || acc.seen.has(r.eventID)) return undefined;
      acc.seen.add(r.eventID);
      return { r, at: iso };
    };

    const complete = await lookup(ctx, client, bucket, { AttributeKey: 'ReadOnly', AttributeValue: 'false' }, budget, (e) => {
      const got = accept(e);
      if (got) acc.addWrite(got.r, got.at);
    });
    // CloudTrail may record sts:AssumeRole as a read-only event, which the query above never
    // returns; cross-account role assumptions are security-relevant, so they get their own query.
    if (complete) {
      await lookup(ctx, client, bucket, { AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }, budget, (e) => {
        const got = accept(e);
        if (!got) return;
        if (got.r.readOnly === false) acc.addWrite(got.r, got.at);
        else acc.addSecurity(got.r, got.at);
      });
    }
    if (acc.overCap) ctx.markTruncated(`activity: more than ${ctx.config.activityEventCap} security events in ${ctx.region}`);
    return { aggregates: [...acc.aggregates.values()], events: acc.events.sort(byTime), total_events: acc.total, security_events_total: acc.security };
  },
  merge(parts, ctx) {
    const aggregates = new Map<string, Aggregate>();
    for (const part of parts) for (const a of part.aggregates ?? []) addAggregate(aggregates, a);
    const byId = new Map<string, SecurityEvent>();
    for (const part of parts) for (const e of part.events ?? []) byId.set(e.event_id, e);
    const events = [...byId.values()].sort(byTime);
    if (events.length > ctx.config.activityEventCap) ctx.markTruncated(`activity: more than ${ctx.config.activityEventCap} security events in the snapshot`);
    return {
      aggregates: [...aggregates.values()],
      // LookupEvents reads newest first, so each region already kept its latest events: same here
      events: events.slice(-ctx.config.activityEventCap),
      total_events: parts.reduce((n, p) => n + p.total_events, 0),
      security_events_total: parts.reduce((n, p) => n + p.security_events_total, 0),
    };
  },
};
