import { mockClient } from 'aws-sdk-client-mock';
import { CostExplorerClient, GetCostAndUsageCommand, GetCostForecastCommand } from '@aws-sdk/client-cost-explorer';
import { costCollector } from '../../../sender/collectors/cost.js';
import { runCollector } from '../../../sender/run-collector.js';
import { costSection } from '../../../snapshot/index.js';
import { ACCOUNT, accessDenied, awsError, DAY, MONTH, retryingClientFactory, runOptions, testConfig, throttling } from '../support/aws.js';

const ce = mockClient(CostExplorerClient);
const linked = { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [ACCOUNT] } };
const usd = (amount: string) => ({ UnblendedCost: { Amount: amount, Unit: 'USD' } });
const group = (service: string, recordType: string, amount: string) => ({ Keys: [service, recordType], Metrics: usd(amount) });

beforeEach(() => {
  ce.reset();
  // the grouped current-period query answers in two pages
  ce.on(GetCostAndUsageCommand, { TimePeriod: { Start: '2026-11-20', End: '2026-11-21' }, NextPageToken: undefined }).resolves({
    ResultsByTime: [
      {
        TimePeriod: { Start: '2026-11-20', End: '2026-11-21' },
        Estimated: true,
        Groups: [
          group('Amazon Elastic Compute Cloud - Compute', 'Usage', '610.12'),
          group('Amazon Relational Database Service', 'Usage', '301.40'),
          group('Amazon Simple Storage Service', 'Usage', '120.33'),
          group('AWS Lambda', 'Usage', '3.10'),
        ],
      },
    ],
    NextPageToken: 'page-2',
  });
  ce.on(GetCostAndUsageCommand, { TimePeriod: { Start: '2026-11-20', End: '2026-11-21' }, NextPageToken: 'page-2' }).resolves({
    ResultsByTime: [
      {
        TimePeriod: { Start: '2026-11-20', End: '2026-11-21' },
        Groups: [
          group('Amazon CloudWatch', 'Usage', '15.00'),
          group('Amazon Elastic Compute Cloud - Compute', 'Credit', '-12.50'),
          group('AWS Key Management Service', 'Usage', '2.00'),
          group('Tax', 'Tax', '0'),
        ],
      },
    ],
  });
  ce.on(GetCostAndUsageCommand, { TimePeriod: { Start: '2026-11-19', End: '2026-11-20' } }).resolves({
    ResultsByTime: [{ TimePeriod: { Start: '2026-11-19', End: '2026-11-20' }, Total: usd('1180.25'), Groups: [] }],
  });
  ce.on(GetCostForecastCommand).resolves({
    Total: { Amount: '12500.5', Unit: 'USD' },
    ForecastResultsByTime: [{ TimePeriod: { Start: '2026-11-21', End: '2026-12-01' }, MeanValue: '12500.5', PredictionIntervalLowerBound: '11800', PredictionIntervalUpperBound: '13300.75' }],
  });
});

test('happy path: total with credits, previous day, top 5 services, forecast to the end of the month', async () => {
  const run = await runCollector(costCollector, runOptions());
  expect(run.status).toBe('ok');
  const section = costSection.parse(run.part);
  expect(section.current_period_cost).toBeCloseTo(610.12 + 301.4 + 120.33 + 3.1 + 15 - 12.5 + 2, 8);
  expect(section.credits).toBe(-12.5);
  expect(section.previous_period_cost).toBe(1180.25);
  expect(section.previous_period).toEqual({ start: '2026-11-19', end: '2026-11-20' });
  expect(section.top_services).toEqual([
    { service: 'Amazon Elastic Compute Cloud - Compute', cost: 597.62 },
    { service: 'Amazon Relational Database Service', cost: 301.4 },
    { service: 'Amazon Simple Storage Service', cost: 120.33 },
    { service: 'Amazon CloudWatch', cost: 15 },
    { service: 'AWS Lambda', cost: 3.1 },
  ]);
  expect(section.forecast).toEqual([{ start: '2026-11-21', end: '2026-12-01', mean: 12500.5, lower: 11800, upper: 13300.75 }]);
  expect(ce).toHaveReceivedCommandWith(GetCostForecastCommand, {
    TimePeriod: { Start: '2026-11-21', End: '2026-12-01' },
    Metric: 'UNBLENDED_COST',
    PredictionIntervalLevel: 80,
    Filter: linked,
  });
  // every query is this account's only (the management account would otherwise see the org)
  for (const call of ce.commandCalls(GetCostAndUsageCommand)) expect(call.args[0].input.Filter).toEqual(linked);
  expect(run.apiCalls).toBe(4);
});

test('a forecast Cost Explorer cannot make (DataUnavailableException) does not fail the collector', async () => {
  ce.on(GetCostForecastCommand).rejects(awsError('DataUnavailableException', 'Insufficient amount of historical data to generate forecast.'));
  const run = await runCollector(costCollector, runOptions());
  expect(run.status).toBe('ok');
  expect(costSection.parse(run.part).forecast).toEqual([]);
});

test('MONTHLY compares with the previous calendar month and forecasts the month after', async () => {
  ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [{ TimePeriod: { Start: MONTH.start, End: MONTH.end }, Total: usd('30000'), Groups: [group('Amazon Elastic Compute Cloud - Compute', 'Usage', '30000')] }] });
  ce.on(GetCostForecastCommand).resolves({ ForecastResultsByTime: [{ TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, MeanValue: '31000' }] });
  const run = await runCollector(costCollector, runOptions({ period: MONTH, now: () => new Date('2026-11-01T02:00:00Z') }));
  const section = costSection.parse(run.part);
  expect(section.previous_period).toEqual({ start: '2026-09-01', end: '2026-10-01' });
  expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, { TimePeriod: { Start: '2026-09-01', End: '2026-10-01' }, Granularity: 'MONTHLY' });
  expect(section.forecast).toEqual([{ start: '2026-11-01', end: '2026-12-01', mean: 31000, lower: null, upper: null }]);
});

test('a past period (backfill) gets no forecast: it would be today’s forecast relabelled', async () => {
  const run = await runCollector(costCollector, runOptions({ now: () => new Date('2026-12-15T01:00:00Z') }));
  expect(run.status).toBe('ok');
  expect(ce).not.toHaveReceivedCommand(GetCostForecastCommand);
  expect(costSection.parse(run.part).forecast).toEqual([]);
});

test('AccessDenied → access_denied', async () => {
  ce.on(GetCostAndUsageCommand).rejects(accessDenied('ce:GetCostAndUsage'));
  const run = await runCollector(costCollector, runOptions());
  expect(run).toMatchObject({ status: 'access_denied', error: expect.stringMatching(/ce:GetCostAndUsage/) });
});

test('Cost Explorer not enabled → not_enabled', async () => {
  ce.on(GetCostAndUsageCommand).rejects(awsError('AccessDeniedException', 'User not enabled for cost explorer access'));
  const run = await runCollector(costCollector, runOptions());
  expect(run.status).toBe('not_enabled');
});

test('a throttled call is retried by the SDK and the collector succeeds', async () => {
  ce.on(GetCostAndUsageCommand, { TimePeriod: { Start: '2026-11-19', End: '2026-11-20' } })
    .rejectsOnce(throttling())
    .resolves({ ResultsByTime: [{ TimePeriod: { Start: '2026-11-19', End: '2026-11-20' }, Total: usd('99') }] });
  const run = await runCollector(costCollector, runOptions({ clientFactory: retryingClientFactory(3), config: { ...testConfig, maxAttempts: 3 } }));
  expect(run.status).toBe('ok');
  expect(costSection.parse(run.part).previous_period_cost).toBe(99);
  expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 4); // 2 pages + previous period twice
});

test('the DAILY period is the one asked about', async () => {
  await runCollector(costCollector, runOptions());
  expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, { TimePeriod: { Start: DAY.start, End: DAY.end }, Granularity: 'DAILY' });
});
