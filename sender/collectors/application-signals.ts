// CloudWatch Application Signals: the services discovered during the period, per region.
import { ApplicationSignalsClient, paginateListServices } from '@aws-sdk/client-application-signals';
import type { z } from 'zod';
import type { applicationSignalsService, applicationSignalsSection } from '../../snapshot/index.js';
import { concatParts, type Collector } from '../collector.js';
import { periodBounds } from '../periods.js';
import { uniqueBy } from './common.js';

type Service = z.input<typeof applicationSignalsService>;

const PAGE = 100;
const HOUR = 3_600_000;
/** The longest window asked for: one day, which is what a DAILY period is anyway. */
const MAX_WINDOW = 24 * HOUR;

/**
 * The period, clamped to what ListServices can answer: never past the last whole hour (the API
 * rounds to hours and has no data for the future), at most one day long. Null if nothing is left.
 */
export function listServicesWindow(period: { start: string; end: string }, now: Date): { StartTime: Date; EndTime: Date } | null {
  const { start, end } = periodBounds(period);
  const endTime = Math.min(end.getTime(), Math.floor(now.getTime() / HOUR) * HOUR);
  const startTime = Math.max(start.getTime(), endTime - MAX_WINDOW);
  return startTime < endTime ? { StartTime: new Date(startTime), EndTime: new Date(endTime) } : null;
}

export const applicationSignalsCollector: Collector<Service[], z.input<typeof applicationSignalsSection>> = {
  name: 'application_signals',
  target: { section: 'application_signals' },
  scope: 'regional',
  api: ['application-signals:ListServices'],
  timeSeries: false,
  granularities: ['DAILY'],
  async collect(ctx) {
    const window = listServicesWindow(ctx.period, ctx.now());
    if (!window) return [];
    const rows: Service[] = [];
    for await (const page of paginateListServices({ client: ctx.client(ApplicationSignalsClient), pageSize: PAGE }, window)) {
      for (const s of page.ServiceSummaries ?? []) {
        const keys = s.KeyAttributes ?? {};
        // Name identifies services; resources (Type Resource / AWS::Resource) carry an Identifier instead.
        const name = keys.Name ?? keys.Identifier;
        if (!name) continue;
        rows.push({
          service_name: name.slice(0, 512),
          environment: keys.Environment ?? null,
          service_type: keys.Type ?? null,
          region: ctx.region,
          key_attributes: keys,
          metric_references: s.MetricReferences?.length ?? 0,
        });
      }
    }
    // One row per service and environment: the receiver's key.
    return uniqueBy(rows, (r) => `${r.service_name}\u0000${r.environment ?? ''}`);
  },
  merge: concatParts,
};
