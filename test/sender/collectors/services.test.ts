import { mockClient } from 'aws-sdk-client-mock';
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { servicesCollector } from '../../../sender/collectors/services.js';
import { runCollector } from '../../../sender/run-collector.js';
import { servicesSection } from '../../../snapshot/index.js';
import { ACCOUNT, accessDenied, awsError, MONTH, retryingClientFactory, runOptions, testConfig, throttling } from '../support/aws.js';

const ce = mockClient(CostExplorerClient);
const day = { Start: '2026-11-20', End: '2026-11-21' };
const row = (service: string, usageType: string, cost: string, quantity: string, unit: string) => ({
  Keys: [service, usageType],
  Metrics: { UnblendedCost: { Amount: cost, Unit: 'USD' }, UsageQuantity: { Amount: quantity, Unit: unit } },
});

beforeEach(() => ce.reset());

function threePages() {
  ce.on(GetCostAndUsageCommand, { NextPageToken: undefined }).resolves({
    GroupDefinitions: [
      { Type: 'DIMENSION', Key: 'SERVICE' },
      { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
    ],
    ResultsByTime: [{ TimePeriod: day, Groups: [row('Amazon Elastic Compute Cloud - Compute', 'USE1-BoxUsage:m5.large', '410.12', '4272', 'Hrs'), row('AWS Lambda', 'USE1-Lambda-GB-Second', '3.1', '186000', 'Lambda-GB-Second')] }],
    NextPageToken: 'p2',
  });
  ce.on(GetCostAndUsageCommand, { NextPageToken: 'p2' }).resolves({
    ResultsByTime: [{ TimePeriod: day, Groups: [row('Amazon Relational Database Service', 'USE1-InstanceUsage:db.r6g.large', '301.4', '24', 'Hrs'), row('AWS Lambda', 'USE1-Lambda-GB-Second', '0.9', '54000', 'Lambda-GB-Second')] }],
    NextPageToken: 'p3',
  });
  ce.on(GetCostAndUsageCommand, { NextPageToken: 'p3' }).resolves({
    ResultsByTime: [{ TimePeriod: day, Groups: [row('Amazon Elastic Compute Cloud - Compute', 'EUW1-BoxUsage:c6g.xlarge', '200', '1460', 'Hrs'), row('Tax', 'Tax', '-1.5', '-1', 'N/A')] }],
  });
}

test('happy path: every page, two dimensions, a group cut across pages summed once', async () => {
  threePages();
  const run = await runCollector(servicesCollector, runOptions());
  expect(run).toMatchObject({ status: 'ok', apiCalls: 3 });
  const rows = servicesSection.parse(run.part);
  expect(rows).toHaveLength(5);
  expect(rows).toContainEqual({ date: '2026-11-20', service: 'AWS Lambda', usage_type: 'USE1-Lambda-GB-Second', cost: 4, usage_quantity: 240000, usage_unit: 'Lambda-GB-Second', currency: 'USD' });
  expect(rows).toContainEqual({ date: '2026-11-20', service: 'Amazon Elastic Compute Cloud - Compute', usage_type: 'EUW1-BoxUsage:c6g.xlarge', cost: 200, usage_quantity: 1460, usage_unit: 'Hrs', currency: 'USD' });
  // a negative usage correction is not a quantity; the cost still counts
  expect(rows).toContainEqual({ date: '2026-11-20', service: 'Tax', usage_type: 'Tax', cost: -1.5, usage_quantity: null, usage_unit: null, currency: 'USD' });
  expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, {
    TimePeriod: day,
    Granularity: 'DAILY',
    Metrics: ['UnblendedCost', 'UsageQuantity'],
    Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [ACCOUNT] } },
  });
});

test('MONTHLY rows are month totals dated the 1st', async () => {
  ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [{ TimePeriod: { Start: MONTH.start, End: MONTH.end }, Groups: [row('AWS Lambda', 'USE1-Request', '12', '60000000', 'Requests')] }] });
  const run = await runCollector(servicesCollector, runOptions({ period: MONTH }));
  expect(servicesSection.parse(run.part)).toEqual([{ date: '2026-10-01', service: 'AWS Lambda', usage_type: 'USE1-Request', cost: 12, usage_quantity: 60000000, usage_unit: 'Requests', currency: 'USD' }]);
  expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, { Granularity: 'MONTHLY', TimePeriod: { Start: '2026-10-01', End: '2026-11-01' } });
});

test('a throttled page is retried by the SDK and pagination carries on', async () => {
  threePages();
  ce.on(GetCostAndUsageCommand, { NextPageToken: 'p2' })
    .rejectsOnce(throttling())
    .resolves({ ResultsByTime: [{ TimePeriod: day, Groups: [row('Amazon Relational Database Service', 'USE1-InstanceUsage:db.r6g.large', '301.4', '24', 'Hrs')] }], NextPageToken: 'p3' });
  const run = await runCollector(servicesCollector, runOptions({ clientFactory: retryingClientFactory(3), config: { ...testConfig, maxAttempts: 3 } }));
  expect(run.status).toBe('ok');
  expect(servicesSection.parse(run.part)).toHaveLength(5);
  expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 4);
});

test('AccessDenied → access_denied; Cost Explorer not enabled → not_enabled', async () => {
  ce.on(GetCostAndUsageCommand).rejects(accessDenied('ce:GetCostAndUsage'));
  expect((await runCollector(servicesCollector, runOptions())).status).toBe('access_denied');
  ce.on(GetCostAndUsageCommand).rejects(awsError('AccessDeniedException', 'User not enabled for cost explorer access'));
  expect((await runCollector(servicesCollector, runOptions())).status).toBe('not_enabled');
});

test('a repeated page token fails instead of looping forever', async () => {
  ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [], NextPageToken: 'same' });
  const run = await runCollector(servicesCollector, runOptions());
  expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/same pagination token/) });
});
