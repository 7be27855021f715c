// Compute Optimizer, Support (Trusted Advisor and cases), Health, Application Signals and
// Resilience Hub. Accounts without Business support get SubscriptionRequiredException from the
// Support and Health APIs, as AWS answers them; sandbox accounts are not opted in to Compute Optimizer.
import type {
  GetEBSVolumeRecommendationsCommandInput,
  GetEBSVolumeRecommendationsCommandOutput,
  GetEC2InstanceRecommendationsCommandInput,
  GetEC2InstanceRecommendationsCommandOutput,
  GetLambdaFunctionRecommendationsCommandInput,
  GetLambdaFunctionRecommendationsCommandOutput,
} from '@aws-sdk/client-compute-optimizer';
import type {
  DescribeCasesCommandInput,
  DescribeCasesCommandOutput,
  DescribeTrustedAdvisorCheckResultCommandInput,
  DescribeTrustedAdvisorCheckResultCommandOutput,
  DescribeTrustedAdvisorChecksCommandInput,
  DescribeTrustedAdvisorChecksCommandOutput,
  DescribeTrustedAdvisorCheckSummariesCommandInput,
  DescribeTrustedAdvisorCheckSummariesCommandOutput,
  TrustedAdvisorCheckSummary,
} from '@aws-sdk/client-support';
import type {
  DescribeAffectedEntitiesCommandInput,
  DescribeAffectedEntitiesCommandOutput,
  DescribeEntityAggregatesCommandInput,
  DescribeEntityAggregatesCommandOutput,
  DescribeEventsCommandInput,
  DescribeEventsCommandOutput,
  DateTimeRange,
} from '@aws-sdk/client-health';
import type { ListServicesCommandInput, ListServicesCommandOutput } from '@aws-sdk/client-application-signals';
import type {
  DescribeAppCommandInput,
  DescribeAppCommandOutput,
  DescribeResiliencyPolicyCommandInput,
  DescribeResiliencyPolicyCommandOutput,
  ListAppsCommandInput,
  ListAppsCommandOutput,
} from '@aws-sdk/client-resiliencehub';
import { DAY_MS } from '../dates.js';
import {
  applicationSignalsAt,
  ebsRecommendations,
  ec2Recommendations,
  healthEventsAt,
  lambdaRecommendations,
  resilienceAppsAt,
  supportCasesAt,
  trustedAdvisorAt,
  TRUSTED_ADVISOR_CHECKS,
  EC2_SHAPES,
  type HealthEventState,
  type ResilienceApp,
  type TrustedAdvisorResult,
} from '../world/operations.js';
import type { AccountDay } from '../world/index.js';
import { handler, page, SimulatedServiceError, type CallContext, type ServiceResponders } from './types.js';

function optedIn(day: AccountDay): void {
  if (!day.account.computeOptimizer) throw new SimulatedServiceError('OptInRequiredException', 'The account is not opted in to the Compute Optimizer service.');
}

function lastRefresh(day: AccountDay): Date {
  return new Date(day.day * DAY_MS + 6 * 3600_000 + (day.account.index % 60) * 60_000);
}

export const computeOptimizer: ServiceResponders = {
  GetEC2InstanceRecommendations: handler<GetEC2InstanceRecommendationsCommandInput, GetEC2InstanceRecommendationsCommandOutput>((input, { day, region }) => {
    optedIn(day);
    const recs = day.once(`co-ec2:${region}`, () => ec2Recommendations(day.seed, day.profile, region, day.instances));
    const { items, next } = page(recs, input.nextToken, input.maxResults, 1000, 'co-ec2');
    return {
      instanceRecommendations: items.map((r) => ({
        instanceArn: `arn:aws:ec2:${region}:${day.account.id}:instance/${r.instance.id}`,
        accountId: day.account.id,
        instanceName: r.instance.slot.name,
        currentInstanceType: r.instance.slot.type,
        finding: r.finding,
        findingReasonCodes: r.reasons as never,
        utilizationMetrics: [{ name: 'Cpu', statistic: 'Maximum', value: r.cpuMax }, ...(r.memMax !== undefined ? [{ name: 'Memory' as const, statistic: 'Maximum' as const, value: r.memMax }] : [])],
        lookBackPeriodInDays: 14,
        recommendationOptions: [
          {
            instanceType: r.recommended,
            projectedUtilizationMetrics: [{ name: 'Cpu', statistic: 'Maximum', value: Math.min(100, r.cpuMax * ((EC2_SHAPES[r.instance.slot.type]?.vcpu ?? 2) / (EC2_SHAPES[r.recommended]?.vcpu ?? 2))) }],
            performanceRisk: r.risk,
            rank: 1,
            savingsOpportunity: { savingsOpportunityPercentage: r.savingsPct, estimatedMonthlySavings: { currency: 'USD', value: r.monthlySavings } },
            migrationEffort: r.recommended.split('.')[0] === r.instance.slot.type.split('.')[0] ? 'VeryLow' : 'Low',
          },
        ],
        recommendationSources: [{ recommendationSourceArn: `arn:aws:ec2:${region}:${day.account.id}:instance/${r.instance.id}`, recommendationSourceType: 'Ec2Instance' }],
        lastRefreshTimestamp: lastRefresh(day),
        currentPerformanceRisk: r.finding === 'Underprovisioned' ? 'High' : 'VeryLow',
        instanceState: r.instance.state,
      })),
      errors: [],
      nextToken: next,
    };
  }),
  GetEBSVolumeRecommendations: handler<GetEBSVolumeRecommendationsCommandInput, GetEBSVolumeRecommendationsCommandOutput>((input, { day, region }) => {
    optedIn(day);
    const recs = day.once(`co-ebs:${region}`, () => ebsRecommendations(day.seed, day.profile, region, day.volumes, day.day));
    const { items, next } = page(recs, input.nextToken, input.maxResults, 1000, 'co-ebs');
    return {
      volumeRecommendations: items.map((r) => ({
        volumeArn: `arn:aws:ec2:${region}:${day.account.id}:volume/${r.volume.id}`,
        accountId: day.account.id,
        currentConfiguration: { volumeType: r.volume.volumeType, volumeSize: r.volume.sizeGb, volumeBaselineIOPS: 3000, volumeBurstIOPS: 3000, volumeBaselineThroughput: 125, volumeBurstThroughput: 125 },
        finding: r.finding,
        utilizationMetrics: [{ name: 'VolumeReadOpsPerSecond', statistic: 'Maximum', value: 120 }],
        lookBackPeriodInDays: 14,
        volumeRecommendationOptions: [{ configuration: { volumeType: r.recommendedType, volumeSize: r.recommendedSize, volumeBaselineIOPS: 3000, volumeBurstIOPS: 3000, volumeBaselineThroughput: 125, volumeBurstThroughput: 125 }, performanceRisk: 0, rank: 1, savingsOpportunity: { savingsOpportunityPercentage: r.savingsPct, estimatedMonthlySavings: { currency: 'USD', value: r.monthlySavings } } }],
        lastRefreshTimestamp: lastRefresh(day),
        currentPerformanceRisk: 'VeryLow',
      })),
      errors: [],
      nextToken: next,
    };
  }),
  GetLambdaFunctionRecommendations: handler<GetLambdaFunctionRecommendationsCommandInput, GetLambdaFunctionRecommendationsCommandOutput>((input, { day, region }) => {
    optedIn(day);
    const recs = day.once(`co-lambda:${region}`, () => lambdaRecommendations(day.seed, day.profile, region));
    const { items, next } = page(recs, input.nextToken, input.maxResults, 1000, 'co-lambda');
    return {
      lambdaFunctionRecommendations: items.map((r) => ({
        functionArn: r.arn,
        functionVersion: '$LATEST',
        accountId: day.account.id,
        currentMemorySize: r.current,
        numberOfInvocations: Math.round(day.profile.lambdaRequestsPerDay * 14 * (day.profile.functions.find((f) => f.name === r.name)?.share ?? 0)),
        utilizationMetrics: [
          { name: 'Memory', statistic: 'Maximum', value: r.usedMb },
          { name: 'Duration', statistic: 'Average', value: 180 },
        ],
        lookbackPeriodInDays: 14,
        lastRefreshTimestamp: lastRefresh(day),
        finding: r.finding,
        findingReasonCodes: r.reasons as never,
        memorySizeRecommendationOptions: r.finding === 'NotOptimized' ? [{ rank: 1, memorySize: r.recommended, savingsOpportunity: { savingsOpportunityPercentage: r.savingsPct, estimatedMonthlySavings: { currency: 'USD', value: r.monthlySavings } } }] : [],
        currentPerformanceRisk: 'VeryLow',
      })),
      nextToken: next,
    };
  }),
};

function businessSupport(day: AccountDay): void {
  if (day.account.support !== 'business' && day.account.support !== 'enterprise') throw new SimulatedServiceError('SubscriptionRequiredException', 'AWS Premium Support Subscription is required to use this service.');
}

function taOf(day: AccountDay): TrustedAdvisorResult[] {
  return day.once('ta', () => {
    const recs = day.account.regions.flatMap((r) => ec2Recommendations(day.seed, day.profile, r, day.instances));
    return trustedAdvisorAt(day.seed, day.profile, day.instances, day.volumes, recs, day.day);
  });
}

function taSummary(r: TrustedAdvisorResult): TrustedAdvisorCheckSummary {
  return {
    checkId: r.check.id,
    timestamp: r.timestamp.toISOString(),
    status: r.status,
    hasFlaggedResources: r.flagged > 0,
    resourcesSummary: { resourcesProcessed: r.processed, resourcesFlagged: r.flagged, resourcesIgnored: 0, resourcesSuppressed: 0 },
    categorySpecificSummary: r.check.category === 'cost_optimizing' ? { costOptimizing: { estimatedMonthlySavings: r.savings ?? 0, estimatedPercentMonthlySavings: r.flagged > 0 ? 10 : 0 } } : {},
  };
}

function iso(d: Date): string {
  return d.toISOString();
}

export const support: ServiceResponders = {
  DescribeTrustedAdvisorChecks: handler<DescribeTrustedAdvisorChecksCommandInput, DescribeTrustedAdvisorChecksCommandOutput>((_input, { day }) => {
    businessSupport(day);
    return { checks: TRUSTED_ADVISOR_CHECKS.map((c) => ({ id: c.id, name: c.name, description: c.description, category: c.category, metadata: c.metadata })) };
  }),
  DescribeTrustedAdvisorCheckSummaries: handler<DescribeTrustedAdvisorCheckSummariesCommandInput, DescribeTrustedAdvisorCheckSummariesCommandOutput>((input, { day }) => {
    businessSupport(day);
    const wanted = new Set(input.checkIds ?? []);
    return { summaries: taOf(day).filter((r) => wanted.has(r.check.id)).map(taSummary) };
  }),
  DescribeTrustedAdvisorCheckResult: handler<DescribeTrustedAdvisorCheckResultCommandInput, DescribeTrustedAdvisorCheckResultCommandOutput>((input, { day }) => {
    businessSupport(day);
    const r = taOf(day).find((x) => x.check.id === input.checkId);
    if (!r) throw new SimulatedServiceError('InvalidParameterValueException', `Invalid check id: ${input.checkId ?? ''}`);
    const s = taSummary(r);
    return {
      result: {
        checkId: r.check.id,
        timestamp: s.timestamp,
        status: r.status,
        resourcesSummary: s.resourcesSummary,
        categorySpecificSummary: s.categorySpecificSummary,
        flaggedResources: Array.from({ length: r.flagged }, (_, i) => ({ status: r.status === 'error' ? 'error' : 'warning', region: day.account.regions[0], resourceId: `${r.check.id}-${i}`, isSuppressed: false, metadata: r.check.metadata.map(() => '') })),
      },
    };
  }),
  DescribeCases: handler<DescribeCasesCommandInput, DescribeCasesCommandOutput>((input, { day }) => {
    businessSupport(day);
    const after = input.afterTime ? Date.parse(input.afterTime) : Number.NEGATIVE_INFINITY;
    const before = input.beforeTime ? Date.parse(input.beforeTime) : Number.POSITIVE_INFINITY;
    const cases = day
      .once('cases', () => supportCasesAt(day.seed, day.profile, day.world.org, day.day))
      .filter((c) => (input.includeResolvedCases || c.status !== 'resolved') && c.created.getTime() >= after && c.created.getTime() <= before)
      .filter((c) => !input.caseIdList || input.caseIdList.length === 0 || input.caseIdList.includes(c.caseId))
      .sort((a, b) => b.created.getTime() - a.created.getTime());
    const { items, next } = page(cases, input.nextToken, input.maxResults ?? 100, 100, 'cases');
    return {
      cases: items.map((c) => ({
        caseId: c.caseId,
        displayId: c.displayId,
        subject: c.subject,
        status: c.status,
        serviceCode: c.service,
        categoryCode: c.category,
        severityCode: c.severity,
        submittedBy: c.submittedBy,
        timeCreated: iso(c.created),
        ccEmailAddresses: [],
        language: 'en',
        recentCommunications:
          input.includeCommunications === false
            ? undefined
            : {
                communications: [
                  // Newest first, as the API lists them.
                  ...(c.lastUpdated.getTime() > c.created.getTime() ? [{ caseId: c.caseId, body: c.status === 'resolved' ? 'We are resolving this case. Reply to reopen it.' : 'Thank you for your patience, we are looking into it.', submittedBy: 'Amazon Web Services', timeCreated: iso(c.lastUpdated), attachmentSet: [] }] : []),
                  { caseId: c.caseId, body: `Hello, ${c.subject.toLowerCase()}.`, submittedBy: c.submittedBy, timeCreated: iso(c.created), attachmentSet: [] },
                ],
              },
      })),
      nextToken: next,
    };
  }),
};

function inRanges(t: Date | undefined, ranges: readonly DateTimeRange[] | undefined): boolean {
  if (!ranges || ranges.length === 0) return true;
  if (!t) return false;
  return ranges.some((r) => (!r.from || t.getTime() >= r.from.getTime()) && (!r.to || t.getTime() <= r.to.getTime()));
}

function healthOf(day: AccountDay): HealthEventState[] {
  return day.once('health', () => healthEventsAt(day.seed, day.world.org, day.profile, day.day));
}

export const health: ServiceResponders = {
  DescribeEvents: handler<DescribeEventsCommandInput, DescribeEventsCommandOutput>((input, { day }) => {
    businessSupport(day);
    const f = input.filter;
    const list = healthOf(day).filter(
      (e) =>
        (!f?.eventStatusCodes?.length || f.eventStatusCodes.includes(e.status)) &&
        (!f?.eventTypeCategories?.length || f.eventTypeCategories.includes(e.category)) &&
        (!f?.regions?.length || f.regions.includes(e.region)) &&
        (!f?.services?.length || f.services.includes(e.service)) &&
        (!f?.eventArns?.length || f.eventArns.includes(e.arn)) &&
        inRanges(e.lastUpdated, f?.lastUpdatedTimes) &&
        inRanges(e.start, f?.startTimes) &&
        inRanges(e.end, f?.endTimes),
    );
    const { items, next } = page(list, input.nextToken, input.maxResults, 100, 'health');
    return {
      events: items.map((e) => ({ arn: e.arn, service: e.service, eventTypeCode: e.typeCode, eventTypeCategory: e.category, region: e.region, availabilityZone: e.az, startTime: e.start, endTime: e.end, lastUpdatedTime: e.lastUpdated, statusCode: e.status, eventScopeCode: e.scope })),
      nextToken: next,
    };
  }),
  DescribeEntityAggregates: handler<DescribeEntityAggregatesCommandInput, DescribeEntityAggregatesCommandOutput>((input, { day }) => {
    businessSupport(day);
    const wanted = new Set(input.eventArns ?? []);
    return {
      entityAggregates: healthOf(day)
        .filter((e) => wanted.has(e.arn))
        .map((e) => {
          const statuses: Record<string, number> = {};
          for (const x of e.entities) statuses[x.status] = (statuses[x.status] ?? 0) + 1;
          return { eventArn: e.arn, count: e.entities.length, statuses };
        }),
    };
  }),
  DescribeAffectedEntities: handler<DescribeAffectedEntitiesCommandInput, DescribeAffectedEntitiesCommandOutput>((input, { day }) => {
    businessSupport(day);
    const wanted = new Set(input.filter?.eventArns ?? []);
    const list = healthOf(day)
      .filter((e) => wanted.has(e.arn))
      .flatMap((e) => e.entities.map((x) => ({ entityArn: `${e.arn.replace(':event/', ':entity/')}/${x.value}`, eventArn: e.arn, entityValue: x.value, awsAccountId: day.account.id, lastUpdatedTime: e.lastUpdated, statusCode: x.status })));
    const { items, next } = page(list, input.nextToken, input.maxResults, 100, 'entities');
    return { entities: items, nextToken: next };
  }),
};

export const applicationSignals: ServiceResponders = {
  ListServices: handler<ListServicesCommandInput, ListServicesCommandOutput>((input, { day, region }) => {
    const services = applicationSignalsAt(day.seed, day.profile, region);
    const { items, next } = page(services, input.NextToken, input.MaxResults, 100, 'signals');
    const start = input.StartTime ?? new Date(day.day * DAY_MS);
    const end = input.EndTime ?? day.collectedAt;
    return {
      StartTime: start,
      EndTime: end,
      ServiceSummaries: items.map((s) => ({
        KeyAttributes: { Type: 'Service', Name: s.name, Environment: s.environment },
        AttributeMaps: [{ PlatformType: s.platform, ...(s.platform === 'AWS::EKS' ? { 'EKS.Cluster': s.environment.split(':')[1]?.split('/')[0] ?? '', 'K8s.Namespace': 'default' } : {}) }],
        MetricReferences: ['Latency', 'Fault', 'Error', 'Latency', 'Fault', 'Error', 'Latency', 'Fault', 'Error']
          .slice(0, s.metrics)
          .map((m, i) => ({ Namespace: 'ApplicationSignals', MetricType: m.toUpperCase(), MetricName: m, Dimensions: [{ Name: 'Service', Value: s.name }, { Name: 'Environment', Value: s.environment }, ...(i >= 3 ? [{ Name: 'Operation', Value: i >= 6 ? 'POST /orders' : 'GET /health' }] : [])] })),
      })),
      NextToken: next,
    };
  }),
};

function appsOf(ctx: CallContext): ResilienceApp[] {
  return ctx.day.once(`reshub:${ctx.region}`, () => resilienceAppsAt(ctx.day.seed, ctx.day.profile, ctx.region, ctx.day.day));
}

export const resilienceHub: ServiceResponders = {
  ListApps: handler<ListAppsCommandInput, ListAppsCommandOutput>((input, ctx) => {
    const { items, next } = page(appsOf(ctx), input.nextToken, input.maxResults, 100, 'apps');
    return {
      appSummaries: items.map((a) => ({
        appArn: a.arn,
        name: a.name,
        description: a.description,
        creationTime: a.created,
        complianceStatus: a.compliance,
        resiliencyScore: a.score,
        status: 'Active',
        driftStatus: a.drift,
        lastAppComplianceEvaluationTime: a.lastAssessment,
        assessmentSchedule: 'Daily',
        rpoInSecs: a.rpo,
        rtoInSecs: a.rto,
      })),
      nextToken: next,
    };
  }),
  DescribeApp: handler<DescribeAppCommandInput, DescribeAppCommandOutput>((input, ctx) => {
    const a = appsOf(ctx).find((x) => x.arn === input.appArn);
    if (!a) throw new SimulatedServiceError('ResourceNotFoundException', `App ${input.appArn ?? ''} not found`, 404);
    return {
      app: {
        appArn: a.arn,
        name: a.name,
        description: a.description,
        policyArn: a.policyArn,
        creationTime: a.created,
        status: 'Active',
        complianceStatus: a.compliance,
        lastAppComplianceEvaluationTime: a.lastAssessment,
        resiliencyScore: a.score,
        lastResiliencyScoreEvaluationTime: a.lastAssessment,
        assessmentSchedule: 'Daily',
        driftStatus: a.drift,
        lastDriftEvaluationTime: a.lastAssessment,
        rpoInSecs: a.rpo,
        rtoInSecs: a.rto,
        tags: { Product: ctx.day.account.product },
      },
    };
  }),
  DescribeResiliencyPolicy: handler<DescribeResiliencyPolicyCommandInput, DescribeResiliencyPolicyCommandOutput>((input, ctx) => {
    const a = appsOf(ctx).find((x) => x.policyArn === input.policyArn);
    if (!a) throw new SimulatedServiceError('ResourceNotFoundException', `Policy ${input.policyArn ?? ''} not found`, 404);
    return {
      policy: {
        policyArn: a.policyArn,
        policyName: a.policyName,
        policyDescription: `${a.tier} workloads`,
        dataLocationConstraint: 'AnyLocation',
        tier: a.tier,
        estimatedCostTier: a.tier === 'MissionCritical' ? 'L4' : a.tier === 'Critical' ? 'L3' : 'L2',
        policy: {
          Software: { rpoInSecs: a.rpo, rtoInSecs: a.rto },
          Hardware: { rpoInSecs: a.rpo, rtoInSecs: a.rto },
          AZ: { rpoInSecs: a.rpo, rtoInSecs: a.rto },
        },
        creationTime: a.created,
        tags: {},
      },
    };
  }),
};
