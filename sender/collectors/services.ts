// Cost and usage per service and usage type for each day (DAILY) or the month (MONTHLY) of the
// period. Grouped by two dimensions the answer pages, so every NextPageToken is followed.
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { SnapshotInput } from '../../snapshot/index.js';
import type { Collector } from '../collector.js';
import { amount, costAndUsagePages, COST_EXPLORER_NOT_ENABLED, currencyOf, forAccount, optionalAmount } from '../cost-explorer.js';

type ServicesPart = NonNullable<SnapshotInput['services']>;
type Row = ServicesPart[number];

export const servicesCollector: Collector<ServicesPart> = {
  name: 'services',
  target: { section: 'services' },
  scope: 'account',
  api: ['ce:GetCostAndUsage'],
  notEnabledErrors: COST_EXPLORER_NOT_ENABLED,
  timeSeries: true,
  granularities: ['DAILY', 'MONTHLY'],
  async collect(ctx) {
    const ce = ctx.client(CostExplorerClient);
    // Keyed by date/service/usage type: a group cut across two pages is summed, not duplicated.
    const rows = new Map<string, Row>();
    for await (const page of costAndUsagePages(ce, {
      TimePeriod: { Start: ctx.period.start, End: ctx.period.end },
      Granularity: ctx.period.granularity,
      Metrics: ['UnblendedCost', 'UsageQuantity'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
      ],
      Filter: forAccount(ctx.accountId),
    })) {
      for (const result of page.ResultsByTime ?? []) {
        const date = result.TimePeriod?.Start ?? ctx.period.start;
        for (const group of result.Groups ?? []) {
          const [service, usageType] = group.Keys ?? [];
          const cost = group.Metrics?.UnblendedCost;
          const usage = group.Metrics?.UsageQuantity;
          const key = `${date}\u001f${service}\u001f${usageType}`;
          const row = rows.get(key) ?? {
            date,
            service: service || 'Unknown',
            usage_type: usageType || 'Unknown',
            cost: 0,
            usage_quantity: null,
            usage_unit: usage?.Unit && usage.Unit !== 'N/A' ? usage.Unit : null,
            currency: currencyOf(cost?.Unit),
          };
          row.cost += amount(cost?.Amount);
          const quantity = optionalAmount(usage?.Amount);
          // Negative usage (corrections) is not a quantity the contract accepts; leave it unknown.
          if (quantity !== undefined && quantity >= 0) row.usage_quantity = (row.usage_quantity ?? 0) + quantity;
          rows.set(key, row);
        }
      }
    }
    return [...rows.values()];
  },
};
