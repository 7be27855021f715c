import { mockClient } from 'aws-sdk-client-mock';
import {
  ComputeOptimizerClient,
  GetEBSVolumeRecommendationsCommand,
  GetEC2InstanceRecommendationsCommand,
  GetLambdaFunctionRecommendationsCommand,
  type InstanceRecommendation,
} from '@aws-sdk/client-compute-optimizer';
import { computeOptimizerCollector } from '../../../sender/collectors/compute-optimizer.js';
import { runCollector } from '../../../sender/run-collector.js';
import { computeOptimizerSection } from '../../../snapshot/index.js';
import { ACCOUNT, mergeContext, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type Part = Parameters<NonNullable<typeof computeOptimizerCollector.merge>>[0][number];

const co = mockClient(ComputeOptimizerClient);
const options = regionalOptions();

beforeEach(() => {
  co.reset();
  co.on(GetEC2InstanceRecommendationsCommand).resolves({ instanceRecommendations: [] });
  co.on(GetEBSVolumeRecommendationsCommand).resolves({ volumeRecommendations: [] });
  co.on(GetLambdaFunctionRecommendationsCommand).resolves({ lambdaFunctionRecommendations: [] });
});

const paymentsApi: InstanceRecommendation = {
  instanceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc12345def67890`,
  accountId: ACCOUNT,
  instanceName: 'payments-api-1',
  currentInstanceType: 'm5.large',
  finding: 'Overprovisioned',
  findingReasonCodes: ['CPUOverprovisioned', 'MemoryOverprovisioned'],
  utilizationMetrics: [
    { name: 'Cpu', statistic: 'Average', value: 6.1 },
    { name: 'Cpu', statistic: 'Maximum', value: 18.4 },
    { name: 'Memory', statistic: 'Average', value: 21 },
    { name: 'Memory', statistic: 'Maximum', value: 35 },
  ],
  lookBackPeriodInDays: 14,
  // Listed out of rank order on purpose: the best option is rank 1, not the first listed.
  recommendationOptions: [
    { instanceType: 't3.large', rank: 2, performanceRisk: 2, savingsOpportunity: { savingsOpportunityPercentage: 30.1, estimatedMonthlySavings: { currency: 'USD', value: 20.7 } } },
    { instanceType: 'm6g.medium', rank: 1, performanceRisk: 1, savingsOpportunity: { savingsOpportunityPercentage: 42.5, estimatedMonthlySavings: { currency: 'USD', value: 29.2 } } },
  ],
  currentPerformanceRisk: 'VeryLow',
};

function realisticRegion(): void {
  co.on(GetEC2InstanceRecommendationsCommand, { nextToken: undefined }).resolves({ instanceRecommendations: [paymentsApi], nextToken: 'ec2-2' });
  co.on(GetEC2InstanceRecommendationsCommand, { nextToken: 'ec2-2' }).resolves({
    instanceRecommendations: [
      {
        instanceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0fedcba9876543210`,
        currentInstanceType: 't3.micro',
        finding: 'Optimized',
        utilizationMetrics: [{ name: 'Cpu', statistic: 'Maximum', value: 71 }],
        lookBackPeriodInDays: 14,
        recommendationOptions: [{ instanceType: 't3.micro', rank: 1, performanceRisk: 0, savingsOpportunity: { savingsOpportunityPercentage: 0, estimatedMonthlySavings: { currency: 'USD', value: 0 } } }],
      },
    ],
  });
  co.on(GetEBSVolumeRecommendationsCommand).resolves({
    volumeRecommendations: [
      {
        volumeArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`,
        currentConfiguration: { volumeType: 'gp2', volumeSize: 500 },
        finding: 'NotOptimized',
        lookBackPeriodInDays: 14,
        volumeRecommendationOptions: [
          { configuration: { volumeType: 'gp3', volumeSize: 500 }, performanceRisk: 0, rank: 1, savingsOpportunity: { savingsOpportunityPercentage: 20, estimatedMonthlySavings: { currency: 'USD', value: 10 } } },
        ],
      },
    ],
  });
  co.on(GetLambdaFunctionRecommendationsCommand).resolves({
    lambdaFunctionRecommendations: [
      {
        functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:payments-webhook:$LATEST`,
        functionVersion: '$LATEST',
        currentMemorySize: 1024,
        finding: 'NotOptimized',
        findingReasonCodes: ['MemoryOverprovisioned'],
        // Lambda's memory metric is in MB.
        utilizationMetrics: [
          { name: 'Memory', statistic: 'Maximum', value: 256 },
          { name: 'Duration', statistic: 'Maximum', value: 820 },
        ],
        lookbackPeriodInDays: 14,
        memorySizeRecommendationOptions: [{ rank: 1, memorySize: 512, savingsOpportunity: { savingsOpportunityPercentage: 48, estimatedMonthlySavings: { currency: 'USD', value: 3.1 } } }],
        currentPerformanceRisk: 'Low',
      },
    ],
  });
}

test('EC2, EBS and Lambda recommendations with the best-ranked option, across pages', async () => {
  realisticRegion();
  const run = await runCollector(computeOptimizerCollector, options);
  expect(run).toMatchObject({ status: 'ok', truncated: false });
  const rows = computeOptimizerSection.parse(computeOptimizerCollector.merge!([run.part as Part], mergeContext()));
  expect(co).toHaveReceivedCommandWith(GetEC2InstanceRecommendationsCommand, { nextToken: 'ec2-2', maxResults: 1000 });
  expect(rows.map((r) => r.resource_arn.split(':').slice(5).join(':'))).toEqual([
    'instance/i-0abc12345def67890',
    'instance/i-0fedcba9876543210',
    'volume/vol-0123456789abcdef0',
    'function:payments-webhook:$LATEST',
  ]);
  expect(rows[0]).toEqual({
    resource_type: 'EC2',
    resource_arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc12345def67890`,
    resource_name: 'payments-api-1',
    region: 'us-east-1',
    finding: 'Overprovisioned',
    finding_reasons: ['CPUOverprovisioned', 'MemoryOverprovisioned'],
    current_instance_type: 'm5.large',
    current_memory_mb: null,
    current_volume_type: null,
    current_volume_size_gb: null,
    recommended_instance_type: 'm6g.medium',
    recommended_memory_mb: null,
    recommended_volume_type: null,
    recommended_volume_size_gb: null,
    savings_opportunity_pct: 42.5,
    estimated_monthly_savings: 29.2,
    currency: 'USD',
    performance_risk: 1,
    cpu_utilization_max: 18.4,
    // The maximum of the memory metric, not an average of maxima (the seed's bug).
    memory_utilization_max: 35,
    lookback_days: 14,
  });
  expect(rows[1]).toMatchObject({ finding: 'Optimized', resource_name: null, recommended_instance_type: 't3.micro', savings_opportunity_pct: 0, estimated_monthly_savings: 0, cpu_utilization_max: 71, memory_utilization_max: null });
  expect(rows[2]).toMatchObject({
    resource_type: 'EBS',
    resource_name: 'vol-0123456789abcdef0',
    finding: 'NotOptimized',
    current_volume_type: 'gp2',
    current_volume_size_gb: 500,
    recommended_volume_type: 'gp3',
    recommended_volume_size_gb: 500,
    savings_opportunity_pct: 20,
    estimated_monthly_savings: 10,
    performance_risk: 0,
  });
  expect(rows[3]).toMatchObject({
    resource_type: 'Lambda',
    resource_name: 'payments-webhook',
    current_memory_mb: 1024,
    recommended_memory_mb: 512,
    savings_opportunity_pct: 48,
    estimated_monthly_savings: 3.1,
    performance_risk: null,
    memory_utilization_max: 25,
    cpu_utilization_max: null,
    lookback_days: 14,
  });
});

test('not opted in to Compute Optimizer is not_enabled', async () => {
  const optIn = () => Object.assign(new Error('The account is not opted in to Compute Optimizer'), { name: 'OptInRequiredException' });
  co.on(GetEC2InstanceRecommendationsCommand).rejects(optIn());
  co.on(GetEBSVolumeRecommendationsCommand).rejects(optIn());
  co.on(GetLambdaFunctionRecommendationsCommand).rejects(optIn());
  const run = await runCollector(computeOptimizerCollector, options);
  expect(run.status).toBe('not_enabled');
  expect(run.error).toMatch(/not opted in/);
});

test('AccessDenied becomes access_denied', async () => {
  const denied = () => Object.assign(new Error('User is not authorized to perform compute-optimizer:Get*'), { name: 'AccessDeniedException' });
  co.on(GetEC2InstanceRecommendationsCommand).rejects(denied());
  co.on(GetEBSVolumeRecommendationsCommand).rejects(denied());
  co.on(GetLambdaFunctionRecommendationsCommand).rejects(denied());
  expect(await runCollector(computeOptimizerCollector, options)).toMatchObject({ status: 'access_denied' });
});

test('one kind denied or per-resource errors leave the rest, marked truncated', async () => {
  realisticRegion();
  co.on(GetLambdaFunctionRecommendationsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
  co.on(GetEBSVolumeRecommendationsCommand).resolves({ volumeRecommendations: [], errors: [{ identifier: 'vol-1', code: 'InternalError', message: 'try later' }] });
  const run = await runCollector(computeOptimizerCollector, options);
  expect(run.status).toBe('ok');
  expect(computeOptimizerSection.parse(run.part).map((r) => r.resource_type)).toEqual(['EC2', 'EC2']);
  expect(run.truncationReasons.sort()).toEqual(['Lambda recommendations not collected: AccessDeniedException: not authorized', 'compute_optimizer: 1 EBS recommendation(s) failed: InternalError try later']);
});

describe('throttling', () => {
  test('a throttled call is retried by the SDK and its second result is kept', async () => {
    co.on(GetEC2InstanceRecommendationsCommand)
      .rejectsOnce(throttling())
      .resolves({ instanceRecommendations: [paymentsApi] });
    const run = await runCollector(computeOptimizerCollector, { ...options, clientFactory: retryingClientFactory(3) });
    expect(run).toMatchObject({ status: 'ok', truncated: false });
    expect(computeOptimizerSection.parse(run.part).map((r) => r.resource_name)).toEqual(['payments-api-1']);
    expect(co).toHaveReceivedCommandTimes(GetEC2InstanceRecommendationsCommand, 2);
  });
});

test('merge concatenates the regions', async () => {
  realisticRegion();
  const east = await runCollector(computeOptimizerCollector, options);
  co.reset();
  co.on(GetEC2InstanceRecommendationsCommand).resolves({ instanceRecommendations: [{ ...paymentsApi, instanceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0west` }] });
  co.on(GetEBSVolumeRecommendationsCommand).resolves({});
  co.on(GetLambdaFunctionRecommendationsCommand).resolves({});
  const west = await runCollector(computeOptimizerCollector, { ...options, region: 'eu-west-1' });
  const rows = computeOptimizerSection.parse(computeOptimizerCollector.merge!([east.part as Part, west.part as Part], mergeContext()));
  expect(rows).toHaveLength(5);
  expect(rows[4]).toMatchObject({ region: 'eu-west-1', resource_arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0west` });
});
