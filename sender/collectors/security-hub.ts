// Security Hub: findings of this account updated in the period (active and archived), with a
// per-product summary of them.
import { SecurityHubClient, paginateGetFindings, type AwsSecurityFinding, type AwsSecurityFindingFilters } from '@aws-sdk/client-securityhub';
import { severityLabels, type SecuritySection } from '../../snapshot/index.js';
import type { Collector } from '../collector.js';
import { periodBounds } from '../periods.js';
import { isoTime } from './common.js';
import { inRange, oneOf, validRegion } from './security-common.js';

export type SecurityHubPart = NonNullable<SecuritySection['security_hub']>;
type Finding = SecurityHubPart['findings'][number];
type ProductSummary = SecurityHubPart['products'][number];
type SeverityLabel = (typeof severityLabels)[number];

const WORKFLOW = ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'] as const;
const RECORD_STATE = ['ACTIVE', 'ARCHIVED'] as const;
const COMPLIANCE = ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'] as const;

export const securityHubCollector: Collector<SecurityHubPart> = {
  name: 'security_hub',
  target: { section: 'security', part: 'security_hub' },
  scope: 'regional',
  api: ['securityhub:GetFindings'],
  // Security Hub answers "not subscribed" with InvalidAccessException; a hub that was never
  // created in the region can also surface as ResourceNotFoundException.
  notEnabledErrors: ['InvalidAccessException', 'ResourceNotFoundException'],
  granularities: ['DAILY'],
  timeSeries: false,

  async collect(ctx) {
    const client = ctx.client(SecurityHubClient);
    const { start, end } = periodBounds(ctx.period);
    const filters: AwsSecurityFindingFilters = {
      // DateFilter.End is inclusive; findings updated exactly at `end` are dropped below.
      UpdatedAt: [{ Start: start.toISOString(), End: end.toISOString() }],
      // A delegated administrator sees member findings too: keep only this account's.
      AwsAccountId: [{ Value: ctx.accountId, Comparison: 'EQUALS' }],
      // Several EQUALS values of one field are OR-ed.
      RecordState: RECORD_STATE.map((Value) => ({ Value, Comparison: 'EQUALS' as const })),
    };
    const byId = new Map<string, Finding>();
    for await (const page of paginateGetFindings({ client, pageSize: 100 }, { Filters: filters, MaxResults: 100 })) {
      for (const raw of page.Findings ?? []) {
        const finding = mapFinding(raw, ctx.region);
        if (finding && Date.parse(finding.updated_at) < end.getTime()) byId.set(finding.id, finding);
      }
    }
    const findings = [...byId.values()];
    return { products: summarize(findings), findings };
  },

  merge(parts) {
    // With cross-Region aggregation the aggregator region also returns the linked regions'
    // findings, so the same finding can come from two regions: keep one, then summarise once.
    const byId = new Map<string, Finding>();
    for (const f of parts.flatMap((p) => p.findings)) {
      const seen = byId.get(f.id);
      if (!seen || Date.parse(f.updated_at) > Date.parse(seen.updated_at)) byId.set(f.id, f);
    }
    const findings = [...byId.values()];
    return { products: summarize(findings), findings };
  },
};

export function mapFinding(f: AwsSecurityFinding, fallbackRegion: string): Finding | null {
  const updatedAt = isoTime(f.UpdatedAt);
  const createdAt = isoTime(f.CreatedAt) ?? updatedAt;
  if (!f.Id || !updatedAt || !createdAt) return null;
  // The contract keeps one resource per finding (the primary one, listed first); findings that
  // touch several resources lose the others until the contract grows a resources list.
  const resource = f.Resources?.[0];
  return {
    id: f.Id,
    product_arn: f.ProductArn ?? null,
    product_name: productName(f),
    company_name: f.CompanyName ?? null,
    generator_id: f.GeneratorId ?? null,
    title: f.Title ?? '',
    description: f.Description ?? null,
    severity: severityLabel(f.Severity?.Label, f.Severity?.Normalized),
    severity_normalized: normalizedSeverity(f.Severity?.Normalized),
    workflow_status: oneOf(f.Workflow?.Status, WORKFLOW),
    record_state: oneOf(f.RecordState, RECORD_STATE),
    compliance_status: oneOf(f.Compliance?.Status, COMPLIANCE),
    resource_type: resource?.Type ?? null,
    resource_id: resource?.Id ?? null,
    region: validRegion(f.Region) ?? fallbackRegion,
    types: f.Types ?? [],
    remediation: f.Remediation?.Recommendation?.Text ?? null,
    remediation_url: f.Remediation?.Recommendation?.Url ?? null,
    created_at: createdAt,
    updated_at: updatedAt,
    first_observed_at: isoTime(f.FirstObservedAt),
    last_observed_at: isoTime(f.LastObservedAt),
  };
}

/** ProductName is optional in ASFF; fall back to the product fields, then to the ARN's product path. */
function productName(f: AwsSecurityFinding): string {
  const name = f.ProductName ?? f.ProductFields?.['aws/securityhub/ProductName'] ?? f.ProductArn?.split(':product/')[1] ?? 'Unknown';
  return (name || 'Unknown').slice(0, 512);
}

/** Label, or derived from Normalized with ASFF's documented ranges when a product sends only that. */
function severityLabel(label: string | undefined, normalized: number | undefined): SeverityLabel {
  const known = oneOf(label, severityLabels);
  if (known) return known;
  const n = normalized ?? 0;
  if (n >= 90) return 'CRITICAL';
  if (n >= 70) return 'HIGH';
  if (n >= 40) return 'MEDIUM';
  if (n >= 1) return 'LOW';
  return 'INFORMATIONAL';
}

function normalizedSeverity(n: number | undefined): number | null {
  const v = inRange(n, 0, 100);
  return v === null ? null : Math.round(v);
}

/**
 * Per-product counts. open, resolved and suppressed are disjoint so they can be stacked:
 * suppressed = workflow SUPPRESSED (in any record state); resolved = workflow RESOLVED or record
 * ARCHIVED (unless suppressed); open = workflow NEW/NOTIFIED (or none yet) on an ACTIVE record.
 */
export function summarize(findings: readonly Finding[]): ProductSummary[] {
  const byProduct = new Map<string, ProductSummary>();
  for (const f of findings) {
    let s = byProduct.get(f.product_name);
    if (!s) {
      s = { product_name: f.product_name, total: 0, critical: 0, high: 0, medium: 0, low: 0, informational: 0, open: 0, resolved: 0, suppressed: 0 };
      byProduct.set(f.product_name, s);
    }
    s.total += 1;
    s[f.severity.toLowerCase() as Lowercase<SeverityLabel>] += 1;
    if (f.workflow_status === 'SUPPRESSED') s.suppressed += 1;
    else if (f.workflow_status === 'RESOLVED' || f.record_state === 'ARCHIVED') s.resolved += 1;
    else s.open += 1;
  }
  return [...byProduct.values()].sort((a, b) => a.product_name.localeCompare(b.product_name));
}
