// Marketplace spend and reservation / Savings Plans utilization: per-day cost facts.
import { z } from 'zod';
import { currency, identifier, isoDate, isoDateTime, money, opt, percent, region, text } from '../common.js';

/** Marketplace charges per product and day, from Cost Explorer (BILLING_ENTITY = AWS Marketplace). */
export const marketplaceRow = z.object({
  date: isoDate,
  product_name: identifier,
  product_code: opt(text),
  cost: money,
  currency,
});
export const marketplaceSection = z.array(marketplaceRow);

/** Daily utilization and savings of one Reserved Instance lease or Savings Plan. */
export const riSpSavingsRow = z.object({
  date: isoDate,
  reservation_type: z.enum(['RI', 'SP']),
  subscription_id: identifier,
  service: opt(text),
  region: opt(region),
  instance_type: opt(text),
  instance_count: opt(z.number().int().min(0)),
  offering_type: opt(text),
  plan_type: opt(text),
  state: opt(text),
  utilization_pct: opt(percent),
  on_demand_equivalent: opt(money),
  amortized_commitment: opt(money),
  used_commitment: opt(money),
  total_commitment: opt(money),
  net_savings: opt(money),
  currency,
  start_time: opt(isoDateTime),
  end_time: opt(isoDateTime),
});
export const riSpSavingsSection = z.array(riSpSavingsRow);
