import { z } from 'zod';
import { currency, isoDate, money, opt, text } from '../common.js';

export const costSection = z.object({
  currency,
  /** Unblended cost of the snapshot period (Cost Explorer, this account only). */
  current_period_cost: money,
  /** Same length of time immediately before the period. */
  previous_period_cost: money,
  previous_period: z.object({ start: isoDate, end: isoDate }),
  top_services: z.array(z.object({ service: text, cost: money })).max(50).default([]),
  forecast: z
    .array(
      z.object({
        start: isoDate,
        end: isoDate,
        mean: money,
        lower: opt(money),
        upper: opt(money),
      }),
    )
    .default([]),
  credits: opt(money),
});
export type CostSection = z.infer<typeof costSection>;
