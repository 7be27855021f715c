// CloudTrail: every trail this account can see, each reported once (by its home region), with its
// logging status.
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, type GetTrailStatusCommandOutput, type Trail } from '@aws-sdk/client-cloudtrail';
import type { SecuritySection } from '../../snapshot/index.js';
import type { CollectContext, Collector } from '../collector.js';
import { errorName, isoTime } from './common.js';
import { validRegion } from './security-common.js';

type CloudTrailTrail = NonNullable<SecuritySection['cloudtrail']>[number];

/**
 * GetTrailStatus on an organization trail from a member account may be refused as unknown trail or
 * as an ARN of another account; the trail is still reported, its status unknown.
 */
const STATUS_UNAVAILABLE = new Set(['TrailNotFoundException', 'CloudTrailARNInvalidException']);

export const cloudtrailCollector: Collector<CloudTrailTrail[]> = {
  name: 'cloudtrail',
  target: { section: 'security', part: 'cloudtrail' },
  scope: 'regional',
  api: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus'],
  granularities: ['DAILY'],
  timeSeries: false,

  async collect(ctx) {
    const client = ctx.client(CloudTrailClient);
    // includeShadowTrails must stay true: with false, a member account does not see the
    // organization trail at all. Shadows are dropped below by home region instead.
    const { trailList } = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    const trails: CloudTrailTrail[] = [];
    for (const trail of trailList ?? []) {
      if (!trail.TrailARN || !trail.Name || !reportsHere(trail, ctx)) continue;
      let status: GetTrailStatusCommandOutput | undefined;
      try {
        // The ARN, not the name: required for trails of other regions and other accounts.
        status = await client.send(new GetTrailStatusCommand({ Name: trail.TrailARN }));
      } catch (error) {
        if (!STATUS_UNAVAILABLE.has(errorName(error) ?? '')) throw error;
      }
      trails.push(mapTrail(trail, status, ctx.region));
    }
    return trails;
  },

  // Each trail is owned by exactly one region already; the dedupe guards against overlapping runs.
  merge: (parts) => [...new Map(parts.flat().map((t) => [t.arn, t])).values()],
};

/**
 * A trail is reported by its home region. A trail homed in a region outside the snapshot's regions
 * is still visible as a shadow elsewhere (multi-region and organization trails): the first region
 * of the snapshot reports it so it is not lost.
 */
function reportsHere(trail: Trail, ctx: Pick<CollectContext, 'region' | 'regions'>): boolean {
  const home = trail.HomeRegion ?? ctx.region;
  if (home === ctx.region) return true;
  return !ctx.regions.includes(home) && ctx.region === ctx.regions[0];
}

export function mapTrail(trail: Trail, status: GetTrailStatusCommandOutput | undefined, region: string): CloudTrailTrail {
  return {
    arn: trail.TrailARN ?? '',
    name: trail.Name ?? '',
    home_region: validRegion(trail.HomeRegion) ?? region,
    is_logging: status?.IsLogging ?? null,
    is_multi_region: trail.IsMultiRegionTrail ?? false,
    is_organization_trail: trail.IsOrganizationTrail ?? false,
    include_global_events: trail.IncludeGlobalServiceEvents ?? null,
    log_file_validation: trail.LogFileValidationEnabled ?? null,
    s3_bucket: trail.S3BucketName ?? null,
    kms_key_id: trail.KmsKeyId ?? null,
    cloudwatch_logs_log_group_arn: trail.CloudWatchLogsLogGroupArn ?? null,
    latest_delivery_time: isoTime(status?.LatestDeliveryTime),
    latest_delivery_error: status?.LatestDeliveryError || null,
    start_logging_time: isoTime(status?.StartLoggingTime),
    stop_logging_time: isoTime(status?.StopLoggingTime),
  };
}
