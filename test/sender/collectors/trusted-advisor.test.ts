import { mockClient } from 'aws-sdk-client-mock';
import { DescribeTrustedAdvisorCheckSummariesCommand, DescribeTrustedAdvisorChecksCommand, SupportClient } from '@aws-sdk/client-support';
import { trustedAdvisorCollector } from '../../../sender/collectors/trusted-advisor.js';
import { runCollector } from '../../../sender/run-collector.js';
import { trustedAdvisorSection } from '../../../snapshot/index.js';
import { runOptions, retryingClientFactory, throttling } from '../support/aws.js';

const support = mockClient(SupportClient);
// Account-scope collectors run once, from the home region; Trusted Advisor is served from us-east-1.
const options = runOptions({ region: 'eu-west-1', regions: ['eu-west-1', 'us-east-1'] });

const checks = [
  { id: 'Qch7DwouX1', name: 'Low Utilization Amazon EC2 Instances', description: '…', category: 'cost_optimizing', metadata: [] },
  { id: 'HCP4007jGY', name: 'Security Groups - Specific Ports Unrestricted', description: '…', category: 'security', metadata: [] },
  { id: 'ePs02jT06w', name: 'Amazon EBS Public Snapshots', description: '…', category: 'security', metadata: [] },
];

beforeEach(() => {
  support.reset();
  support.on(DescribeTrustedAdvisorChecksCommand).resolves({ checks });
  support.on(DescribeTrustedAdvisorCheckSummariesCommand).resolves({
    summaries: [
      {
        checkId: 'Qch7DwouX1',
        timestamp: '2026-11-20T01:00:00Z',
        status: 'warning',
        hasFlaggedResources: true,
        resourcesSummary: { resourcesProcessed: 12, resourcesFlagged: 3, resourcesIgnored: 0, resourcesSuppressed: 0 },
        categorySpecificSummary: { costOptimizing: { estimatedMonthlySavings: 87.6, estimatedPercentMonthlySavings: 18 } },
      },
      {
        checkId: 'HCP4007jGY',
        timestamp: '2026-11-20T01:05:00Z',
        status: 'ok',
        resourcesSummary: { resourcesProcessed: 30, resourcesFlagged: 0, resourcesIgnored: 0, resourcesSuppressed: 0 },
        categorySpecificSummary: {},
      },
    ],
  });
});

test('every check with its status, counts and savings, from the Support API in us-east-1', async () => {
  const run = await runCollector(trustedAdvisorCollector, options);
  expect(run).toMatchObject({ status: 'ok', truncated: false, apiCalls: 2 });
  expect(await (support.call(0).thisValue as SupportClient).config.region()).toBe('us-east-1');
  expect(support).toHaveReceivedCommandWith(DescribeTrustedAdvisorChecksCommand, { language: 'en' });
  expect(support).toHaveReceivedCommandWith(DescribeTrustedAdvisorCheckSummariesCommand, { checkIds: ['Qch7DwouX1', 'HCP4007jGY', 'ePs02jT06w'] });
  expect(trustedAdvisorSection.parse(run.part)).toEqual([
    { check_id: 'Qch7DwouX1', check_name: 'Low Utilization Amazon EC2 Instances', category: 'cost_optimizing', status: 'warning', resources_flagged: 3, resources_processed: 12, estimated_monthly_savings: 87.6, currency: 'USD', timestamp: '2026-11-20T01:00:00.000Z' },
    { check_id: 'HCP4007jGY', check_name: 'Security Groups - Specific Ports Unrestricted', category: 'security', status: 'ok', resources_flagged: 0, resources_processed: 30, estimated_monthly_savings: null, currency: 'USD', timestamp: '2026-11-20T01:05:00.000Z' },
    // No summary: the check has not run for this account.
    { check_id: 'ePs02jT06w', check_name: 'Amazon EBS Public Snapshots', category: 'security', status: 'not_available', resources_flagged: 0, resources_processed: null, estimated_monthly_savings: null, currency: 'USD', timestamp: null },
  ]);
});

test('summaries are read in batches of 100 check ids', async () => {
  const many = Array.from({ length: 150 }, (_, i) => ({ id: `check-${i}`, name: `Check ${i}`, description: '', category: 'performance', metadata: [] }));
  support.on(DescribeTrustedAdvisorChecksCommand).resolves({ checks: many });
  support.on(DescribeTrustedAdvisorCheckSummariesCommand).callsFake((input: { checkIds: string[] }) => ({
    summaries: input.checkIds.map((checkId) => ({ checkId, timestamp: '2026-11-20T01:00:00Z', status: 'ok', resourcesSummary: { resourcesProcessed: 1, resourcesFlagged: 0, resourcesIgnored: 0, resourcesSuppressed: 0 }, categorySpecificSummary: {} })),
  }));
  const run = await runCollector(trustedAdvisorCollector, options);
  const rows = trustedAdvisorSection.parse(run.part);
  expect(rows).toHaveLength(150);
  expect(rows.every((r) => r.status === 'ok')).toBe(true);
  expect(support.commandCalls(DescribeTrustedAdvisorCheckSummariesCommand).map((c) => c.args[0].input.checkIds?.length)).toEqual([100, 50]);
});

test('without a Business or Enterprise support plan it is not_enabled', async () => {
  support.on(DescribeTrustedAdvisorChecksCommand).rejects(Object.assign(new Error('AWS Premium Support Subscription is required to use this service.'), { name: 'SubscriptionRequiredException' }));
  const run = await runCollector(trustedAdvisorCollector, options);
  expect(run).toMatchObject({ status: 'not_enabled', error: 'SubscriptionRequiredException: AWS Premium Support Subscription is required to use this service.' });
});

test('AccessDenied becomes access_denied', async () => {
  support.on(DescribeTrustedAdvisorCheckSummariesCommand).rejects(Object.assign(new Error('not authorized to perform support:DescribeTrustedAdvisorCheckSummaries'), { name: 'AccessDeniedException' }));
  expect(await runCollector(trustedAdvisorCollector, options)).toMatchObject({ status: 'access_denied' });
});

describe('throttling', () => {
  test('a throttled call is retried by the SDK and its second result is kept', async () => {
    support
      .on(DescribeTrustedAdvisorCheckSummariesCommand)
      .rejectsOnce(throttling())
      .resolves({ summaries: [{ checkId: 'HCP4007jGY', timestamp: '2026-11-20T01:05:00Z', status: 'error', resourcesSummary: { resourcesProcessed: 30, resourcesFlagged: 2, resourcesIgnored: 0, resourcesSuppressed: 0 }, categorySpecificSummary: {} }] });
    const run = await runCollector(trustedAdvisorCollector, { ...options, clientFactory: retryingClientFactory(3) });
    expect(run.status).toBe('ok');
    expect(trustedAdvisorSection.parse(run.part).find((r) => r.check_id === 'HCP4007jGY')).toMatchObject({ status: 'error', resources_flagged: 2 });
    expect(support).toHaveReceivedCommandTimes(DescribeTrustedAdvisorCheckSummariesCommand, 2);
  });
});
