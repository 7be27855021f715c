// CloudTrail: LookupEvents over the day's events (newest first, 50 per page, one lookup
// attribute), and the trails with their status.
import type {
  DescribeTrailsCommandInput,
  DescribeTrailsCommandOutput,
  Event,
  GetTrailStatusCommandInput,
  GetTrailStatusCommandOutput,
  LookupEventsCommandInput,
  LookupEventsCommandOutput,
  Trail,
} from '@aws-sdk/client-cloudtrail';
import { DAY_MS } from '../dates.js';
import { cloudTrailRecord, type TrailEvent } from '../world/activity.js';
import { trailsAt, type TrailState } from '../world/security-state.js';
import type { AccountDay } from '../world/index.js';
import { handler, page, SimulatedServiceError, type CallContext, type ServiceResponders } from './types.js';

function attributeMatches(e: TrailEvent, key: string | undefined, value: string | undefined): boolean {
  if (!key) return true;
  switch (key) {
    case 'ReadOnly':
      return String(e.readOnly) === value;
    case 'EventName':
      return e.name === value;
    case 'EventSource':
      return e.source === value;
    case 'Username':
      return e.actor.username === value;
    case 'AccessKeyId':
      return e.actor.identity.accessKeyId === value;
    case 'EventId':
      return e.id === value;
    case 'ResourceName':
      return (e.resources ?? []).some((r) => r.name === value);
    case 'ResourceType':
      return (e.resources ?? []).some((r) => r.type === value);
    default:
      throw new SimulatedServiceError('InvalidLookupAttributesException', `Lookup attribute ${key} is not supported.`);
  }
}

/** Events of the account in the region between the instants, newest first. */
function eventsBetween(day: AccountDay, region: string, start: number, end: number): TrailEvent[] {
  const today = Math.floor(day.collectedAt.getTime() / DAY_MS);
  const out: TrailEvent[] = [];
  for (let d = Math.floor(start / DAY_MS); d * DAY_MS <= end && d < today; d++) {
    if ((d + 1) * DAY_MS <= start || d * DAY_MS >= end) continue;
    const source = d === day.day ? day : day.world.accountDay(day.account.id, d);
    for (const e of source.eventsIn(region)) if (e.time >= start && e.time <= end) out.push(e);
  }
  return out.reverse();
}

function toEvent(e: TrailEvent, accountId: string): Event {
  return {
    EventId: e.id,
    EventName: e.name,
    ReadOnly: String(e.readOnly),
    AccessKeyId: e.actor.identity.accessKeyId,
    EventTime: new Date(e.time),
    EventSource: e.source,
    Username: e.actor.username,
    Resources: (e.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: cloudTrailRecord(e, accountId),
  };
}

function trailsOf(ctx: CallContext): TrailState[] {
  return ctx.day.once('trails', () => trailsAt(ctx.day.seed, ctx.day.world.org, ctx.day.profile, ctx.day.day));
}

export const cloudtrail: ServiceResponders = {
  LookupEvents: handler<LookupEventsCommandInput, LookupEventsCommandOutput>((input, ctx) => {
    const attrs = input.LookupAttributes ?? [];
    if (attrs.length > 1) throw new SimulatedServiceError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
    const start = input.StartTime?.getTime() ?? ctx.day.day * DAY_MS - 90 * DAY_MS;
    const end = input.EndTime?.getTime() ?? ctx.day.collectedAt.getTime();
    if (end < start) throw new SimulatedServiceError('InvalidTimeRangeException', 'Start time must be before end time.');
    const attr = attrs[0];
    const key = `lookup:${ctx.region}:${start}:${end}:${attr?.AttributeKey ?? ''}:${attr?.AttributeValue ?? ''}`;
    const matching = ctx.day.once(key, () => eventsBetween(ctx.day, ctx.region, start, end).filter((e) => attributeMatches(e, attr?.AttributeKey, attr?.AttributeValue)));
    const { items, next } = page(matching, input.NextToken, input.MaxResults ?? 50, 50, 'ct');
    return { Events: items.map((e) => toEvent(e, ctx.day.account.id)), NextToken: next };
  }),
  DescribeTrails: handler<DescribeTrailsCommandInput, DescribeTrailsCommandOutput>((input, ctx) => {
    const shadows = input.includeShadowTrails ?? true;
    const names = input.trailNameList && input.trailNameList.length > 0 ? new Set(input.trailNameList) : undefined;
    const list: Trail[] = trailsOf(ctx)
      .filter((t) => t.homeRegion === ctx.region || (shadows && t.multiRegion))
      .filter((t) => !names || names.has(t.name) || names.has(t.arn))
      .map((t) => ({
        Name: t.name,
        S3BucketName: t.bucket,
        IncludeGlobalServiceEvents: t.multiRegion,
        IsMultiRegionTrail: t.multiRegion,
        HomeRegion: t.homeRegion,
        TrailARN: t.arn,
        LogFileValidationEnabled: t.validation,
        CloudWatchLogsLogGroupArn: t.logGroupArn,
        CloudWatchLogsRoleArn: t.logGroupArn ? `arn:aws:iam::${t.arn.split(':')[4]}:role/CloudTrailRoleForCloudWatchLogs` : undefined,
        KmsKeyId: t.kmsKeyId,
        HasCustomEventSelectors: !t.organization,
        HasInsightSelectors: false,
        IsOrganizationTrail: t.organization,
      }));
    return { trailList: list };
  }),
  GetTrailStatus: handler<GetTrailStatusCommandInput, GetTrailStatusCommandOutput>((input, ctx) => {
    const t = trailsOf(ctx).find((x) => x.arn === input.Name || x.name === input.Name);
    if (!t) throw new SimulatedServiceError('TrailNotFoundException', `Unknown trail: ${input.Name} for the user: ${ctx.day.account.id}`);
    return {
      IsLogging: t.logging,
      LatestDeliveryTime: t.latestDelivery,
      LatestDeliveryAttemptTime: t.latestDelivery.toISOString(),
      LatestDeliveryAttemptSucceeded: t.latestDelivery.toISOString(),
      LatestDigestDeliveryTime: t.validation ? t.latestDelivery : undefined,
      StartLoggingTime: t.startLogging,
      StopLoggingTime: t.stopLogging,
      TimeLoggingStarted: t.startLogging.toISOString(),
      TimeLoggingStopped: t.stopLogging?.toISOString(),
    };
  }),
};
