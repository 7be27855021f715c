// A360 `service`, `cost`, `marketplace`, `ri_sp_savings` → services, cost, marketplace, ri_sp_savings.
import { addDays, isObject, isRegion, lastByKey, records, toDay, type ConversionLog, type Json, type Source } from './source.js';

export interface Period {
  start: string;
  end: string;
}

export function convertServices(value: unknown, period: Period, log: ConversionLog): Record<string, unknown>[] {
  const rows = records(value, 'service', log).map((s) => {
    s.ignore('date_to');
    const row = {
      date: toDay(s.raw('date_from')) ?? period.start,
      service: s.req('service'),
      // v1 had no usage types; v2 always wrote "Aggregated".
      usage_type: s.str('usage_types') ?? 'Aggregated',
      cost: s.num('cost'),
      usage_quantity: s.num('utilization'),
      usage_unit: s.str('utilization_unit'),
      currency: s.str('currency') ?? 'USD',
    };
    s.done();
    return row;
  });
  return lastByKey(rows, (r) => `${String(r.date)}|${r.service}|${r.usage_type}`, log, 'service');
}

export function convertCost(src: Source, period: Period): Record<string, unknown> {
  // Derived values (the database computes them) and fields checked elsewhere.
  src.ignore('account_id', 'cost_difference', 'cost_difference_percentage', 'period');
  const length = Math.round((Date.parse(`${period.end}T00:00:00Z`) - Date.parse(`${period.start}T00:00:00Z`)) / 86_400_000);
  const top = Array.isArray(src.value.top_services) ? src.value.top_services : [];
  const forecast = Array.isArray(src.value.forecast) ? src.value.forecast : [];
  src.ignore('top_services', 'forecast');
  const out = {
    currency: src.str('currency') ?? 'USD',
    current_period_cost: src.num('current_period_cost'),
    previous_period_cost: src.num('previous_period_cost'),
    previous_period: { start: addDays(period.start, -length), end: period.start },
    top_services: top.filter(isObject).map((t: Json) => ({ service: t.service, cost: typeof t.cost === 'string' ? Number(t.cost) : t.cost })),
    forecast: forecast.filter(isObject).map((f: Json) => {
      const p = isObject(f.period) ? f.period : {};
      return { start: toDay(p.start), end: toDay(p.end), mean: typeof f.amount === 'string' ? Number(f.amount) : f.amount };
    }),
  };
  src.done();
  return out;
}

export function convertMarketplace(value: unknown, period: Period, log: ConversionLog): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const m of records(value, 'marketplace', log)) {
    m.ignore('period_end');
    const productCode = m.str('product_code');
    const productName = m.str('product_name') ?? productCode ?? 'AWS Marketplace';
    const currency = m.str('currency') ?? 'USD';
    const daily = m.raw('daily_costs');
    if (Array.isArray(daily) && daily.length > 0) {
      for (const d of daily.filter(isObject)) rows.push({ date: toDay(d.date), product_name: productName, product_code: productCode, cost: Number(d.cost), currency });
    } else {
      rows.push({ date: toDay(m.raw('period_start')) ?? period.start, product_name: productName, product_code: productCode, cost: m.num('cost_consumed') ?? 0, currency });
    }
    m.done();
  }
  return lastByKey(rows, (r) => `${String(r.date)}|${String(r.product_name)}`, log, 'marketplace');
}

export function convertRiSpSavings(value: unknown, log: ConversionLog): Record<string, unknown>[] {
  const rows = records(value, 'ri_sp_savings', log).map((r) => {
    // date_to is implied by date; savings_plan_arn repeats subscription_id.
    r.ignore('date_to', 'date_from', 'savings_plan_arn');
    const type = r.req('reservation_type');
    const region = r.str('region');
    const row = {
      date: toDay(r.raw('date')) ?? toDay(r.raw('date_from')),
      reservation_type: /saving|^sp$/i.test(type) ? 'SP' : 'RI',
      subscription_id: r.req('subscription_id'),
      service: r.str('service'),
      region: isRegion(region) ? region : null,
      instance_type: r.str('instance_type'),
      instance_count: r.num('instance_count'),
      offering_type: r.str('offering_type') ?? r.str('offering_class'),
      plan_type: r.str('product_types') ?? r.str('instance_family'),
      state: r.str('state'),
      utilization_pct: r.num('utilization_percentage'),
      on_demand_equivalent: r.num('on_demand_cost'),
      amortized_commitment: r.num('reservation_cost'),
      total_commitment: r.num('commitment'),
      net_savings: r.num('net_savings'),
      currency: r.str('currency') ?? 'USD',
      start_time: r.time('start_date'),
      end_time: r.time('end_date'),
    };
    r.done();
    return row;
  });
  return lastByKey(rows, (r) => `${String(r.date)}|${r.reservation_type}|${r.subscription_id}`, log, 'ri_sp_savings');
}
