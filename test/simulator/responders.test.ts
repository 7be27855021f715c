// The simulator's AWS side: real SDK clients answered by middleware, the commands every collector
// calls, realistic "not enabled" errors, and inputs honoured (periods, filters, group-bys, pages).
import { EC2Client, DescribeImagesCommand, DescribeInstancesCommand, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { CostExplorerClient, GetCostAndUsageCommand, type GetCostAndUsageCommandOutput } from '@aws-sdk/client-cost-explorer';
import { CloudTrailClient, LookupEventsCommand, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import { SecurityHubClient, GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { SupportClient, DescribeTrustedAdvisorChecksCommand } from '@aws-sdk/client-support';
import { ComputeOptimizerClient, GetEC2InstanceRecommendationsCommand } from '@aws-sdk/client-compute-optimizer';
import { allCollectors } from '../../sender/collectors/index.js';
import { runCollector } from '../../sender/run-collector.js';
import { defaultSenderConfig, type Collector } from '../../sender/collector.js';
import { RESPONDERS, supportedOperations } from '../../simulator/aws/index.js';
import { simulatorClientFactory, newCallStats } from '../../simulator/client-factory.js';
import { World, type AccountDay } from '../../simulator/world/index.js';
import { dateOfDay, dayNumber } from '../../simulator/dates.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const world = new World({ seed: '7', accounts: 12, startDate: '2026-02-01', endDate: '2026-03-31' });
const day = dayNumber('2026-03-10');

function accountWhere(pred: (a: AccountDay['account']) => boolean): AccountDay {
  const a = world.org.accounts.find(pred);
  if (!a) throw new Error('no such account in the test organization');
  return world.accountDay(a.id, day);
}

const prod = accountWhere((a) => a.type === 'production' && a.role === 'workload');

/** IAM actions in a collector's `api` that name a different API operation. */
const IAM_TO_API: Record<string, string> = { 's3:ListAllMyBuckets': 'S3:ListBuckets' };
const PREFIX_TO_CLIENT: Record<string, string> = {
  account: 'Account', acm: 'ACM', 'application-signals': 'ApplicationSignals', autoscaling: 'AutoScaling', ce: 'CostExplorer', cloudtrail: 'CloudTrail',
  'compute-optimizer': 'ComputeOptimizer', config: 'ConfigService', ec2: 'EC2', elasticloadbalancing: 'ElasticLoadBalancingV2', guardduty: 'GuardDuty', health: 'Health',
  inspector2: 'Inspector2', kms: 'KMS', lambda: 'Lambda', organizations: 'Organizations', rds: 'RDS', resiliencehub: 'Resiliencehub', s3: 'S3', savingsplans: 'Savingsplans',
  secretsmanager: 'SecretsManager', securityhub: 'SecurityHub', ssm: 'SSM', sts: 'STS', support: 'Support', wafv2: 'WAFV2',
};

test('every operation a collector declares is answered by the simulator', () => {
  const supported = new Set(supportedOperations());
  const declared = [...new Set(allCollectors.flatMap((c) => c.api))];
  expect(declared.length).toBeGreaterThan(50);
  const missing = declared
    .map((op) => IAM_TO_API[op] ?? `${PREFIX_TO_CLIENT[op.split(':')[0] ?? ''] ?? op.split(':')[0]}:${op.split(':')[1]}`)
    .filter((op) => !supported.has(op));
  expect(missing).toEqual([]);
  expect(Object.keys(RESPONDERS)).toContain('EC2Client');
});

test('the factory returns real SDK clients that paginators drive, answered at the initialize step', async () => {
  const stats = newCallStats();
  const ec2 = simulatorClientFactory(prod, { stats })(EC2Client, prod.account.regions[0] as string);
  expect(ec2).toBeInstanceOf(EC2Client);
  const ids: string[] = [];
  let pages = 0;
  for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 5 }, { MaxResults: 5 })) {
    pages++;
    for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) ids.push(i.InstanceId as string);
  }
  const expected = prod.instances.filter((i) => i.slot.region === prod.account.regions[0]).map((i) => i.id);
  expect(ids).toEqual(expected);
  expect(pages).toBe(Math.max(1, Math.ceil(expected.length / 5)));
  expect(stats.byOperation.get('EC2:DescribeInstances')).toBe(pages);
  // The output carries SDK metadata like a real response.
  const out = await ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
  expect(out.$metadata.httpStatusCode).toBe(200);
});

test('an unanswered command fails with SimulatorUnsupportedCommand naming it, and the collector reports failed', async () => {
  const factory = simulatorClientFactory(prod);
  await expect(factory(EC2Client, 'us-east-1').send(new DescribeImagesCommand({}))).rejects.toMatchObject({ name: 'SimulatorUnsupportedCommand', message: expect.stringContaining('EC2:DescribeImages') });
  const images: Collector<number> = {
    name: 'images',
    target: { section: 'service_resources' },
    scope: 'regional',
    api: ['ec2:DescribeImages'],
    async collect(ctx) {
      return (await ctx.client(EC2Client).send(new DescribeImagesCommand({}))).Images?.length ?? 0;
    },
  };
  const run = await runCollector(images, { accountId: prod.account.id, period: { granularity: 'DAILY', start: dateOfDay(day), end: dateOfDay(day + 1) }, region: 'us-east-1', regions: ['us-east-1'], config: defaultSenderConfig, clientFactory: factory });
  expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('does not answer EC2:DescribeImages') });
});

test('services an account lacks answer with the errors AWS uses for "not enabled"', async () => {
  const noHub = accountWhere((a) => !a.securityHub);
  const basic = accountWhere((a) => a.support === 'basic');
  const noCo = accountWhere((a) => !a.computeOptimizer);
  await expect(simulatorClientFactory(noHub)(SecurityHubClient, 'us-east-1').send(new GetFindingsCommand({}))).rejects.toMatchObject({ name: 'InvalidAccessException', $metadata: { httpStatusCode: 401 } });
  await expect(simulatorClientFactory(basic)(SupportClient, 'us-east-1').send(new DescribeTrustedAdvisorChecksCommand({ language: 'en' }))).rejects.toMatchObject({ name: 'SubscriptionRequiredException' });
  await expect(simulatorClientFactory(noCo)(ComputeOptimizerClient, 'us-east-1').send(new GetEC2InstanceRecommendationsCommand({}))).rejects.toMatchObject({ name: 'OptInRequiredException' });
});

describe('Cost Explorer', () => {
  const ce = simulatorClientFactory(prod)(CostExplorerClient, 'us-east-1');
  const total = (o: GetCostAndUsageCommandOutput) => (o.ResultsByTime ?? []).reduce((s, r) => s + Number(r.Total?.UnblendedCost?.Amount ?? 0), 0);
  const grouped = (o: GetCostAndUsageCommandOutput) => (o.ResultsByTime ?? []).flatMap((r) => r.Groups ?? []).reduce((s, g) => s + Number(g.Metrics?.UnblendedCost?.Amount ?? 0), 0);

  test('a month is the sum of its days, and group-bys add up to the total', async () => {
    const filter = { Dimensions: { Key: 'LINKED_ACCOUNT' as const, Values: [prod.account.id] } };
    const daily = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-02-01', End: '2026-03-01' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'], Filter: filter }));
    const monthly = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-02-01', End: '2026-03-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], Filter: filter }));
    expect(daily.ResultsByTime).toHaveLength(28);
    expect(monthly.ResultsByTime).toHaveLength(1);
    expect(total(monthly)).toBeCloseTo(total(daily), 4);
    const byService = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-03-09', End: '2026-03-10' }, Granularity: 'DAILY', Metrics: ['UnblendedCost', 'UsageQuantity'], GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'DIMENSION', Key: 'USAGE_TYPE' }], Filter: filter }));
    const oneDay = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-03-09', End: '2026-03-10' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'], Filter: filter }));
    expect(grouped(byService)).toBeCloseTo(total(oneDay), 4);
    // Grouped answers have an empty Total, as Cost Explorer's do; usage types carry their region prefix.
    expect(byService.ResultsByTime?.[0]?.Total).toEqual({});
    expect(byService.ResultsByTime?.[0]?.Groups?.some((g) => /^USE1-|^EU-|^EUC1-|^USW2-/.test(g.Keys?.[1] ?? ''))).toBe(true);
  });

  test('filters narrow the records: another account has no cost, Marketplace and credits by dimension', async () => {
    const other = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-03-01', End: '2026-03-10' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'], Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['000000000000'] } } }));
    expect(total(other)).toBe(0);
    const marketplace = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-03-01', End: '2026-03-10' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }], Filter: { Dimensions: { Key: 'BILLING_ENTITY', Values: ['AWS Marketplace'] } } }));
    const services = new Set((marketplace.ResultsByTime ?? []).flatMap((r) => r.Groups ?? []).map((g) => g.Keys?.[0]));
    for (const s of services) expect(prod.profile.marketplace.map((m) => m.product)).toContain(s);
    const first = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-03-01', End: '2026-03-02' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'RECORD_TYPE' }] }));
    const types = (first.ResultsByTime?.[0]?.Groups ?? []).map((g) => g.Keys?.[0]);
    expect(types).toContain('Usage');
    // Monthly charges land on the 1st under unblended cost.
    expect(types.some((t) => t === 'Support' || t === 'SavingsPlanRecurringFee' || t === 'Recurring reservation fee')).toBe(true);
  });

  test('no data for days not billed yet, and a bad period is a ValidationException', async () => {
    const future = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-03-12', End: '2026-03-14' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] }));
    expect(total(future)).toBe(0);
    await expect(ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-03-05', End: '2026-03-01' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

test('CloudTrail LookupEvents pages newest first, 50 at a time, and honours the lookup attribute and time range', async () => {
  const region = prod.account.regions[0] as string;
  const ct = simulatorClientFactory(prod)(CloudTrailClient, region);
  const start = new Date(`${dateOfDay(day)}T00:00:00Z`);
  const end = new Date(`${dateOfDay(day + 1)}T00:00:00Z`);
  const events = [];
  let pages = 0;
  for await (const page of paginateLookupEvents({ client: ct, pageSize: 50 }, { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }], StartTime: start, EndTime: end })) {
    pages++;
    expect((page.Events ?? []).length).toBeLessThanOrEqual(50);
    events.push(...(page.Events ?? []));
  }
  expect(events.length).toBe(prod.eventsIn(region).filter((e) => !e.readOnly).length);
  expect(pages).toBe(Math.ceil(events.length / 50));
  const times = events.map((e) => e.EventTime?.getTime() ?? 0);
  expect([...times].sort((a, b) => b - a)).toEqual(times);
  for (const e of events) {
    expect(e.ReadOnly).toBe('false');
    const record = JSON.parse(e.CloudTrailEvent ?? '{}') as { eventID: string; recipientAccountId: string; userIdentity: { type: string } };
    expect(record.eventID).toBe(e.EventId);
    expect(record.recipientAccountId).toBe(prod.account.id);
  }
  const assumeRoles = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }], StartTime: start, EndTime: end, MaxResults: 50 }));
  expect((assumeRoles.Events ?? []).every((e) => e.EventName === 'AssumeRole')).toBe(true);
  await expect(ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }, { AttributeKey: 'EventName', AttributeValue: 'RunInstances' }] }))).rejects.toMatchObject({ name: 'InvalidLookupAttributesException' });
});
