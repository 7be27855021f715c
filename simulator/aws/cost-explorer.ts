// Cost Explorer, Savings Plans and reservation inventories: answered from the daily cost records,
// honouring the time period, granularity, filter expression, group-bys and page tokens.
import type {
  DateInterval,
  Expression,
  GetCostAndUsageCommandInput,
  GetCostAndUsageCommandOutput,
  GetCostForecastCommandInput,
  GetCostForecastCommandOutput,
  GetReservationUtilizationCommandInput,
  GetReservationUtilizationCommandOutput,
  GetSavingsPlansUtilizationDetailsCommandInput,
  GetSavingsPlansUtilizationDetailsCommandOutput,
  Group,
  MetricValue,
  ReservationAggregates,
  ResultByTime,
  SavingsPlansUtilizationDetail,
  UtilizationByTime,
} from '@aws-sdk/client-cost-explorer';
import type { DescribeSavingsPlansCommandInput, DescribeSavingsPlansCommandOutput, SavingsPlan } from '@aws-sdk/client-savingsplans';
import type { DescribeReservedInstancesCommandInput, DescribeReservedInstancesCommandOutput } from '@aws-sdk/client-ec2';
import type { DescribeReservedDBInstancesCommandInput, DescribeReservedDBInstancesCommandOutput } from '@aws-sdk/client-rds';
import { stream } from '../rng.js';
import { addMonths, dateOfDay, dayNumber, dayOfMonth, DAY_MS } from '../dates.js';
import { expectedQuantity, type CostEffect, type CostRecord } from '../world/cost.js';
import type { AccountDay } from '../world/index.js';
import type { ReservationSpec } from '../world/profile.js';
import { amount, handler, page, SimulatedServiceError, type CallContext, type ServiceResponders } from './types.js';

const MAX_GROUPS_PER_PAGE = 500;

function dimensionValue(r: CostRecord, key: string, accountId: string): string {
  switch (key) {
    case 'SERVICE':
      return r.service;
    case 'USAGE_TYPE':
      return r.usageType;
    case 'REGION':
      return r.region;
    case 'RECORD_TYPE':
      return r.recordType;
    case 'LINKED_ACCOUNT':
      return accountId;
    case 'INSTANCE_TYPE':
      return r.instanceType ?? 'NoInstanceType';
    case 'OPERATION':
      return r.operation || 'NoOperation';
    case 'BILLING_ENTITY':
      return r.billingEntity;
    case 'PURCHASE_TYPE':
      return r.recordType === 'Usage' && r.instanceType ? 'On Demand Instances' : 'NoPurchaseType';
    case 'USAGE_TYPE_GROUP':
      return `${r.service}: ${r.unit}`;
    case 'AZ':
      return 'NoAZ';
    case 'PLATFORM':
      return r.instanceType ? 'Linux/UNIX' : 'NoPlatform';
    case 'TENANCY':
      return 'NoTenancy';
    case 'LEGAL_ENTITY_NAME':
      return r.billingEntity === 'AWS Marketplace' ? 'AWS Marketplace' : 'Amazon Web Services, Inc.';
    default:
      throw new SimulatedServiceError('ValidationException', `Unsupported dimension: ${key}`);
  }
}

function matchValue(value: string, values: readonly string[], options: readonly string[]): boolean {
  const insensitive = options.includes('CASE_INSENSITIVE');
  const norm = (s: string) => (insensitive ? s.toLowerCase() : s);
  const v = norm(value);
  if (options.includes('STARTS_WITH')) return values.some((x) => v.startsWith(norm(x)));
  if (options.includes('ENDS_WITH')) return values.some((x) => v.endsWith(norm(x)));
  if (options.includes('CONTAINS')) return values.some((x) => v.includes(norm(x)));
  return values.some((x) => norm(x) === v);
}

/** Cost Explorer's filter expression over one record (no tags or cost categories exist here). */
export function matches(expr: Expression | undefined, r: CostRecord, accountId: string): boolean {
  if (!expr) return true;
  if (expr.And) return expr.And.every((e) => matches(e, r, accountId));
  if (expr.Or) return expr.Or.some((e) => matches(e, r, accountId));
  if (expr.Not) return !matches(expr.Not, r, accountId);
  if (expr.Dimensions) {
    const { Key, Values = [], MatchOptions = [] } = expr.Dimensions;
    if (!Key) throw new SimulatedServiceError('ValidationException', 'Dimension key is required');
    if (MatchOptions.includes('ABSENT')) return false;
    return matchValue(dimensionValue(r, Key, accountId), Values, MatchOptions);
  }
  if (expr.Tags) return (expr.Tags.MatchOptions ?? []).includes('ABSENT');
  if (expr.CostCategories) return (expr.CostCategories.MatchOptions ?? []).includes('ABSENT');
  return true;
}

interface Bucket {
  start: string;
  end: string;
  days: number[];
}

function buckets(period: DateInterval | undefined, granularity: string | undefined): Bucket[] {
  const start = period?.Start;
  const end = period?.End;
  if (!start || !end || !/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end)) throw new SimulatedServiceError('ValidationException', 'TimePeriod Start and End are required as YYYY-MM-DD');
  const s = dayNumber(start);
  const e = dayNumber(end);
  if (e <= s) throw new SimulatedServiceError('ValidationException', 'Start date (and hour) should be before end date (and hour)');
  if (granularity === 'HOURLY') throw new SimulatedServiceError('ValidationException', 'Hourly granularity is only available for the last 14 days when enabled in Cost Explorer preferences');
  const out: Bucket[] = [];
  if (granularity === 'MONTHLY') {
    let from = s;
    while (from < e) {
      const next = Math.min(e, dayNumber(addMonths(`${dateOfDay(from).slice(0, 7)}-01`, 1)));
      out.push({ start: dateOfDay(from), end: dateOfDay(next), days: Array.from({ length: next - from }, (_, i) => from + i) });
      from = next;
    }
  } else {
    for (let d = s; d < e; d++) out.push({ start: dateOfDay(d), end: dateOfDay(d + 1), days: [d] });
  }
  return out;
}

/** Records of a day, if the day has been billed by collection time (nothing from today on). */
function recordsOf(day: AccountDay, d: number): CostRecord[] {
  const today = Math.floor(day.collectedAt.getTime() / DAY_MS);
  return d < today ? day.costs(d) : [];
}

const COST_METRICS = new Set(['UnblendedCost', 'BlendedCost', 'AmortizedCost', 'NetUnblendedCost', 'NetAmortizedCost']);

function metricValues(metrics: readonly string[], cost: number, quantity: number, unit: string): Record<string, MetricValue> {
  const out: Record<string, MetricValue> = {};
  for (const m of metrics) {
    if (COST_METRICS.has(m)) out[m] = { Amount: amount(cost), Unit: 'USD' };
    else if (m === 'UsageQuantity' || m === 'NormalizedUsageAmount') out[m] = { Amount: amount(quantity), Unit: unit };
    else throw new SimulatedServiceError('ValidationException', `Unsupported metric: ${m}`);
  }
  return out;
}

export function getCostAndUsage(input: GetCostAndUsageCommandInput, ctx: CallContext): Omit<GetCostAndUsageCommandOutput, '$metadata'> {
  const { day } = ctx;
  const metrics = input.Metrics ?? [];
  if (metrics.length === 0) throw new SimulatedServiceError('ValidationException', 'Metrics is required');
  const groupBy = input.GroupBy ?? [];
  if (groupBy.length > 2) throw new SimulatedServiceError('ValidationException', 'GroupBy supports at most two keys');
  const accountId = day.account.id;
  const currentMonth = dayNumber(`${day.collectedAt.toISOString().slice(0, 7)}-01`);
  const results: { result: ResultByTime; groups: Group[] }[] = [];
  for (const b of buckets(input.TimePeriod, input.Granularity)) {
    const groups = new Map<string, { keys: string[]; cost: number; quantity: number; units: Set<string> }>();
    let totalCost = 0;
    let totalQuantity = 0;
    const units = new Set<string>();
    for (const d of b.days) {
      for (const r of recordsOf(day, d)) {
        if (!matches(input.Filter, r, accountId)) continue;
        totalCost += r.cost;
        totalQuantity += r.quantity;
        units.add(r.unit);
        if (groupBy.length === 0) continue;
        const keys = groupBy.map((g) => (g.Type === 'TAG' ? `${g.Key ?? ''}$` : g.Type === 'COST_CATEGORY' ? `${g.Key ?? ''}$` : dimensionValue(r, g.Key ?? '', accountId)));
        const k = keys.join('\u001f');
        const cur = groups.get(k) ?? { keys, cost: 0, quantity: 0, units: new Set<string>() };
        cur.cost += r.cost;
        cur.quantity += r.quantity;
        cur.units.add(r.unit);
        groups.set(k, cur);
      }
    }
    const estimated = dayNumber(b.end) > currentMonth;
    const list: Group[] = [...groups.values()]
      .sort((x, y) => (x.keys.join('|') < y.keys.join('|') ? -1 : 1))
      .map((g) => ({ Keys: g.keys, Metrics: metricValues(metrics, g.cost, g.quantity, g.units.size === 1 ? [...g.units][0] ?? 'N/A' : 'N/A') }));
    results.push({
      result: { TimePeriod: { Start: b.start, End: b.end }, Total: groupBy.length === 0 ? metricValues(metrics, totalCost, totalQuantity, units.size === 1 ? [...units][0] ?? 'N/A' : 'N/A') : {}, Groups: [], Estimated: estimated },
      groups: list,
    });
  }
  // Pages are cut by groups across the time periods, as Cost Explorer does for grouped queries.
  const flat: { index: number; group?: Group }[] = [];
  results.forEach((r, index) => {
    if (r.groups.length === 0) flat.push({ index });
    for (const g of r.groups) flat.push({ index, group: g });
  });
  const { items, next } = page(flat, input.NextPageToken, MAX_GROUPS_PER_PAGE, MAX_GROUPS_PER_PAGE, 'ce');
  const byIndex = new Map<number, ResultByTime>();
  for (const item of items) {
    const src = results[item.index];
    if (!src) continue;
    let r = byIndex.get(item.index);
    if (!r) byIndex.set(item.index, (r = { ...src.result, Groups: [] }));
    if (item.group) r.Groups?.push(item.group);
  }
  return {
    GroupDefinitions: groupBy.length > 0 ? groupBy : undefined,
    ResultsByTime: [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r),
    DimensionValueAttributes: [],
    NextPageToken: next,
  };
}

/** Expected cost of a future day: the model without noise, with the anomalies that persist. */
function expectedCost(day: AccountDay, d: number, effects: readonly CostEffect[]): number {
  let total = 0;
  for (const l of day.profile.lines) {
    let c = l.pattern === 'monthly' ? (dayOfMonth(d) === 1 ? l.unitPrice * (l.quantity || 24 * 30) : 0) : expectedQuantity(l, d) * l.unitPrice;
    for (const e of effects) if (e.kind === 'scale' && e.service === l.service && l.recordType === 'Usage') c *= e.factor;
    total += c;
  }
  for (const e of effects) if (e.kind === 'add') total += e.record.cost;
  return total;
}

export function getCostForecast(input: GetCostForecastCommandInput, ctx: CallContext): Omit<GetCostForecastCommandOutput, '$metadata'> {
  const { day } = ctx;
  const today = Math.floor(day.collectedAt.getTime() / DAY_MS);
  const start = input.TimePeriod?.Start ? dayNumber(input.TimePeriod.Start) : today;
  if (start < today) throw new SimulatedServiceError('ValidationException', 'Start date must be equal to or greater than the current date');
  const effects = day.world.plan.forAccountDay(day.account.id, today - 1).costEffects.filter((e) => e.kind === 'scale' || e.record.service !== 'Amazon Elastic Compute Cloud - Compute');
  const bs = buckets(input.TimePeriod, input.Granularity);
  const level = (input.PredictionIntervalLevel ?? 80) / 100;
  const z = level >= 0.95 ? 1.96 : level >= 0.9 ? 1.64 : 1.28;
  let total = 0;
  const results = bs.map((b) => {
    const mean = b.days.reduce((s, d) => s + expectedCost(day, d, effects), 0);
    total += mean;
    const spread = mean * 0.06 * Math.sqrt(b.days.length / 30) * (z / 1.28) + mean * 0.02;
    return { TimePeriod: { Start: b.start, End: b.end }, MeanValue: amount(mean), PredictionIntervalLowerBound: amount(Math.max(0, mean - spread)), PredictionIntervalUpperBound: amount(mean + spread) };
  });
  if (total === 0) throw new SimulatedServiceError('DataUnavailableException', 'Insufficient amount of historical data to generate forecast.');
  return { Total: { Amount: amount(total), Unit: 'USD' }, ForecastResultsByTime: results };
}

function subscriptionId(ri: ReservationSpec): string {
  return String(stream('subscription', ri.id).int(1_000_000_000, 9_999_999_999));
}

function riUtilization(day: AccountDay, ri: ReservationSpec, d: number): ReservationAggregates {
  const rng = stream(day.seed, 'ri-util', ri.id, d);
  const purchased = 24 * ri.count;
  const util = Math.min(1, ri.utilization * (1 + rng.range(-0.04, 0.02)));
  const used = purchased * util;
  const onDemandRate = ri.recurringHourly / 0.62;
  const upfrontPerHour = ri.fixedPrice / ((ri.end.getTime() - ri.start.getTime()) / 3_600_000) ;
  const amortUpfront = upfrontPerHour * purchased;
  const amortRecurring = ri.recurringHourly * purchased;
  const totalFee = amortUpfront + amortRecurring;
  const onDemandUsed = used * (onDemandRate + upfrontPerHour);
  const unusedCost = totalFee * (1 - util);
  return {
    UtilizationPercentage: amount(util * 100),
    UtilizationPercentageInUnits: amount(util * 100),
    PurchasedHours: amount(purchased),
    PurchasedUnits: amount(purchased * 4),
    TotalActualHours: amount(used),
    TotalActualUnits: amount(used * 4),
    UnusedHours: amount(purchased - used),
    UnusedUnits: amount((purchased - used) * 4),
    OnDemandCostOfRIHoursUsed: amount(onDemandUsed),
    NetRISavings: amount(onDemandUsed - totalFee),
    TotalPotentialRISavings: amount(purchased * (onDemandRate + upfrontPerHour) - totalFee),
    AmortizedUpfrontFee: amount(amortUpfront),
    AmortizedRecurringFee: amount(amortRecurring),
    TotalAmortizedFee: amount(totalFee),
    RICostForUnusedHours: amount(unusedCost),
    RealizedSavings: amount(onDemandUsed - totalFee + unusedCost),
    UnrealizedSavings: amount(unusedCost),
  };
}

function sumAggregates(list: readonly ReservationAggregates[]): ReservationAggregates {
  const keys: (keyof ReservationAggregates)[] = ['PurchasedHours', 'TotalActualHours', 'UnusedHours', 'OnDemandCostOfRIHoursUsed', 'NetRISavings', 'TotalPotentialRISavings', 'AmortizedUpfrontFee', 'AmortizedRecurringFee', 'TotalAmortizedFee', 'RICostForUnusedHours', 'RealizedSavings', 'UnrealizedSavings'];
  const out: ReservationAggregates = {};
  for (const k of keys) out[k] = amount(list.reduce((s, a) => s + Number(a[k] ?? 0), 0));
  const purchased = Number(out.PurchasedHours ?? 0);
  out.UtilizationPercentage = amount(purchased > 0 ? (Number(out.TotalActualHours ?? 0) / purchased) * 100 : 0);
  return out;
}

function leaseOf(ri: ReservationSpec): string {
  return ri.service === 'RDS' ? stream('lease', ri.id).uuid() : ri.id;
}

export function getReservationUtilization(input: GetReservationUtilizationCommandInput, ctx: CallContext): Omit<GetReservationUtilizationCommandOutput, '$metadata'> {
  const { day } = ctx;
  const today = Math.floor(day.collectedAt.getTime() / DAY_MS);
  const bs = buckets(input.TimePeriod, input.Granularity ?? 'DAILY');
  const grouped = (input.GroupBy ?? []).some((g) => g.Key === 'SUBSCRIPTION_ID');
  const all: ReservationAggregates[] = [];
  const byTime: UtilizationByTime[] = bs.map((b) => {
    const groups = [];
    const aggs: ReservationAggregates[] = [];
    for (const ri of day.profile.reservations) {
      const days = b.days.filter((d) => d < today && d * DAY_MS >= ri.start.getTime() - DAY_MS && d * DAY_MS < ri.end.getTime());
      if (days.length === 0) continue;
      const u = days.length === 1 ? riUtilization(day, ri, days[0] as number) : sumAggregates(days.map((d) => riUtilization(day, ri, d)));
      aggs.push(u);
      if (grouped) {
        groups.push({
          Key: 'SUBSCRIPTION_ID',
          Value: subscriptionId(ri),
          Attributes: {
            accountName: day.account.name,
            leaseId: leaseOf(ri),
            subscriptionId: subscriptionId(ri),
            region: ri.region,
            instanceType: ri.instanceType,
            numberOfInstances: String(ri.count),
            platform: ri.service === 'RDS' ? day.profile.dbs[0]?.engine ?? 'postgresql' : 'Linux/UNIX',
            tenancy: 'Shared',
            subscriptionType: ri.offeringType,
            subscriptionStatus: 'Active',
            startDateTime: ri.start.toISOString(),
            endDateTime: ri.end.toISOString(),
            scope: 'Region',
          },
          Utilization: u,
        });
      }
    }
    all.push(...aggs);
    return { TimePeriod: { Start: b.start, End: b.end }, Groups: groups, Total: sumAggregates(aggs) };
  });
  if (all.length === 0) throw new SimulatedServiceError('DataUnavailableException', 'Data is not available. Please try to adjust the time period. If just enabled Cost Explorer, data might not be ingested yet');
  return { UtilizationsByTime: byTime, Total: sumAggregates(all) };
}

export function getSavingsPlansUtilizationDetails(input: GetSavingsPlansUtilizationDetailsCommandInput, ctx: CallContext): Omit<GetSavingsPlansUtilizationDetailsCommandOutput, '$metadata'> {
  const { day } = ctx;
  const today = Math.floor(day.collectedAt.getTime() / DAY_MS);
  const bs = buckets(input.TimePeriod, 'MONTHLY');
  const from = dayNumber(bs[0]?.start ?? '1970-01-01');
  const to = dayNumber(bs.at(-1)?.end ?? '1970-01-01');
  if (to > today) throw new SimulatedServiceError('ValidationException', "End date can't be in the future");
  const details: SavingsPlansUtilizationDetail[] = [];
  let commitment = 0;
  let used = 0;
  let savings = 0;
  let onDemand = 0;
  for (const sp of day.profile.savingsPlans) {
    const days: number[] = [];
    for (let d = from; d < to; d++) if (d * DAY_MS >= sp.start.getTime() - DAY_MS && d * DAY_MS < sp.end.getTime()) days.push(d);
    if (days.length === 0) continue;
    let c = 0;
    let u = 0;
    for (const d of days) {
      const rng = stream(day.seed, 'sp-util', sp.id, d);
      c += sp.hourlyCommitment * 24;
      u += sp.hourlyCommitment * 24 * Math.min(1, sp.utilization * (1 + rng.range(-0.03, 0.03)));
    }
    const od = u / 0.72;
    commitment += c;
    used += u;
    savings += od - c;
    onDemand += od;
    details.push({
      SavingsPlanArn: sp.arn,
      Attributes: { AccountId: day.account.id, AccountName: day.account.name, SavingsPlansType: sp.type, PaymentOption: sp.paymentOption, StartDate: sp.start.toISOString(), EndDate: sp.end.toISOString() },
      Utilization: { TotalCommitment: amount(c), UsedCommitment: amount(u), UnusedCommitment: amount(c - u), UtilizationPercentage: amount((u / c) * 100) },
      Savings: { NetSavings: amount(od - c), OnDemandCostEquivalent: amount(od) },
      AmortizedCommitment: { AmortizedRecurringCommitment: amount(c), AmortizedUpfrontCommitment: '0', TotalAmortizedCommitment: amount(c) },
    });
  }
  if (details.length === 0) throw new SimulatedServiceError('DataUnavailableException', 'Data is not available. Please try to adjust the time period.');
  const { items, next } = page(details, input.NextToken, input.MaxResults, 1000, 'sp');
  return {
    SavingsPlansUtilizationDetails: items,
    Total: {
      Utilization: { TotalCommitment: amount(commitment), UsedCommitment: amount(used), UnusedCommitment: amount(commitment - used), UtilizationPercentage: amount(commitment > 0 ? (used / commitment) * 100 : 0) },
      Savings: { NetSavings: amount(savings), OnDemandCostEquivalent: amount(onDemand) },
      AmortizedCommitment: { AmortizedRecurringCommitment: amount(commitment), AmortizedUpfrontCommitment: '0', TotalAmortizedCommitment: amount(commitment) },
    },
    TimePeriod: { Start: dateOfDay(from), End: dateOfDay(to) },
    NextToken: next,
  };
}

export const costExplorer: ServiceResponders = {
  GetCostAndUsage: handler<GetCostAndUsageCommandInput, GetCostAndUsageCommandOutput>(getCostAndUsage),
  GetCostForecast: handler<GetCostForecastCommandInput, GetCostForecastCommandOutput>(getCostForecast),
  GetReservationUtilization: handler<GetReservationUtilizationCommandInput, GetReservationUtilizationCommandOutput>(getReservationUtilization),
  GetSavingsPlansUtilizationDetails: handler<GetSavingsPlansUtilizationDetailsCommandInput, GetSavingsPlansUtilizationDetailsCommandOutput>(getSavingsPlansUtilizationDetails),
};

export const savingsPlans: ServiceResponders = {
  DescribeSavingsPlans: handler<DescribeSavingsPlansCommandInput, DescribeSavingsPlansCommandOutput>((input, { day }) => {
    const plans: SavingsPlan[] = day.profile.savingsPlans.map((sp) => ({
      offeringId: stream('offering', sp.id).uuid(),
      savingsPlanId: sp.id,
      savingsPlanArn: sp.arn,
      description: `1 year No Upfront ${sp.type} Savings Plan`,
      start: sp.start.toISOString(),
      end: sp.end.toISOString(),
      state: day.collectedAt.getTime() < sp.end.getTime() ? 'active' : 'retired',
      savingsPlanType: sp.type,
      paymentOption: sp.paymentOption,
      productTypes: ['EC2', 'Fargate', 'Lambda'],
      currency: 'USD',
      commitment: String(sp.hourlyCommitment),
      upfrontPaymentAmount: '0',
      recurringPaymentAmount: String(sp.hourlyCommitment),
      termDurationInSeconds: 31_536_000,
      tags: {},
    }));
    const { items, next } = page(plans, input.nextToken, input.maxResults, 1000, 'plans');
    return { savingsPlans: items, nextToken: next };
  }),
};

export function describeReservedInstances(_input: DescribeReservedInstancesCommandInput, ctx: CallContext): Omit<DescribeReservedInstancesCommandOutput, '$metadata'> {
  const now = ctx.day.collectedAt.getTime();
  return {
    ReservedInstances: ctx.day.profile.reservations
      .filter((ri) => ri.service === 'EC2' && ri.region === ctx.region)
      .map((ri) => ({
        ReservedInstancesId: ri.id,
        InstanceType: ri.instanceType as never,
        Scope: 'Region',
        Start: ri.start,
        End: ri.end,
        Duration: Math.round((ri.end.getTime() - ri.start.getTime()) / 1000),
        FixedPrice: ri.fixedPrice,
        UsagePrice: 0,
        InstanceCount: ri.count,
        ProductDescription: 'Linux/UNIX',
        State: now < ri.end.getTime() ? 'active' : 'retired',
        InstanceTenancy: 'default',
        CurrencyCode: 'USD',
        OfferingClass: 'standard',
        OfferingType: ri.offeringType,
        RecurringCharges: ri.offeringType === 'All Upfront' ? [] : [{ Frequency: 'Hourly', Amount: ri.recurringHourly }],
      })),
  };
}

export function describeReservedDBInstances(input: DescribeReservedDBInstancesCommandInput, ctx: CallContext): Omit<DescribeReservedDBInstancesCommandOutput, '$metadata'> {
  const now = ctx.day.collectedAt.getTime();
  const list = ctx.day.profile.reservations
    .filter((ri) => ri.service === 'RDS' && ri.region === ctx.region)
    .map((ri) => ({
      ReservedDBInstanceId: ri.id,
      ReservedDBInstancesOfferingId: stream('rds-offering', ri.id).uuid(),
      DBInstanceClass: ri.instanceType,
      StartTime: ri.start,
      Duration: Math.round((ri.end.getTime() - ri.start.getTime()) / 1000),
      FixedPrice: ri.fixedPrice,
      UsagePrice: 0,
      CurrencyCode: 'USD',
      DBInstanceCount: ri.count,
      ProductDescription: ctx.day.profile.dbs[0]?.engine ?? 'postgresql',
      OfferingType: ri.offeringType,
      MultiAZ: ri.multiAz,
      State: now < ri.end.getTime() ? 'active' : 'retired',
      RecurringCharges: [{ RecurringChargeAmount: ri.recurringHourly, RecurringChargeFrequency: 'Hourly' }],
      ReservedDBInstanceArn: `arn:aws:rds:${ri.region}:${ctx.day.account.id}:ri:${ri.id}`,
      LeaseId: leaseOf(ri),
    }));
  const { items, next } = page(list, input.Marker, input.MaxRecords, 100, 'ri');
  return { ReservedDBInstances: items, Marker: next };
}
