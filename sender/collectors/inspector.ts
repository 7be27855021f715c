// Amazon Inspector (v2): findings of this account updated in the period.
import { BatchGetAccountStatusCommand, Inspector2Client, paginateListFindings, type Finding as InspectorApiFinding } from '@aws-sdk/client-inspector2';
import type { SecuritySection } from '../../snapshot/index.js';
import { concatParts, type CollectContext, type Collector } from '../collector.js';
import { periodBounds } from '../periods.js';
import { isoTime } from './common.js';
import { SERVICE_NOT_ENABLED, ServiceNotEnabledError, inRange, isAccessDenied, oneOf, validRegion } from './security-common.js';

type Finding = NonNullable<SecuritySection['inspector']>[number];

const SEVERITY = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNTRIAGED'] as const;
const STATUS = ['ACTIVE', 'SUPPRESSED', 'CLOSED'] as const;
const FIX = ['YES', 'NO', 'PARTIAL'] as const;
/** Account states in which Inspector does not scan (ENABLING/DISABLING still hold findings). */
const OFF_STATES = new Set(['DISABLED', 'SUSPENDED']);

export const inspectorCollector: Collector<Finding[]> = {
  name: 'inspector',
  target: { section: 'security', part: 'inspector' },
  scope: 'regional',
  api: ['inspector2:BatchGetAccountStatus', 'inspector2:ListFindings'],
  notEnabledErrors: [SERVICE_NOT_ENABLED],
  granularities: ['DAILY'],
  timeSeries: false,

  async collect(ctx) {
    const client = ctx.client(Inspector2Client);
    await assertEnabled(client, ctx);

    const { start, end } = periodBounds(ctx.period);
    const filterCriteria = {
      // A delegated administrator sees member findings too: keep only this account's.
      awsAccountId: [{ comparison: 'EQUALS' as const, value: ctx.accountId }],
      // endInclusive: the last millisecond of the period.
      updatedAt: [{ startInclusive: start, endInclusive: new Date(end.getTime() - 1) }],
    };
    const findings: Finding[] = [];
    let unknownStatus = 0;
    for await (const page of paginateListFindings({ client, pageSize: 100 }, { filterCriteria, maxResults: 100 })) {
      for (const raw of page.findings ?? []) {
        const finding = mapFinding(raw, ctx.region);
        if (finding) findings.push(finding);
        else unknownStatus += 1;
      }
    }
    if (unknownStatus > 0) ctx.markTruncated(`inspector: ${unknownStatus} findings without an ARN, first-observed time or known status were skipped`);
    return findings;
  },

  merge: concatParts,
};

/**
 * Inspector's "not enabled" is not a distinct error: depending on the account, ListFindings either
 * returns an empty list or AccessDeniedException with varying wording. Instead of matching
 * messages we ask the service: BatchGetAccountStatus says DISABLED/SUSPENDED when Inspector is off.
 * If that call itself is denied the status stays unknown and ListFindings decides the outcome.
 */
async function assertEnabled(client: Inspector2Client, ctx: CollectContext): Promise<void> {
  let status: string | undefined;
  try {
    const res = await client.send(new BatchGetAccountStatusCommand({ accountIds: [ctx.accountId] }));
    status = res.accounts?.find((a) => a.accountId === ctx.accountId)?.state?.status;
  } catch (error) {
    if (!isAccessDenied(error)) throw error;
  }
  if (status && OFF_STATES.has(status)) throw new ServiceNotEnabledError(`Amazon Inspector is ${status} for ${ctx.accountId} in ${ctx.region}`);
}

export function mapFinding(f: InspectorApiFinding, fallbackRegion: string): Finding | null {
  const status = oneOf(f.status, STATUS);
  const firstObserved = isoTime(f.firstObservedAt);
  if (!f.findingArn || !status || !firstObserved) return null;
  const lastObserved = isoTime(f.lastObservedAt);
  const resource = f.resources?.[0];
  return {
    arn: f.findingArn,
    type: f.type ?? null,
    // UNTRIAGED is Inspector's own "no severity yet".
    severity: oneOf(f.severity, SEVERITY) ?? 'UNTRIAGED',
    status,
    title: f.title ?? f.packageVulnerabilityDetails?.vulnerabilityId ?? '',
    description: f.description ?? null,
    region: validRegion(resource?.region) ?? fallbackRegion,
    resource_type: resource?.type ?? null,
    resource_id: resource?.id ?? null,
    vulnerability_id: f.packageVulnerabilityDetails?.vulnerabilityId ?? null,
    inspector_score: inRange(f.inspectorScore, 0, 10),
    exploit_available: f.exploitAvailable === 'YES' ? true : f.exploitAvailable === 'NO' ? false : null,
    fix_available: oneOf(f.fixAvailable, FIX),
    first_observed_at: firstObserved,
    last_observed_at: lastObserved,
    updated_at: isoTime(f.updatedAt) ?? lastObserved ?? firstObserved,
  };
}
