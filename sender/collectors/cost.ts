// Cost of the period for this account: total (with credits), the previous period of the same
// length, the top services and Cost Explorer's forecast to the end of the month. Cost Explorer
// bills every request, so the total, the credits and the top services come from one grouped query.
import { CostExplorerClient, GetCostForecastCommand } from '@aws-sdk/client-cost-explorer';
import type { SnapshotInput } from '../../snapshot/index.js';
import type { CollectContext, Collector } from '../collector.js';
import { amount, ceCall, costAndUsagePages, COST_EXPLORER_NOT_ENABLED, currencyOf, forAccount, optionalAmount } from '../cost-explorer.js';
import { isoDay, nextMonthStart, previousPeriod } from '../periods.js';
import { errorName } from './common.js';

type CostPart = NonNullable<SnapshotInput['cost']>;
type Forecast = NonNullable<CostPart['forecast']>;

export const TOP_SERVICES = 5;

/** Forecast errors that only mean "no forecast": too little history, or nothing to forecast. */
const NO_FORECAST = ['DataUnavailableException'];

async function forecast(ctx: CollectContext, ce: CostExplorerClient): Promise<Forecast> {
  // A forecast is made today; attaching one to a past period (backfill) would relabel today's view.
  const today = isoDay(ctx.now());
  if (ctx.period.end < today) return [];
  const start = ctx.period.end > today ? ctx.period.end : today;
  const end = nextMonthStart(start);
  try {
    const out = await ceCall(() =>
      ce.send(
        new GetCostForecastCommand({
          TimePeriod: { Start: start, End: end },
          Metric: 'UNBLENDED_COST',
          Granularity: 'MONTHLY',
          PredictionIntervalLevel: 80,
          Filter: forAccount(ctx.accountId),
        }),
      ),
    );
    return (out.ForecastResultsByTime ?? []).map((f) => ({
      start: f.TimePeriod?.Start ?? start,
      end: f.TimePeriod?.End ?? end,
      mean: amount(f.MeanValue),
      lower: optionalAmount(f.PredictionIntervalLowerBound) ?? null,
      upper: optionalAmount(f.PredictionIntervalUpperBound) ?? null,
    }));
  } catch (error) {
    if (NO_FORECAST.includes(errorName(error) ?? '')) return [];
    throw error;
  }
}

export const costCollector: Collector<CostPart> = {
  name: 'cost',
  target: { section: 'cost' },
  scope: 'account',
  api: ['ce:GetCostAndUsage', 'ce:GetCostForecast'],
  notEnabledErrors: COST_EXPLORER_NOT_ENABLED,
  timeSeries: true,
  granularities: ['DAILY', 'MONTHLY'],
  async collect(ctx) {
    const ce = ctx.client(CostExplorerClient);
    const { period } = ctx;
    const previous = previousPeriod(period);

    let total = 0;
    let credits = 0;
    let unit: string | undefined;
    const byService = new Map<string, number>();
    for await (const page of costAndUsagePages(ce, {
      TimePeriod: { Start: period.start, End: period.end },
      Granularity: period.granularity,
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'RECORD_TYPE' },
      ],
      Filter: forAccount(ctx.accountId),
    })) {
      for (const result of page.ResultsByTime ?? []) {
        for (const group of result.Groups ?? []) {
          const [service = 'Unknown', recordType] = group.Keys ?? [];
          const metric = group.Metrics?.UnblendedCost;
          const cost = amount(metric?.Amount);
          unit ??= metric?.Unit;
          total += cost;
          if (recordType === 'Credit') credits += cost;
          byService.set(service, (byService.get(service) ?? 0) + cost);
        }
      }
    }

    let previousCost = 0;
    for await (const page of costAndUsagePages(ce, {
      TimePeriod: { Start: previous.start, End: previous.end },
      Granularity: period.granularity,
      Metrics: ['UnblendedCost'],
      Filter: forAccount(ctx.accountId),
    })) {
      for (const result of page.ResultsByTime ?? []) previousCost += amount(result.Total?.UnblendedCost?.Amount);
    }

    const top = [...byService.entries()]
      .filter(([, cost]) => cost !== 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_SERVICES)
      .map(([service, cost]) => ({ service, cost: round(cost) }));

    return {
      currency: currencyOf(unit),
      current_period_cost: round(total),
      previous_period_cost: round(previousCost),
      previous_period: previous,
      top_services: top,
      forecast: await forecast(ctx, ce),
      credits: round(credits),
    };
  },
};

/** Sums of decimal strings pick up float noise; 10 decimals is what the database keeps. */
function round(n: number): number {
  return Math.round(n * 1e10) / 1e10;
}
