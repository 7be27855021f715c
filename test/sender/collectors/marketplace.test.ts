import { mockClient } from 'aws-sdk-client-mock';
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { marketplaceCollector } from '../../../sender/collectors/marketplace.js';
import { runCollector } from '../../../sender/run-collector.js';
import { marketplaceSection } from '../../../snapshot/index.js';
import { ACCOUNT, accessDenied, awsError, MONTH, retryingClientFactory, runOptions, testConfig, throttling } from '../support/aws.js';

const ce = mockClient(CostExplorerClient);
const cost = (amount: string) => ({ UnblendedCost: { Amount: amount, Unit: 'USD' } });
beforeEach(() => ce.reset());

test('happy path: Marketplace charges per product and day, this account only, every page', async () => {
  ce.on(GetCostAndUsageCommand, { NextPageToken: undefined }).resolves({
    ResultsByTime: [{ TimePeriod: { Start: '2026-11-20', End: '2026-11-21' }, Groups: [{ Keys: ['Datadog Pro'], Metrics: cost('45.16') }] }],
    NextPageToken: 'p2',
  });
  ce.on(GetCostAndUsageCommand, { NextPageToken: 'p2' }).resolves({
    ResultsByTime: [{ TimePeriod: { Start: '2026-11-20', End: '2026-11-21' }, Groups: [{ Keys: ['CrowdStrike Falcon'], Metrics: cost('12.00') }] }],
  });
  const run = await runCollector(marketplaceCollector, runOptions());
  expect(run.status).toBe('ok');
  expect(marketplaceSection.parse(run.part)).toEqual([
    { date: '2026-11-20', product_name: 'Datadog Pro', product_code: null, cost: 45.16, currency: 'USD' },
    { date: '2026-11-20', product_name: 'CrowdStrike Falcon', product_code: null, cost: 12, currency: 'USD' },
  ]);
  expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, {
    Granularity: 'DAILY',
    GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    Filter: { And: [{ Dimensions: { Key: 'LINKED_ACCOUNT', Values: [ACCOUNT] } }, { Dimensions: { Key: 'BILLING_ENTITY', Values: ['AWS Marketplace'] } }] },
  });
});

test('a MONTHLY snapshot still carries one row per day (the table is keyed by day)', async () => {
  ce.on(GetCostAndUsageCommand).resolves({
    ResultsByTime: [
      { TimePeriod: { Start: '2026-10-01', End: '2026-10-02' }, Groups: [{ Keys: ['Datadog Pro'], Metrics: cost('40') }] },
      { TimePeriod: { Start: '2026-10-02', End: '2026-10-03' }, Groups: [{ Keys: ['Datadog Pro'], Metrics: cost('41') }] },
    ],
  });
  const run = await runCollector(marketplaceCollector, runOptions({ period: MONTH }));
  expect(marketplaceSection.parse(run.part).map((r) => r.date)).toEqual(['2026-10-01', '2026-10-02']);
  expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, { Granularity: 'DAILY', TimePeriod: { Start: '2026-10-01', End: '2026-11-01' } });
});

test('no Marketplace spend → an empty, valid section', async () => {
  ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [{ TimePeriod: { Start: '2026-11-20', End: '2026-11-21' }, Groups: [] }] });
  const run = await runCollector(marketplaceCollector, runOptions());
  expect(marketplaceSection.parse(run.part)).toEqual([]);
});

test('a throttled call is retried by the SDK', async () => {
  ce.on(GetCostAndUsageCommand)
    .rejectsOnce(throttling())
    .resolves({ ResultsByTime: [{ TimePeriod: { Start: '2026-11-20', End: '2026-11-21' }, Groups: [{ Keys: ['Datadog Pro'], Metrics: cost('1') }] }] });
  const run = await runCollector(marketplaceCollector, runOptions({ clientFactory: retryingClientFactory(3), config: { ...testConfig, maxAttempts: 3 } }));
  expect(run.status).toBe('ok');
  expect(marketplaceSection.parse(run.part)).toHaveLength(1);
  expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 2);
});

test('AccessDenied → access_denied; Cost Explorer not enabled → not_enabled', async () => {
  ce.on(GetCostAndUsageCommand).rejects(accessDenied('ce:GetCostAndUsage'));
  expect((await runCollector(marketplaceCollector, runOptions())).status).toBe('access_denied');
  ce.on(GetCostAndUsageCommand).rejects(awsError('AccessDeniedException', 'User not enabled for cost explorer access'));
  expect((await runCollector(marketplaceCollector, runOptions())).status).toBe('not_enabled');
});
