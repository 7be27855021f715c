import { z } from 'zod';
import { accountId, count, identifier, isoDateTime, opt, region, text } from '../common.js';

export const principalTypes = [
  'Root',
  'IAMUser',
  'AssumedRole',
  'FederatedUser',
  'AWSService',
  'AWSAccount',
  'IdentityCenterUser',
  'Unknown',
] as const;

/** CloudTrail write management events of the period, aggregated per distinct combination. */
export const activityAggregate = z.object({
  event_source: identifier,
  event_name: identifier,
  region,
  principal_arn: opt(text),
  principal_type: z.enum(principalTypes),
  source_ip: opt(text),
  user_agent: opt(text),
  error_code: opt(text),
  count: count.min(1),
  /** Sum of requested units where the event has them (RunInstances maxCount, CreateVolume size …). */
  units: opt(count),
  first_seen: isoDateTime,
  last_seen: isoDateTime,
});

/** One security-relevant event, compacted, kept in time order for sequence detection. */
export const activityEvent = z.object({
  event_id: identifier,
  event_time: isoDateTime,
  event_source: identifier,
  event_name: identifier,
  region,
  principal_arn: opt(text),
  principal_type: z.enum(principalTypes),
  principal_account_id: opt(accountId),
  source_ip: opt(text),
  user_agent: opt(text),
  error_code: opt(text),
  /** The request parameters that name resources: roleName, policyArn, bucketName, groupId, … */
  resources: z.record(z.string().max(128), text).default({}),
});

export const activitySection = z.object({
  aggregates: z.array(activityAggregate).default([]),
  events: z.array(activityEvent).default([]),
  /** Write events seen in the period (before any cap). */
  total_events: count,
  /** Security-relevant events seen; events[] holds at most the configured cap of them. */
  security_events_total: count,
});
export type ActivitySection = z.infer<typeof activitySection>;
