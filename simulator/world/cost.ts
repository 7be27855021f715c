// Daily cost records of an account: each cost line's reference usage × growth × weekly
// seasonality × noise, monthly charges on the 1st, credits, and the anomalies' effects.
import { stream } from '../rng.js';
import { dayNumber, dayOfMonth, daysInMonth, dateOfDay, isWeekend } from '../dates.js';
import type { AccountProfile, CostLine, RecordType } from './profile.js';

export interface CostRecord {
  service: string;
  usageType: string;
  region: string;
  recordType: RecordType;
  billingEntity: 'AWS' | 'AWS Marketplace';
  instanceType?: string;
  operation: string;
  unit: string;
  cost: number;
  quantity: number;
}

/** How an anomaly changes an account's costs on a day. */
export type CostEffect =
  | { kind: 'scale'; service: string; usageTypeIncludes?: string; factor: number }
  | { kind: 'add'; record: CostRecord };

/** Growth is measured from a fixed day so a date's cost does not depend on the simulated window. */
const REFERENCE_DAY = dayNumber('2026-01-01');
const MAX_GROWTH_DAYS = 400;

function growth(l: CostLine, day: number): number {
  const t = Math.max(-MAX_GROWTH_DAYS, Math.min(MAX_GROWTH_DAYS, day - REFERENCE_DAY));
  return Math.exp(l.growth * t);
}

/** Usage of a line on a normal day, without noise: what Cost Explorer's forecast would expect. */
export function expectedQuantity(l: CostLine, day: number): number {
  if (l.pattern === 'monthly') return 0;
  return l.quantity * growth(l, day) * (isWeekend(day) ? l.weekend : 1) * l.activeProbability;
}

function monthlyCharge(profile: AccountProfile, l: CostLine, day: number): { cost: number; quantity: number } {
  const date = dateOfDay(day);
  const hours = 24 * daysInMonth(date);
  switch (l.recordType) {
    case 'SavingsPlanRecurringFee':
    case 'Recurring reservation fee':
      return { cost: l.unitPrice * hours, quantity: hours };
    case 'Support': {
      // Business support: 10% of the previous month's usage, at least $100.
      let usage = 0;
      for (const other of profile.lines) usage += expectedQuantity(other, day - 15) * other.unitPrice * 30;
      const cost = Math.max(100, usage * 0.1);
      return { cost, quantity: cost };
    }
    default:
      return l.billingEntity === 'AWS Marketplace' ? { cost: l.unitPrice * 30, quantity: 1 } : { cost: l.unitPrice * l.quantity, quantity: l.quantity };
  }
}

/**
 * The cost records of one account and day. Deterministic in (seed, account, day): the noise comes
 * from a stream of its own, so any day can be computed without the days before it.
 */
export function dailyCosts(seed: string, profile: AccountProfile, day: number, effects: readonly CostEffect[] = []): CostRecord[] {
  const rng = stream(seed, 'cost', profile.account.id, day);
  const first = dayOfMonth(day) === 1;
  const weekend = isWeekend(day);
  // One factor shared by the account's services: busy days are busy everywhere.
  const dayFactor = rng.lognormal(0.02);
  const out: CostRecord[] = [];
  for (const l of profile.lines) {
    const z = rng.normal();
    const activeDraw = rng.float();
    const burstDraw = rng.float();
    const burstSize = rng.range(1.3, 1.8);
    let cost: number;
    let quantity: number;
    if (l.pattern === 'monthly') {
      if (!first) continue;
      ({ cost, quantity } = monthlyCharge(profile, l, day));
    } else {
      // Sparse lines (sandbox accounts) are used on some days only, rarely at weekends.
      if (l.activeProbability < 1 && activeDraw >= (weekend ? l.activeProbability * 0.4 : l.activeProbability)) continue;
      const burst = burstDraw < l.burstProbability && !weekend ? burstSize : 1;
      quantity = l.quantity * growth(l, day) * (weekend ? l.weekend : 1) * burst * Math.exp(l.sigma * z) * dayFactor;
      cost = quantity * l.unitPrice;
    }
    if (cost === 0 && quantity === 0) continue;
    out.push({ service: l.service, usageType: l.usageType, region: l.region, recordType: l.recordType, billingEntity: l.billingEntity, instanceType: l.instanceType, operation: l.operation, unit: l.unit, cost, quantity });
  }
  if (first && profile.monthlyCredit > 0) {
    const largest = profile.lines.filter((l) => l.pattern !== 'monthly').sort((a, b) => b.quantity * b.unitPrice - a.quantity * a.unitPrice)[0];
    if (largest) {
      out.push({ service: largest.service, usageType: largest.usageType, region: largest.region, recordType: 'Credit', billingEntity: 'AWS', operation: largest.operation, unit: largest.unit, cost: -profile.monthlyCredit, quantity: 0, instanceType: largest.instanceType });
    }
  }
  for (const e of effects) {
    if (e.kind === 'add') out.push({ ...e.record });
    else {
      for (const r of out) {
        if (r.service === e.service && r.recordType === 'Usage' && (!e.usageTypeIncludes || r.usageType.includes(e.usageTypeIncludes))) {
          r.cost *= e.factor;
          r.quantity *= e.factor;
        }
      }
    }
  }
  return out;
}

/** Total cost per service of a day's records. */
export function costByService(records: readonly CostRecord[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of records) m.set(r.service, (m.get(r.service) ?? 0) + r.cost);
  return m;
}
