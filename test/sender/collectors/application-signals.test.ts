import { mockClient } from 'aws-sdk-client-mock';
import { ApplicationSignalsClient, ListServicesCommand, type MetricReference } from '@aws-sdk/client-application-signals';
import { applicationSignalsCollector, listServicesWindow } from '../../../sender/collectors/application-signals.js';
import { runCollector } from '../../../sender/run-collector.js';
import { applicationSignalsSection } from '../../../snapshot/index.js';
import { mergeContext, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type Part = Parameters<NonNullable<typeof applicationSignalsCollector.merge>>[0][number];

const signals = mockClient(ApplicationSignalsClient);
const period = { granularity: 'DAILY' as const, start: '2026-11-20', end: '2026-11-21' };
const options = regionalOptions('us-east-1', { period, now: () => new Date('2026-11-21T02:10:00Z') });

function refs(n: number): MetricReference[] {
  return Array.from({ length: n }, (_, i) => ({ Namespace: 'ApplicationSignals', MetricType: ['LATENCY', 'FAULT', 'ERROR'][i % 3] as string, MetricName: `m${i}` }));
}

beforeEach(() => {
  signals.reset();
  signals.on(ListServicesCommand, { NextToken: undefined }).resolves({
    StartTime: new Date('2026-11-20T00:00:00Z'),
    EndTime: new Date('2026-11-21T00:00:00Z'),
    ServiceSummaries: [
      { KeyAttributes: { Type: 'Service', Name: 'payments-api', Environment: 'eks:prod/default' }, AttributeMaps: [{ PlatformType: 'AWS::EKS', 'EKS.Cluster': 'prod' }], MetricReferences: refs(6) },
    ],
    NextToken: 'services-2',
  });
  signals.on(ListServicesCommand, { NextToken: 'services-2' }).resolves({
    StartTime: new Date('2026-11-20T00:00:00Z'),
    EndTime: new Date('2026-11-21T00:00:00Z'),
    ServiceSummaries: [
      { KeyAttributes: { Type: 'Service', Name: 'hello-world-python', Environment: 'lambda:default' }, MetricReferences: refs(3) },
      // The same service again (as AWS::Service): one row per name and environment.
      { KeyAttributes: { Type: 'AWS::Service', Name: 'payments-api', Environment: 'eks:prod/default' }, MetricReferences: refs(1) },
      { KeyAttributes: { Type: 'Service' }, MetricReferences: [] },
    ],
  });
});

test('discovered services with their key attributes and metric reference counts, across pages', async () => {
  const run = await runCollector(applicationSignalsCollector, options);
  expect(run).toMatchObject({ status: 'ok', truncated: false });
  expect(signals).toHaveReceivedCommandWith(ListServicesCommand, {
    StartTime: new Date('2026-11-20T00:00:00Z'),
    EndTime: new Date('2026-11-21T00:00:00Z'),
    MaxResults: 100,
    NextToken: 'services-2',
  });
  expect(applicationSignalsSection.parse(applicationSignalsCollector.merge!([run.part as Part], mergeContext()))).toEqual([
    { service_name: 'payments-api', environment: 'eks:prod/default', service_type: 'Service', region: 'us-east-1', key_attributes: { Type: 'Service', Name: 'payments-api', Environment: 'eks:prod/default' }, metric_references: 6 },
    { service_name: 'hello-world-python', environment: 'lambda:default', service_type: 'Service', region: 'us-east-1', key_attributes: { Type: 'Service', Name: 'hello-world-python', Environment: 'lambda:default' }, metric_references: 3 },
  ]);
});

test('the window is the period, clamped to the last whole hour and to one day', () => {
  expect(listServicesWindow(period, new Date('2026-11-22T00:00:00Z'))).toEqual({ StartTime: new Date('2026-11-20T00:00:00Z'), EndTime: new Date('2026-11-21T00:00:00Z') });
  expect(listServicesWindow(period, new Date('2026-11-20T13:45:00Z'))).toEqual({ StartTime: new Date('2026-11-20T00:00:00Z'), EndTime: new Date('2026-11-20T13:00:00Z') });
  expect(listServicesWindow(period, new Date('2026-11-20T00:30:00Z'))).toBeNull();
});

test('a period that has not started yet asks nothing', async () => {
  const run = await runCollector(applicationSignalsCollector, { ...options, now: () => new Date('2026-11-19T12:00:00Z') });
  expect(run).toMatchObject({ status: 'ok', part: [], apiCalls: 0 });
});

test('AccessDenied becomes access_denied', async () => {
  signals.on(ListServicesCommand).rejects(Object.assign(new Error('not authorized to perform application-signals:ListServices'), { name: 'AccessDeniedException' }));
  expect(await runCollector(applicationSignalsCollector, options)).toMatchObject({ status: 'access_denied' });
});

describe('throttling', () => {
  test('a throttled call is retried by the SDK and its second result is kept', async () => {
    signals
      .on(ListServicesCommand)
      .rejectsOnce(throttling())
      .resolves({ StartTime: new Date(), EndTime: new Date(), ServiceSummaries: [{ KeyAttributes: { Type: 'Service', Name: 'checkout', Environment: 'ecs:prod' }, MetricReferences: refs(2) }] });
    const run = await runCollector(applicationSignalsCollector, { ...options, clientFactory: retryingClientFactory(3) });
    expect(run.status).toBe('ok');
    expect(applicationSignalsSection.parse(run.part).map((s) => s.service_name)).toEqual(['checkout']);
    expect(signals).toHaveReceivedCommandTimes(ListServicesCommand, 2);
  });
});

test('merge concatenates the regions; the same service in two regions is two rows', async () => {
  const east = await runCollector(applicationSignalsCollector, options);
  const west = await runCollector(applicationSignalsCollector, { ...options, region: 'eu-west-1' });
  const rows = applicationSignalsSection.parse(applicationSignalsCollector.merge!([east.part as Part, west.part as Part], mergeContext()));
  expect(rows.map((r) => `${r.region}/${r.service_name}`)).toEqual(['us-east-1/payments-api', 'us-east-1/hello-world-python', 'eu-west-1/payments-api', 'eu-west-1/hello-world-python']);
});
