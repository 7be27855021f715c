// Sender benchmark (not a test): one account with the 17 default regions where every AWS call takes
// 50 ms, collected by collectSnapshot (one bounded pool over every collector and region) and then
// the seed's way — the same collectors one after another, one region at a time. Prints both wall
// times, their ratio (target ≤ 0.1) and the API calls per collector.
//
// Page counts are realistic in shape but scaled down so the whole run stays well under 2 minutes:
// CloudTrail has 4 write-event pages + 1 AssumeRole page per region (a busy account has hundreds,
// read at 2 requests/s per region either way), Cost Explorer's usage-type breakdown 3 pages. The
// other collectors' services answer one empty page per call. `npm run bench:sender`
import { mockClient } from 'aws-sdk-client-mock';
import { ACMClient } from '@aws-sdk/client-acm';
import { AccountClient, GetAccountInformationCommand, GetAlternateContactCommand, GetContactInformationCommand } from '@aws-sdk/client-account';
import { ApplicationSignalsClient } from '@aws-sdk/client-application-signals';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudTrailClient, LookupEventsCommand, type Event, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { ComputeOptimizerClient } from '@aws-sdk/client-compute-optimizer';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
  GetReservationUtilizationCommand,
  GetSavingsPlansUtilizationDetailsCommand,
  type GetCostAndUsageCommandInput,
} from '@aws-sdk/client-cost-explorer';
import { DescribeRegionsCommand, DescribeReservedInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { HealthClient } from '@aws-sdk/client-health';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { DescribeReservedDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { ResiliencehubClient } from '@aws-sdk/client-resiliencehub';
import { S3Client } from '@aws-sdk/client-s3';
import { DescribeSavingsPlansCommand, SavingsplansClient } from '@aws-sdk/client-savingsplans';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SupportClient } from '@aws-sdk/client-support';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { collectSnapshot, skipReason } from '../sender/collect.js';
import { allCollectors } from '../sender/collectors/index.js';
import { defaultSenderConfig, type AnyClient, type ClientClass, type SenderConfig } from '../sender/collector.js';
import type { ClientFactory } from '../sender/clients.js';
import { discoverRegions } from '../sender/regions.js';
import { runCollector } from '../sender/run-collector.js';
import { validateSnapshot, type Period } from '../snapshot/index.js';

const LATENCY_MS = 50;
const ACCOUNT = '123456789012';
const HOME = 'us-east-1';
const PERIOD: Period = { granularity: 'DAILY', start: '2026-11-20', end: '2026-11-21' };
const NOW = () => new Date('2026-11-21T01:00:00Z');
const WRITE_PAGES = 4;
const USAGE_PAGES = 3;
const REGIONS = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-north-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
]; // prettier-ignore

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Every mocked call answers after the latency, like a real round trip. */
const slow = <I, O>(answer: (input: I) => O) => async (input: I): Promise<O> => {
  await sleep(LATENCY_MS);
  return answer(input);
};

// Clients of every collector answer an empty page by default; the sender's own get realistic data.
const defaultClients: unknown[] = [
  ACMClient, AccountClient, ApplicationSignalsClient, AutoScalingClient, CloudTrailClient, ComputeOptimizerClient, ConfigServiceClient, CostExplorerClient,
  EC2Client, ElasticLoadBalancingV2Client, GuardDutyClient, HealthClient, Inspector2Client, KMSClient, LambdaClient, OrganizationsClient, RDSClient,
  ResiliencehubClient, S3Client, SavingsplansClient, SecretsManagerClient, SecurityHubClient, SSMClient, STSClient, SupportClient, WAFV2Client,
]; // prettier-ignore
type Stub = ReturnType<typeof mockClient>;
const stubs = new Map<unknown, Stub>();
for (const cls of defaultClients) {
  // one client (Resilience Hub) is on older smithy types, so the classes are held untyped here
  const stub = mockClient(cls as Parameters<typeof mockClient>[0]);
  stub.onAnyCommand().callsFake(slow(() => ({})));
  stubs.set(cls, stub);
}
const stub = (cls: unknown): Stub => stubs.get(cls)!;

function cloudTrailPage(page: number, size: number): Event[] {
  return Array.from({ length: size }, (_, i) => {
    const n = page * size + i;
    const time = new Date(Date.parse('2026-11-20T00:00:00Z') + (n % 1440) * 60_000).toISOString();
    const record = {
      eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      eventTime: time,
      eventSource: n % 10 === 0 ? 'iam.amazonaws.com' : 'ec2.amazonaws.com',
      eventName: n % 10 === 0 ? 'AttachRolePolicy' : n % 3 === 0 ? 'RunInstances' : 'CreateTags',
      awsRegion: 'us-east-1',
      readOnly: false,
      userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deploy/run-${n % 7}`, accountId: ACCOUNT },
      sourceIPAddress: `203.0.113.${n % 20}`,
      userAgent: 'aws-sdk-go-v2/1.30.0 terraform/1.9.5',
      requestParameters: { roleName: 'app', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', instancesSet: { items: [{ maxCount: 2 }] } },
    };
    return { EventId: record.eventID, EventName: record.eventName, EventSource: record.eventSource, EventTime: new Date(time), CloudTrailEvent: JSON.stringify(record) };
  });
}

function realisticAccount(): void {
  stub(EC2Client).on(DescribeRegionsCommand).callsFake(slow(() => ({ Regions: [...REGIONS.map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required' })), { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' }] })));
  stub(EC2Client).on(DescribeReservedInstancesCommand).callsFake(slow(() => ({ ReservedInstances: [] })));
  stub(RDSClient).on(DescribeReservedDBInstancesCommand).callsFake(slow(() => ({ ReservedDBInstances: [] })));
  stub(SavingsplansClient).on(DescribeSavingsPlansCommand).callsFake(slow(() => ({ savingsPlans: [{ savingsPlanArn: `arn:aws:savingsplans::${ACCOUNT}:savingsplan/sp-1`, state: 'active', start: '2026-01-01T00:00:00Z', end: '2029-01-01T00:00:00Z' }] })));
  stub(STSClient).on(GetCallerIdentityCommand).callsFake(slow(() => ({ Account: ACCOUNT })));
  stub(AccountClient).on(GetAccountInformationCommand).callsFake(slow(() => ({ AccountId: ACCOUNT, AccountName: 'payments-prod' })));
  stub(AccountClient).on(GetContactInformationCommand).callsFake(slow(() => ({ ContactInformation: { FullName: 'Jane Doe', CountryCode: 'US' } })));
  stub(AccountClient).on(GetAlternateContactCommand).callsFake(slow(() => ({ AlternateContact: { Name: 'Ops', EmailAddress: 'ops@example.com' } })));
  stub(OrganizationsClient).on(DescribeOrganizationCommand).callsFake(slow(() => ({ Organization: { Id: 'o-abc123defg', MasterAccountId: '999999999999' } })));
  stub(CostExplorerClient).on(GetCostAndUsageCommand).callsFake(
    slow((input: GetCostAndUsageCommandInput) => {
      const pages = input.GroupBy?.length === 2 && input.GroupBy[1]?.Key === 'USAGE_TYPE' ? USAGE_PAGES : 1;
      const page = input.NextPageToken ? Number(input.NextPageToken) : 0;
      const groups = Array.from({ length: 40 }, (_, i) => ({ Keys: [`Service ${i % 12}`, `USE1-Usage-${page}-${i}`], Metrics: { UnblendedCost: { Amount: '1.25', Unit: 'USD' }, UsageQuantity: { Amount: '3', Unit: 'Hrs' } } }));
      return { ResultsByTime: [{ TimePeriod: input.TimePeriod, Total: { UnblendedCost: { Amount: '50', Unit: 'USD' } }, Groups: input.GroupBy ? groups : [] }], NextPageToken: page + 1 < pages ? String(page + 1) : undefined };
    }),
  );
  stub(CostExplorerClient).on(GetCostForecastCommand).callsFake(slow(() => ({ ForecastResultsByTime: [{ TimePeriod: { Start: '2026-11-21', End: '2026-12-01' }, MeanValue: '1500' }] })));
  stub(CostExplorerClient).on(GetReservationUtilizationCommand).callsFake(slow(() => ({ UtilizationsByTime: [] })));
  stub(CostExplorerClient).on(GetSavingsPlansUtilizationDetailsCommand).callsFake(slow(() => ({ SavingsPlansUtilizationDetails: [] })));
  stub(CloudTrailClient).on(LookupEventsCommand).callsFake(
    slow((input: LookupEventsCommandInput) => {
      if (input.LookupAttributes?.[0]?.AttributeKey === 'EventName') return { Events: [] };
      const page = input.NextToken ? Number(input.NextToken) : 0;
      return { Events: cloudTrailPage(page, 50), NextToken: page + 1 < WRITE_PAGES ? String(page + 1) : undefined };
    }),
  );
}

const clientFactory: ClientFactory = <C extends AnyClient>(cls: ClientClass<C>, region: string) => new cls({ region, maxAttempts: 1, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } });
const config: SenderConfig = { ...defaultSenderConfig };

/** The seed's way: every collector after the other, every region after the other. */
async function sequential(): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  const regions = await discoverRegions(clientFactory, HOME);
  for (const collector of allCollectors) {
    if (skipReason(collector, PERIOD, 'full')) continue;
    for (const region of collector.scope === 'account' ? [HOME] : regions) {
      const run = await runCollector(collector, { accountId: ACCOUNT, period: PERIOD, region, regions, config, clientFactory, now: NOW });
      calls.set(collector.name, (calls.get(collector.name) ?? 0) + run.apiCalls);
    }
  }
  return calls;
}

async function main(): Promise<void> {
  realisticAccount();
  console.log(`OrgPulse sender bench: ${REGIONS.length} regions, ${LATENCY_MS} ms per API call, ${allCollectors.length} collectors, pool of ${config.concurrency}`);

  let t = performance.now();
  const { snapshot, runs } = await collectSnapshot({ accountId: ACCOUNT, period: PERIOD, clientFactory, config, now: NOW, homeRegion: HOME, senderVersion: 'bench' });
  const pooled = performance.now() - t;
  const validation = validateSnapshot(snapshot);

  t = performance.now();
  const seqCalls = await sequential();
  const seq = performance.now() - t;

  const ratio = pooled / seq;
  console.log(`collectSnapshot (bounded pool):        ${(pooled / 1000).toFixed(2)} s`);
  console.log(`sequential (one collector, one region at a time): ${(seq / 1000).toFixed(2)} s`);
  console.log(`ratio: ${ratio.toFixed(3)} (target ≤ 0.1) ${ratio <= 0.1 ? 'PASS' : 'FAIL'}`);
  console.log(`snapshot valid: ${validation.ok ? 'yes' : `NO — ${validation.message}`}`);
  console.log('');
  console.log(`${'collector'.padEnd(20)} ${'scope'.padEnd(9)} ${'status'.padEnd(14)} ${'api calls'.padStart(9)} ${'(seq)'.padStart(6)} ${'wall ms'.padStart(8)}`);
  let total = 0;
  for (const r of runs) {
    const scope = allCollectors.find((c) => c.name === r.name)?.scope ?? '';
    total += r.run.api_calls;
    console.log(`${r.name.padEnd(20)} ${scope.padEnd(9)} ${r.run.status.padEnd(14)} ${String(r.run.api_calls).padStart(9)} ${String(seqCalls.get(r.name) ?? 0).padStart(6)} ${String(r.run.duration_ms).padStart(8)}`);
  }
  console.log(`${'total'.padEnd(46)} ${String(total).padStart(9)} ${String([...seqCalls.values()].reduce((a, b) => a + b, 0)).padStart(6)}  (+1 DescribeRegions each)`);
}

await main();
