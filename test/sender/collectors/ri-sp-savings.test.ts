import { mockClient } from 'aws-sdk-client-mock';
import { DescribeReservedInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeReservedDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeSavingsPlansCommand, SavingsplansClient } from '@aws-sdk/client-savingsplans';
import { CostExplorerClient, GetReservationUtilizationCommand, GetSavingsPlansUtilizationDetailsCommand } from '@aws-sdk/client-cost-explorer';
import { riSpSavingsCollector } from '../../../sender/collectors/ri-sp-savings.js';
import { runCollector } from '../../../sender/run-collector.js';
import { riSpSavingsSection } from '../../../snapshot/index.js';
import { ACCOUNT, accessDenied, awsError, MONTH, retryingClientFactory, runOptions, testConfig, throttling } from '../support/aws.js';

const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const sp = mockClient(SavingsplansClient);
const ce = mockClient(CostExplorerClient);
const regions = ['eu-west-1', 'us-east-1'];
const planArn = `arn:aws:savingsplans::${ACCOUNT}:savingsplan/sp-0123`;

beforeEach(() => {
  for (const m of [ec2, rds, sp, ce]) m.reset();
  ec2.on(DescribeReservedInstancesCommand).resolves({ ReservedInstances: [] });
  rds.on(DescribeReservedDBInstancesCommand).resolves({ ReservedDBInstances: [] });
  sp.on(DescribeSavingsPlansCommand).resolves({ savingsPlans: [] });
  ce.on(GetReservationUtilizationCommand).resolves({ UtilizationsByTime: [] });
  ce.on(GetSavingsPlansUtilizationDetailsCommand).resolves({ SavingsPlansUtilizationDetails: [] });
});

function realisticAccount() {
  // EC2 RIs are regional: one active in us-east-1, one that ended before the period
  ec2.on(DescribeReservedInstancesCommand).callsFake(async (_input, getClient) => {
    const region = await getClient().config.region();
    if (region !== 'us-east-1') return { ReservedInstances: [] };
    return {
      ReservedInstances: [
        { ReservedInstancesId: 'ri-1111', InstanceType: 'm5.large', InstanceCount: 4, OfferingType: 'Partial Upfront', State: 'active', Start: new Date('2026-01-01T00:00:00Z'), End: new Date('2027-01-01T00:00:00Z') },
        { ReservedInstancesId: 'ri-0000', InstanceType: 'm4.large', InstanceCount: 2, OfferingType: 'No Upfront', State: 'retired', Start: new Date('2023-01-01T00:00:00Z'), End: new Date('2024-01-01T00:00:00Z') },
      ],
    };
  });
  // RDS answers in two pages in eu-west-1
  rds.on(DescribeReservedDBInstancesCommand, { Marker: undefined }).callsFake(async (_input, getClient) =>
    (await getClient().config.region()) === 'eu-west-1' ? { ReservedDBInstances: [], Marker: 'm2' } : { ReservedDBInstances: [] },
  );
  rds.on(DescribeReservedDBInstancesCommand, { Marker: 'm2' }).resolves({
    ReservedDBInstances: [{ ReservedDBInstanceId: 'payments-db-ri', LeaseId: 'lease-rds-1', DBInstanceClass: 'db.r6g.large', DBInstanceCount: 1, OfferingType: 'All Upfront', State: 'active', StartTime: new Date('2026-06-01T00:00:00Z'), Duration: 31536000 }],
  });
  // Savings Plans in two pages: one active, one that expired long ago
  sp.on(DescribeSavingsPlansCommand, { nextToken: undefined }).resolves({
    savingsPlans: [{ savingsPlanArn: `arn:aws:savingsplans::${ACCOUNT}:savingsplan/sp-old`, state: 'retired', start: '2020-01-01T00:00:00.000Z', end: '2023-01-01T00:00:00.000Z', savingsPlanType: 'Compute' }],
    nextToken: 'n2',
  });
  sp.on(DescribeSavingsPlansCommand, { nextToken: 'n2' }).resolves({
    savingsPlans: [{ savingsPlanArn: planArn, state: 'active', start: '2026-01-01T00:00:00.000Z', end: '2029-01-01T00:00:00.000Z', savingsPlanType: 'Compute', paymentOption: 'No Upfront', currency: 'USD' }],
  });
  ce.on(GetReservationUtilizationCommand, { NextPageToken: undefined }).resolves({
    UtilizationsByTime: [
      {
        TimePeriod: { Start: '2026-11-20', End: '2026-11-21' },
        Groups: [
          {
            Key: 'SUBSCRIPTION_ID',
            Value: '5543210987',
            Attributes: { leaseId: 'ri-1111', region: 'us-east-1', instanceType: 'm5.large', numberOfInstances: '4', subscriptionStatus: 'Active', startDateTime: '2026-01-01T00:00:00.000Z', endDateTime: '2027-01-01T00:00:00.000Z' },
            Utilization: { UtilizationPercentage: '87.5', OnDemandCostOfRIHoursUsed: '7.9', TotalAmortizedFee: '5.2', RICostForUnusedHours: '0.65', NetRISavings: '2.7' },
          },
        ],
      },
    ],
    NextPageToken: 'r2',
  });
  ce.on(GetReservationUtilizationCommand, { NextPageToken: 'r2' }).resolves({
    UtilizationsByTime: [
      {
        TimePeriod: { Start: '2026-11-20', End: '2026-11-21' },
        // little metadata from Cost Explorer: the RDS inventory fills it in
        Groups: [{ Key: 'SUBSCRIPTION_ID', Value: '6654321098', Attributes: { leaseId: 'lease-rds-1' }, Utilization: { UtilizationPercentage: '100', OnDemandCostOfRIHoursUsed: '6.1', TotalAmortizedFee: '3.9', RICostForUnusedHours: '0', NetRISavings: '2.2' } }],
      },
    ],
  });
  ce.on(GetSavingsPlansUtilizationDetailsCommand).resolves({
    TimePeriod: { Start: '2026-11-20', End: '2026-11-21' },
    SavingsPlansUtilizationDetails: [
      {
        SavingsPlanArn: planArn,
        Utilization: { TotalCommitment: '240', UsedCommitment: '233.52', UnusedCommitment: '6.48', UtilizationPercentage: '97.3' },
        Savings: { NetSavings: '70.2', OnDemandCostEquivalent: '310.2' },
        AmortizedCommitment: { TotalAmortizedCommitment: '240' },
      },
    ],
  });
}

test('happy path: one row per subscription and day, enriched from the inventories of every region', async () => {
  realisticAccount();
  const run = await runCollector(riSpSavingsCollector, runOptions({ regions }));
  expect(run.status).toBe('ok');
  const rows = riSpSavingsSection.parse(run.part);
  expect(rows).toHaveLength(3);
  expect(rows).toContainEqual(
    expect.objectContaining({ date: '2026-11-20', reservation_type: 'RI', subscription_id: '5543210987', service: 'Amazon Elastic Compute Cloud - Compute', region: 'us-east-1', instance_type: 'm5.large', instance_count: 4, offering_type: 'Partial Upfront', state: 'Active', utilization_pct: 87.5, on_demand_equivalent: 7.9, amortized_commitment: 5.2, total_commitment: 5.2, net_savings: 2.7 }),
  );
  const ec2Row = rows.find((r) => r.subscription_id === '5543210987')!;
  expect(ec2Row.used_commitment).toBeCloseTo(4.55, 10);
  expect(rows).toContainEqual(
    expect.objectContaining({ reservation_type: 'RI', subscription_id: '6654321098', service: 'Amazon Relational Database Service', region: 'eu-west-1', instance_type: 'db.r6g.large', instance_count: 1, offering_type: 'All Upfront', state: 'active', start_time: '2026-06-01T00:00:00.000Z', end_time: '2027-06-01T00:00:00.000Z' }),
  );
  expect(rows).toContainEqual({
    date: '2026-11-20',
    reservation_type: 'SP',
    subscription_id: planArn,
    service: null,
    region: null,
    instance_type: null,
    instance_count: null,
    offering_type: 'No Upfront',
    plan_type: 'Compute',
    state: 'active',
    utilization_pct: 97.3,
    on_demand_equivalent: 310.2,
    amortized_commitment: 240,
    used_commitment: 233.52,
    total_commitment: 240,
    net_savings: 70.2,
    currency: 'USD',
    start_time: '2026-01-01T00:00:00.000Z',
    end_time: '2029-01-01T00:00:00.000Z',
  });
  expect(ec2).toHaveReceivedCommandTimes(DescribeReservedInstancesCommand, 2); // every region
  expect(rds).toHaveReceivedCommandTimes(DescribeReservedDBInstancesCommand, 3); // 1 + 2 pages
  expect(sp).toHaveReceivedCommandTimes(DescribeSavingsPlansCommand, 2);
  expect(ce).toHaveReceivedCommandWith(GetReservationUtilizationCommand, { Granularity: 'DAILY', GroupBy: [{ Type: 'DIMENSION', Key: 'SUBSCRIPTION_ID' }], TimePeriod: { Start: '2026-11-20', End: '2026-11-21' } });
});

test('no Savings Plan in the period → no (billed) Savings Plans query', async () => {
  const run = await runCollector(riSpSavingsCollector, runOptions({ regions }));
  expect(run.status).toBe('ok');
  expect(riSpSavingsSection.parse(run.part)).toEqual([]);
  expect(ce).not.toHaveReceivedCommand(GetSavingsPlansUtilizationDetailsCommand);
  // reservations are still asked: Cost Explorer also covers ElastiCache, Redshift, OpenSearch RIs
  expect(ce).toHaveReceivedCommandTimes(GetReservationUtilizationCommand, 1);
});

test('Savings Plans listing denied → Cost Explorer is asked anyway, the rows just lack plan details', async () => {
  sp.on(DescribeSavingsPlansCommand).rejects(accessDenied('savingsplans:DescribeSavingsPlans'));
  ce.on(GetSavingsPlansUtilizationDetailsCommand).resolves({ SavingsPlansUtilizationDetails: [{ SavingsPlanArn: planArn, Utilization: { UtilizationPercentage: '50' } }] });
  const run = await runCollector(riSpSavingsCollector, runOptions({ regions }));
  expect(run.status).toBe('ok');
  expect(riSpSavingsSection.parse(run.part)).toEqual([expect.objectContaining({ reservation_type: 'SP', subscription_id: planArn, utilization_pct: 50, plan_type: null })]);
});

test('MONTHLY: Savings Plans details are asked day by day (the API has no granularity)', async () => {
  realisticAccount();
  const run = await runCollector(riSpSavingsCollector, runOptions({ regions, period: MONTH }));
  expect(run.status).toBe('ok');
  expect(ce).toHaveReceivedCommandTimes(GetSavingsPlansUtilizationDetailsCommand, 31);
  expect(ce).toHaveReceivedCommandWith(GetSavingsPlansUtilizationDetailsCommand, { TimePeriod: { Start: '2026-10-31', End: '2026-11-01' } });
  const dates = new Set(riSpSavingsSection.parse(run.part).filter((r) => r.reservation_type === 'SP').map((r) => r.date));
  expect(dates.size).toBe(31);
});

test('DataUnavailableException from Cost Explorer means nothing to report, not a failure', async () => {
  ce.on(GetReservationUtilizationCommand).rejects(awsError('DataUnavailableException', 'Data is not available for the requested time period.'));
  const run = await runCollector(riSpSavingsCollector, runOptions({ regions }));
  expect(run.status).toBe('ok');
  expect(run.part).toEqual([]);
});

test('a throttled Cost Explorer call is retried by the SDK', async () => {
  realisticAccount();
  ce.on(GetSavingsPlansUtilizationDetailsCommand)
    .rejectsOnce(throttling())
    .resolves({ SavingsPlansUtilizationDetails: [{ SavingsPlanArn: planArn, Utilization: { UtilizationPercentage: '97.3' } }] });
  const run = await runCollector(riSpSavingsCollector, runOptions({ regions, clientFactory: retryingClientFactory(3), config: { ...testConfig, maxAttempts: 3 } }));
  expect(run.status).toBe('ok');
  expect(ce).toHaveReceivedCommandTimes(GetSavingsPlansUtilizationDetailsCommand, 2);
  expect(riSpSavingsSection.parse(run.part).filter((r) => r.reservation_type === 'SP')).toHaveLength(1);
});

test('AccessDenied on Cost Explorer → access_denied; not enabled → not_enabled', async () => {
  ce.on(GetReservationUtilizationCommand).rejects(accessDenied('ce:GetReservationUtilization'));
  expect((await runCollector(riSpSavingsCollector, runOptions({ regions }))).status).toBe('access_denied');
  ce.on(GetReservationUtilizationCommand).rejects(awsError('AccessDeniedException', 'User not enabled for cost explorer access'));
  expect((await runCollector(riSpSavingsCollector, runOptions({ regions }))).status).toBe('not_enabled');
});
