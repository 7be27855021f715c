// cost, services, marketplace and ri_sp_savings sections → cost time series. Each present section
// replaces the account's rows of the snapshot's period (DAILY or MONTHLY).
import type { CostSection, Snapshot } from '../../snapshot/index.js';
import { insertRows, updateIfChanged } from './bulk.js';
import { upsertKeys } from '../../db/keys.js';
import { closePolicy } from './close-policy.js';
import type { LoadContext } from './context.js';
import { writeItems, streamId, type ItemWriter } from './item-writer.js';
import { replaceRows, replaceWriter, type Scope } from './time-series.js';
import type { Row } from './types.js';

type Services = NonNullable<Snapshot['services']>;
type Marketplace = NonNullable<Snapshot['marketplace']>;
type RiSpSavings = NonNullable<Snapshot['ri_sp_savings']>;

/** The report of the period and its children (top services, forecasts). */
export async function writeCost(ctx: LoadContext, cost: CostSection): Promise<void> {
  const report = { account_id: ctx.accountId, granularity: ctx.granularity, period_start: ctx.date };
  await insertRows(
    ctx,
    'cost_reports',
    [
      {
        period_end: ctx.periodEnd,
        currency: cost.currency,
        current_period_cost: cost.current_period_cost,
        previous_period_cost: cost.previous_period_cost,
        previous_period_start: cost.previous_period.start,
        previous_period_end: cost.previous_period.end,
        credits: cost.credits,
      },
    ],
    { constants: { ...report, ingestion_id: ctx.ingestionId }, onConflict: updateIfChanged(upsertKeys.cost_reports) },
  );
  const scope: Scope = { equals: report };
  // rank follows the section's order (Cost Explorer returns top services by cost)
  await replaceRows(
    ctx,
    'service_costs',
    cost.top_services.map((s, i) => ({ rank: i + 1, service_name: s.service, cost: s.cost })),
    scope,
  );
  await replaceRows(
    ctx,
    'cost_forecasts',
    cost.forecast.map((f) => ({ forecast_start: f.start, forecast_end: f.end, mean_amount: f.mean, lower_bound: f.lower, upper_bound: f.upper })),
    scope,
  );
}

/** Rows dated inside the period replace it; a row dated outside is upserted without replacing its day. */
function periodScope(ctx: LoadContext, equals: Record<string, string>, column: string): Scope {
  return { equals: { account_id: ctx.accountId, ...equals }, range: { column, from: ctx.date, to: ctx.periodEnd } };
}

export const servicesScope = (ctx: LoadContext): Scope => periodScope(ctx, { granularity: ctx.granularity }, 'usage_date');

const serviceRow = (s: Services[number]): Row => ({
  usage_date: s.date,
  service: s.service,
  usage_type: s.usage_type,
  cost: s.cost,
  usage_quantity: s.usage_quantity,
  usage_unit: s.usage_unit,
  currency: s.currency,
});

export const servicesWriter = (ctx: LoadContext): ItemWriter<Services[number]> =>
  replaceWriter(ctx, 'services', servicesScope(ctx), { policy: closePolicy(ctx, 'services'), toRow: serviceRow });

export async function writeServices(ctx: LoadContext, services: Services): Promise<void> {
  await writeItems(ctx, streamId('services', ''), services, servicesWriter);
}

export async function writeMarketplace(ctx: LoadContext, marketplace: Marketplace): Promise<void> {
  const rows: Row[] = marketplace.map((m) => ({ usage_date: m.date, product_name: m.product_name, product_code: m.product_code, cost: m.cost, currency: m.currency }));
  await replaceRows(ctx, 'marketplace_usage', rows, periodScope(ctx, {}, 'usage_date'), { policy: closePolicy(ctx, 'marketplace') });
}

export async function writeRiSpSavings(ctx: LoadContext, savings: RiSpSavings): Promise<void> {
  const rows: Row[] = savings.map(({ date, ...s }) => ({ ...s, usage_date: date }));
  await replaceRows(ctx, 'ri_sp_daily_savings', rows, periodScope(ctx, {}, 'usage_date'), { policy: closePolicy(ctx, 'ri_sp_savings') });
}
