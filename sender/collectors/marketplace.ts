// AWS Marketplace charges per product and day, from Cost Explorer (BILLING_ENTITY = "AWS
// Marketplace"; for Marketplace charges the SERVICE dimension is the product name). Always per
// day, also in a MONTHLY snapshot: the table is keyed by day, and a month total dated the 1st
// would overwrite that day.
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { SnapshotInput } from '../../snapshot/index.js';
import type { Collector } from '../collector.js';
import { amount, costAndUsagePages, COST_EXPLORER_NOT_ENABLED, currencyOf, forAccount } from '../cost-explorer.js';

type MarketplacePart = NonNullable<SnapshotInput['marketplace']>;
type Row = MarketplacePart[number];

export const marketplaceCollector: Collector<MarketplacePart> = {
  name: 'marketplace',
  target: { section: 'marketplace' },
  scope: 'account',
  api: ['ce:GetCostAndUsage'],
  notEnabledErrors: COST_EXPLORER_NOT_ENABLED,
  timeSeries: true,
  granularities: ['DAILY', 'MONTHLY'],
  async collect(ctx) {
    const ce = ctx.client(CostExplorerClient);
    const rows = new Map<string, Row>();
    for await (const page of costAndUsagePages(ce, {
      TimePeriod: { Start: ctx.period.start, End: ctx.period.end },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      Filter: forAccount(ctx.accountId, { Dimensions: { Key: 'BILLING_ENTITY', Values: ['AWS Marketplace'] } }),
    })) {
      for (const result of page.ResultsByTime ?? []) {
        const date = result.TimePeriod?.Start ?? ctx.period.start;
        for (const group of result.Groups ?? []) {
          const product = group.Keys?.[0] || 'Unknown';
          const metric = group.Metrics?.UnblendedCost;
          const key = `${date}\u001f${product}`;
          const row = rows.get(key) ?? { date, product_name: product, product_code: null, cost: 0, currency: currencyOf(metric?.Unit) };
          row.cost += amount(metric?.Amount);
          rows.set(key, row);
        }
      }
    }
    return [...rows.values()];
  },
};
