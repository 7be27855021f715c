// Compute Optimizer recommendations for EC2 instances, EBS volumes and Lambda functions, with the
// best-ranked option and its savings. Full state, per region.
import {
  ComputeOptimizerClient,
  GetEBSVolumeRecommendationsCommand,
  GetEC2InstanceRecommendationsCommand,
  paginateGetLambdaFunctionRecommendations,
  type GetRecommendationError,
  type SavingsOpportunity,
} from '@aws-sdk/client-compute-optimizer';
import type { z } from 'zod';
import type { computeOptimizerRecommendation, computeOptimizerSection } from '../../snapshot/index.js';
import { concatParts, type Collector, type CollectContext } from '../collector.js';
import { pagesOf } from '../pagination.js';
import { countOrNull, numberOrNull, percentOrNull, settleAll, uniqueBy } from './common.js';

type Recommendation = z.input<typeof computeOptimizerRecommendation>;

/** The API's maximum page size. */
const PAGE = 1000;

/** The option Compute Optimizer ranks best (rank 1); the list is ranked, so the first if ranks are absent. */
function best<O extends { rank?: number | undefined }>(options: readonly O[] | undefined): O | undefined {
  if (!options?.length) return undefined;
  return [...options].sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER))[0];
}

/** The value of one utilization metric with one statistic, e.g. Cpu / Maximum. */
function metric(metrics: readonly { name?: string | undefined; statistic?: string | undefined; value?: number | undefined }[] | undefined, name: string, statistic: string): number | null {
  return numberOrNull(metrics?.find((m) => m.name === name && m.statistic === statistic)?.value);
}

function savings(s: SavingsOpportunity | undefined): Pick<Recommendation, 'savings_opportunity_pct' | 'estimated_monthly_savings' | 'currency'> {
  return {
    savings_opportunity_pct: percentOrNull(s?.savingsOpportunityPercentage),
    estimated_monthly_savings: numberOrNull(s?.estimatedMonthlySavings?.value),
    currency: s?.estimatedMonthlySavings?.currency ?? 'USD',
  };
}

/** Compute Optimizer's risk of the recommended option: 0 (none) to 4 (very high). */
function risk(value: number | undefined): number | null {
  const v = numberOrNull(value);
  return v === null ? null : Math.min(4, Math.max(0, v));
}

function base(resourceType: Recommendation['resource_type'], arn: string, region: string): Recommendation {
  return {
    resource_type: resourceType,
    resource_arn: arn,
    resource_name: null,
    region,
    finding: '',
    finding_reasons: [],
    current_instance_type: null,
    current_memory_mb: null,
    current_volume_type: null,
    current_volume_size_gb: null,
    recommended_instance_type: null,
    recommended_memory_mb: null,
    recommended_volume_type: null,
    recommended_volume_size_gb: null,
    savings_opportunity_pct: null,
    estimated_monthly_savings: null,
    currency: 'USD',
    performance_risk: null,
    cpu_utilization_max: null,
    memory_utilization_max: null,
    lookback_days: null,
  };
}

/** Per-resource errors come back in the page, not as an exception: those resources are unknown. */
function noteErrors(ctx: CollectContext, kind: string, errors: GetRecommendationError[]): void {
  if (errors.length > 0) ctx.markTruncated(`compute_optimizer: ${errors.length} ${kind} recommendation(s) failed: ${errors[0]?.code ?? ''} ${errors[0]?.message ?? ''}`.trim());
}

async function ec2(ctx: CollectContext): Promise<Recommendation[]> {
  const client = ctx.client(ComputeOptimizerClient);
  const out: Recommendation[] = [];
  const errors: GetRecommendationError[] = [];
  // GetEC2InstanceRecommendations has no SDK paginator.
  for await (const page of pagesOf((nextToken) => client.send(new GetEC2InstanceRecommendationsCommand({ nextToken, maxResults: PAGE })), (p) => p.nextToken)) {
    errors.push(...(page.errors ?? []));
    for (const r of page.instanceRecommendations ?? []) {
      if (!r.instanceArn || !r.finding) continue;
      const option = best(r.recommendationOptions);
      out.push({
        ...base('EC2', r.instanceArn, ctx.region),
        resource_name: r.instanceName || null,
        finding: r.finding,
        finding_reasons: r.findingReasonCodes ?? [],
        current_instance_type: r.currentInstanceType ?? null,
        recommended_instance_type: option?.instanceType ?? null,
        ...savings(option?.savingsOpportunity),
        performance_risk: risk(option?.performanceRisk),
        cpu_utilization_max: percentOrNull(metric(r.utilizationMetrics, 'Cpu', 'Maximum')),
        // Only reported when the CloudWatch agent publishes memory; a maximum, not an average.
        memory_utilization_max: percentOrNull(metric(r.utilizationMetrics, 'Memory', 'Maximum')),
        lookback_days: numberOrNull(r.lookBackPeriodInDays),
      });
    }
  }
  noteErrors(ctx, 'EC2', errors);
  return out;
}

async function ebs(ctx: CollectContext): Promise<Recommendation[]> {
  const client = ctx.client(ComputeOptimizerClient);
  const out: Recommendation[] = [];
  const errors: GetRecommendationError[] = [];
  // GetEBSVolumeRecommendations has no SDK paginator.
  for await (const page of pagesOf((nextToken) => client.send(new GetEBSVolumeRecommendationsCommand({ nextToken, maxResults: PAGE })), (p) => p.nextToken)) {
    errors.push(...(page.errors ?? []));
    for (const r of page.volumeRecommendations ?? []) {
      if (!r.volumeArn || !r.finding) continue;
      const option = best(r.volumeRecommendationOptions);
      out.push({
        ...base('EBS', r.volumeArn, ctx.region),
        // The volume id: volumes have no name of their own here.
        resource_name: r.volumeArn.split('/').pop() || null,
        finding: r.finding,
        current_volume_type: r.currentConfiguration?.volumeType ?? null,
        current_volume_size_gb: countOrNull(r.currentConfiguration?.volumeSize),
        recommended_volume_type: option?.configuration?.volumeType ?? null,
        recommended_volume_size_gb: countOrNull(option?.configuration?.volumeSize),
        ...savings(option?.savingsOpportunity),
        performance_risk: risk(option?.performanceRisk),
        lookback_days: numberOrNull(r.lookBackPeriodInDays),
      });
    }
  }
  noteErrors(ctx, 'EBS', errors);
  return out;
}

async function lambda(ctx: CollectContext): Promise<Recommendation[]> {
  const out: Recommendation[] = [];
  for await (const page of paginateGetLambdaFunctionRecommendations({ client: ctx.client(ComputeOptimizerClient), pageSize: PAGE }, {})) {
    for (const r of page.lambdaFunctionRecommendations ?? []) {
      if (!r.functionArn || !r.finding) continue;
      const option = best(r.memorySizeRecommendationOptions);
      const current = countOrNull(r.currentMemorySize);
      // Lambda reports memory used in MB; as a share of the configured memory it is a utilization.
      const usedMb = metric(r.utilizationMetrics, 'Memory', 'Maximum');
      out.push({
        ...base('Lambda', r.functionArn, ctx.region),
        // arn:aws:lambda:region:account:function:name[:version]
        resource_name: r.functionArn.split(':')[6] ?? null,
        finding: r.finding,
        finding_reasons: r.findingReasonCodes ?? [],
        current_memory_mb: current,
        recommended_memory_mb: countOrNull(option?.memorySize),
        ...savings(option?.savingsOpportunity),
        // Lambda options carry no performance risk (only the current one is rated).
        memory_utilization_max: usedMb !== null && current ? percentOrNull((usedMb / current) * 100) : null,
        lookback_days: numberOrNull(r.lookbackPeriodInDays),
      });
    }
  }
  return out;
}

export const computeOptimizerCollector: Collector<Recommendation[], z.input<typeof computeOptimizerSection>> = {
  name: 'compute_optimizer',
  target: { section: 'compute_optimizer' },
  scope: 'regional',
  api: [
    'compute-optimizer:GetEC2InstanceRecommendations',
    'compute-optimizer:GetEBSVolumeRecommendations',
    'compute-optimizer:GetLambdaFunctionRecommendations',
    // Not called by us: IAM dependencies of the three Get*Recommendations actions (the sender's
    // policy is built from `api`; without them Compute Optimizer answers AccessDenied).
    'ec2:DescribeInstances',
    'ec2:DescribeVolumes',
    'lambda:ListFunctions',
    'lambda:ListProvisionedConcurrencyConfigs',
  ],
  notEnabledErrors: ['OptInRequiredException'],
  timeSeries: false,
  granularities: ['DAILY'],
  async collect(ctx) {
    // One kind failing (e.g. denied) keeps the others; all failing (not opted in) fails the run.
    const rows = await settleAll(ctx, { 'EC2 recommendations': () => ec2(ctx), 'EBS recommendations': () => ebs(ctx), 'Lambda recommendations': () => lambda(ctx) });
    return uniqueBy(rows, (r) => r.resource_arn);
  },
  merge: concatParts,
};
