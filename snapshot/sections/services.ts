import { z } from 'zod';
import { currency, identifier, isoDate, money, nonNegative, opt, text } from '../common.js';

/** Cost and usage per service and usage type for each day (or month) of the period. */
export const serviceCostRow = z.object({
  date: isoDate,
  service: identifier,
  /** Cost Explorer USAGE_TYPE, e.g. "EUC1-BoxUsage:m5.large"; its prefix names the region. */
  usage_type: identifier,
  cost: money,
  usage_quantity: opt(nonNegative),
  usage_unit: opt(text),
  currency,
});
export const servicesSection = z.array(serviceCostRow);
export type ServiceCostRow = z.infer<typeof serviceCostRow>;
