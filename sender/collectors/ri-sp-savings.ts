// Daily utilization and savings of every Reserved Instance and Savings Plan: one row per
// subscription and day, always per day (the table is keyed by day, also for MONTHLY snapshots).
// The rows come from Cost Explorer; EC2/RDS/Savings Plans inventories add what Cost Explorer
// leaves out (offering, count, state, term) and tell whether Savings Plans need asking about at all
// (Cost Explorer bills every request).
import { DescribeReservedInstancesCommand, EC2Client, type ReservedInstances } from '@aws-sdk/client-ec2';
import { paginateDescribeReservedDBInstances, RDSClient, type ReservedDBInstance } from '@aws-sdk/client-rds';
import { DescribeSavingsPlansCommand, SavingsplansClient, type SavingsPlan } from '@aws-sdk/client-savingsplans';
import {
  CostExplorerClient,
  GetReservationUtilizationCommand,
  paginateGetSavingsPlansUtilizationDetails,
  type ReservationAggregates,
} from '@aws-sdk/client-cost-explorer';
import type { SnapshotInput } from '../../snapshot/index.js';
import type { CollectContext, Collector } from '../collector.js';
import { ceCall, ceError, COST_EXPLORER_NOT_ENABLED, forAccount, optionalAmount } from '../cost-explorer.js';
import { pagesOf } from '../pagination.js';
import { addDays, daysOf, periodBounds } from '../periods.js';
import { isRegionCode } from '../regions.js';
import { errorName, isoTime } from './common.js';

type RiSpPart = NonNullable<SnapshotInput['ri_sp_savings']>;
type Row = RiSpPart[number];

/** Cost Explorer's answer when there is nothing to report for the period. */
const NO_DATA = 'DataUnavailableException';

interface Lease {
  service: string;
  region: string;
  instanceType?: string;
  count?: number;
  offeringType?: string;
  state?: string;
  start?: Date;
  end?: Date;
}

interface Inventory {
  /** Keyed by lease id (EC2 ReservedInstancesId, RDS LeaseId): Cost Explorer's `leaseId` attribute. */
  leases: Map<string, Lease>;
  savingsPlans: SavingsPlan[];
  /** False when a Savings Plans listing failed, so "none found" proves nothing. */
  savingsPlansComplete: boolean;
}

function overlaps(period: { start: string; end: string }, start: Date | undefined, end: Date | undefined): boolean {
  const bounds = periodBounds(period);
  return (start === undefined || start < bounds.end) && (end === undefined || end > bounds.start);
}

function ec2Lease(ri: ReservedInstances, region: string): Lease {
  return {
    service: 'Amazon Elastic Compute Cloud - Compute',
    region,
    instanceType: ri.InstanceType,
    count: ri.InstanceCount,
    offeringType: ri.OfferingType,
    state: ri.State,
    start: ri.Start,
    end: ri.End,
  };
}

function rdsLease(ri: ReservedDBInstance, region: string): Lease {
  const end = ri.StartTime && ri.Duration ? new Date(ri.StartTime.getTime() + ri.Duration * 1000) : undefined;
  return {
    service: 'Amazon Relational Database Service',
    region,
    instanceType: ri.DBInstanceClass,
    count: ri.DBInstanceCount,
    offeringType: ri.OfferingType,
    state: ri.State,
    start: ri.StartTime,
    end,
  };
}

/** RIs of every region and the account's Savings Plans. A listing that fails only loses enrichment. */
async function inventory(ctx: CollectContext): Promise<Inventory> {
  const leases = new Map<string, Lease>();
  const regional = ctx.regions.map(async (region) => {
    const ec2 = await ctx.client(EC2Client, region).send(new DescribeReservedInstancesCommand({}));
    for (const ri of ec2.ReservedInstances ?? []) {
      if (ri.ReservedInstancesId && overlaps(ctx.period, ri.Start, ri.End)) leases.set(ri.ReservedInstancesId, ec2Lease(ri, region));
    }
    for await (const page of paginateDescribeReservedDBInstances({ client: ctx.client(RDSClient, region) }, {})) {
      for (const ri of page.ReservedDBInstances ?? []) {
        const lease = rdsLease(ri, region);
        if (ri.LeaseId && overlaps(ctx.period, lease.start, lease.end)) leases.set(ri.LeaseId, lease);
      }
    }
  });
  const savingsPlans: SavingsPlan[] = [];
  const plans = (async () => {
    const sp = ctx.client(SavingsplansClient);
    for await (const page of pagesOf((token) => sp.send(new DescribeSavingsPlansCommand({ nextToken: token })), (p) => p.nextToken)) {
      for (const plan of page.savingsPlans ?? []) {
        if (overlaps(ctx.period, dateOf(plan.start), dateOf(plan.end))) savingsPlans.push(plan);
      }
    }
  })();
  const settled = await Promise.allSettled([...regional, plans]);
  if (ctx.signal.aborted) throw ctx.signal.reason;
  return { leases, savingsPlans, savingsPlansComplete: settled.at(-1)?.status === 'fulfilled' };
}

function dateOf(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function percent(value: string | undefined): number | null {
  const n = optionalAmount(value);
  return n === undefined ? null : Math.min(100, Math.max(0, n));
}

function count(value: string | number | undefined): number | null {
  const n = typeof value === 'number' ? value : optionalAmount(value);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : null;
}

function serviceOf(instanceType: string | undefined): string | null {
  if (instanceType?.startsWith('db.')) return 'Amazon Relational Database Service';
  if (instanceType?.startsWith('cache.')) return 'Amazon ElastiCache';
  return null;
}

function reservationRow(date: string, subscriptionId: string, attrs: Record<string, string>, u: ReservationAggregates, lease: Lease | undefined): Row {
  const total = optionalAmount(u.TotalAmortizedFee);
  const unused = optionalAmount(u.RICostForUnusedHours);
  const region = isRegionCode(attrs.region) ? attrs.region : (lease?.region ?? null);
  const instanceType = attrs.instanceType ?? lease?.instanceType ?? null;
  return {
    date,
    reservation_type: 'RI',
    subscription_id: subscriptionId,
    service: lease?.service ?? serviceOf(instanceType ?? undefined),
    region,
    instance_type: instanceType,
    instance_count: count(attrs.numberOfInstances) ?? count(lease?.count),
    offering_type: attrs.subscriptionType ?? lease?.offeringType ?? null,
    plan_type: null,
    state: attrs.subscriptionStatus ?? lease?.state ?? null,
    utilization_pct: percent(u.UtilizationPercentage),
    on_demand_equivalent: optionalAmount(u.OnDemandCostOfRIHoursUsed) ?? null,
    amortized_commitment: total ?? null,
    used_commitment: total !== undefined ? total - (unused ?? 0) : null,
    total_commitment: total ?? null,
    net_savings: optionalAmount(u.NetRISavings) ?? null,
    currency: 'USD',
    start_time: isoTime(attrs.startDateTime) ?? isoTime(lease?.start),
    end_time: isoTime(attrs.endDateTime) ?? isoTime(lease?.end),
  };
}

/**
 * GetReservationUtilization covers every RI service (EC2, RDS, ElastiCache, Redshift, OpenSearch …)
 * while the inventory only lists EC2 and RDS, so it is always asked (one request for a day).
 */
async function reservations(ctx: CollectContext, ce: CostExplorerClient, leases: Map<string, Lease>): Promise<Row[]> {
  const rows: Row[] = [];
  try {
    const pages = pagesOf(
      (token) =>
        ceCall(() =>
          ce.send(
            new GetReservationUtilizationCommand({
              TimePeriod: { Start: ctx.period.start, End: ctx.period.end },
              Granularity: 'DAILY',
              GroupBy: [{ Type: 'DIMENSION', Key: 'SUBSCRIPTION_ID' }],
              Filter: forAccount(ctx.accountId),
              NextPageToken: token,
            }),
          ),
        ),
      (page) => page.NextPageToken,
    );
    for await (const page of pages) {
      for (const day of page.UtilizationsByTime ?? []) {
        const date = day.TimePeriod?.Start;
        if (!date) continue;
        for (const group of day.Groups ?? []) {
          const attrs = group.Attributes ?? {};
          const id = group.Value ?? attrs.subscriptionId;
          if (!id || !group.Utilization) continue;
          rows.push(reservationRow(date, id, attrs, group.Utilization, attrs.leaseId ? leases.get(attrs.leaseId) : undefined));
        }
      }
    }
  } catch (error) {
    if (errorName(error) === NO_DATA) return [];
    throw error;
  }
  return rows;
}

/** GetSavingsPlansUtilizationDetails has no granularity: one query per day of the period. */
async function savingsPlans(ctx: CollectContext, ce: CostExplorerClient, plans: SavingsPlan[]): Promise<Row[]> {
  const byArn = new Map(plans.filter((p) => p.savingsPlanArn).map((p) => [p.savingsPlanArn!, p]));
  const rows: Row[] = [];
  for (const date of daysOf(ctx.period)) {
    try {
      const pages = paginateGetSavingsPlansUtilizationDetails({ client: ce }, { TimePeriod: { Start: date, End: addDays(date, 1) }, Filter: forAccount(ctx.accountId) });
      for await (const page of pages) {
        for (const detail of page.SavingsPlansUtilizationDetails ?? []) {
          if (!detail.SavingsPlanArn) continue;
          const plan = byArn.get(detail.SavingsPlanArn);
          const region = isRegionCode(plan?.region) ? plan.region : null;
          rows.push({
            date,
            reservation_type: 'SP',
            subscription_id: detail.SavingsPlanArn,
            service: null,
            region,
            instance_type: null,
            instance_count: null,
            offering_type: plan?.paymentOption ?? null,
            plan_type: plan?.savingsPlanType ?? detail.Attributes?.savingsPlanType ?? null,
            state: plan?.state ?? null,
            utilization_pct: percent(detail.Utilization?.UtilizationPercentage),
            on_demand_equivalent: optionalAmount(detail.Savings?.OnDemandCostEquivalent) ?? null,
            amortized_commitment: optionalAmount(detail.AmortizedCommitment?.TotalAmortizedCommitment) ?? null,
            used_commitment: optionalAmount(detail.Utilization?.UsedCommitment) ?? null,
            total_commitment: optionalAmount(detail.Utilization?.TotalCommitment) ?? null,
            net_savings: optionalAmount(detail.Savings?.NetSavings) ?? null,
            currency: plan?.currency && /^[A-Z]{3}$/.test(plan.currency) ? plan.currency : 'USD',
            start_time: isoTime(plan?.start),
            end_time: isoTime(plan?.end),
          });
        }
      }
    } catch (error) {
      const mapped = ceError(error);
      if (errorName(mapped) === NO_DATA) continue;
      throw mapped;
    }
  }
  return rows;
}

export const riSpSavingsCollector: Collector<RiSpPart> = {
  name: 'ri_sp_savings',
  target: { section: 'ri_sp_savings' },
  scope: 'account',
  api: [
    'ec2:DescribeReservedInstances',
    'rds:DescribeReservedDBInstances',
    'savingsplans:DescribeSavingsPlans',
    'ce:GetReservationUtilization',
    'ce:GetSavingsPlansUtilizationDetails',
  ],
  notEnabledErrors: COST_EXPLORER_NOT_ENABLED,
  timeSeries: true,
  granularities: ['DAILY', 'MONTHLY'],
  async collect(ctx) {
    const inv = await inventory(ctx);
    const ce = ctx.client(CostExplorerClient);
    const ri = await reservations(ctx, ce, inv.leases);
    const needPlans = inv.savingsPlans.length > 0 || !inv.savingsPlansComplete;
    const sp = needPlans ? await savingsPlans(ctx, ce, inv.savingsPlans) : [];
    return [...ri, ...sp];
  },
};
