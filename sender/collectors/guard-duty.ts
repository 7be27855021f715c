// GuardDuty: every finding of this account updated in the period, from each detector of the region.
import { GetFindingsCommand, GuardDutyClient, paginateListDetectors, paginateListFindings, type Finding as GuardDutyApiFinding, type Resource } from '@aws-sdk/client-guardduty';
import type { SecuritySection } from '../../snapshot/index.js';
import { concatParts, type Collector } from '../collector.js';
import { periodBounds } from '../periods.js';
import { chunk, isoTime } from './common.js';
import { SERVICE_NOT_ENABLED, ServiceNotEnabledError, inRange, validRegion } from './security-common.js';

type Finding = NonNullable<SecuritySection['guard_duty']>[number];

/** GetFindings accepts at most 50 finding ids per call. */
const GET_FINDINGS_BATCH = 50;

export const guardDutyCollector: Collector<Finding[]> = {
  name: 'guard_duty',
  target: { section: 'security', part: 'guard_duty' },
  scope: 'regional',
  api: ['guardduty:ListDetectors', 'guardduty:ListFindings', 'guardduty:GetFindings'],
  // GuardDuty has no "not enabled" error: a region without a detector is reported by the collector.
  notEnabledErrors: [SERVICE_NOT_ENABLED],
  granularities: ['DAILY'],
  timeSeries: false,

  async collect(ctx) {
    const client = ctx.client(GuardDutyClient);
    const detectorIds: string[] = [];
    for await (const page of paginateListDetectors({ client, pageSize: 50 }, { MaxResults: 50 })) detectorIds.push(...(page.DetectorIds ?? []));
    if (detectorIds.length === 0) throw new ServiceNotEnabledError(`GuardDuty has no detector in ${ctx.region}`);

    const { start, end } = periodBounds(ctx.period);
    const findings: Finding[] = [];
    for (const detectorId of detectorIds) {
      const ids = new Set<string>();
      const criteria = {
        Criterion: {
          updatedAt: { GreaterThanOrEqual: start.getTime(), LessThan: end.getTime() },
          // An administrator detector also lists its members' findings: keep only this account's.
          accountId: { Equals: [ctx.accountId] },
        },
      };
      for await (const page of paginateListFindings({ client, pageSize: 50 }, { DetectorId: detectorId, FindingCriteria: criteria, MaxResults: 50 })) {
        for (const id of page.FindingIds ?? []) ids.add(id);
      }
      for (const batch of chunk([...ids], GET_FINDINGS_BATCH)) {
        const page = await client.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: batch }));
        for (const raw of page.Findings ?? []) {
          const finding = mapFinding(raw, detectorId, ctx.region);
          if (finding) findings.push(finding);
        }
      }
    }
    return findings;
  },

  merge: concatParts,
};

export function mapFinding(f: GuardDutyApiFinding, detectorId: string, fallbackRegion: string): Finding | null {
  const updatedAt = isoTime(f.UpdatedAt);
  const createdAt = isoTime(f.CreatedAt) ?? updatedAt;
  if (!f.Id || !updatedAt || !createdAt) return null;
  const count = f.Service?.Count;
  return {
    id: f.Id,
    detector_id: f.Service?.DetectorId ?? detectorId,
    type: f.Type ?? '',
    severity: Math.min(10, Math.max(0, f.Severity ?? 0)),
    title: f.Title ?? f.Type ?? '',
    description: f.Description ?? null,
    region: validRegion(f.Region) ?? fallbackRegion,
    resource_type: f.Resource?.ResourceType ?? null,
    resource_id: resourceId(f.Resource),
    confidence: inRange(f.Confidence, 0, 10),
    count: typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : 1,
    archived: f.Service?.Archived ?? false,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

/** The identifier of the affected resource, from whichever resource detail the finding type fills. */
function resourceId(r: Resource | undefined): string | null {
  if (!r) return null;
  return (
    r.InstanceDetails?.InstanceId ??
    r.AccessKeyDetails?.AccessKeyId ??
    r.S3BucketDetails?.find((b) => b.Name)?.Name ??
    r.EksClusterDetails?.Name ??
    r.EcsClusterDetails?.Name ??
    r.LambdaDetails?.FunctionName ??
    r.RdsDbInstanceDetails?.DbInstanceIdentifier ??
    r.RdsLimitlessDbDetails?.DbShardGroupIdentifier ??
    r.ContainerDetails?.Id ??
    r.EbsSnapshotDetails?.SnapshotArn ??
    r.Ec2ImageDetails?.ImageArn ??
    r.AccessKeyDetails?.UserName ??
    null
  );
}
