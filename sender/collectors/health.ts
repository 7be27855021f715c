// AWS Health: events of this account updated during the period, with their affected-entity
// counts. Account-wide (the Health API has one endpoint, us-east-1).
import { DescribeEntityAggregatesCommand, HealthClient, paginateDescribeEvents } from '@aws-sdk/client-health';
import type { z } from 'zod';
import type { healthEvent, healthSection } from '../../snapshot/index.js';
import type { Collector } from '../collector.js';
import { periodBounds } from '../periods.js';
import { SUBSCRIPTION_REQUIRED, chunk, countOrNull, globalApiRegion, isoTime, uniqueBy } from './common.js';

type HealthEvent = z.input<typeof healthEvent>;

/** DescribeEvents pages hold at most 100 events; DescribeEntityAggregates takes at most 50 ARNs. */
const EVENTS_PAGE = 100;
const AGGREGATE_BATCH = 50;
const CATEGORIES = new Set(['issue', 'accountNotification', 'scheduledChange', 'investigation']);
const STATUSES = new Set(['open', 'closed', 'upcoming']);
const SCOPES = new Set(['ACCOUNT_SPECIFIC', 'PUBLIC', 'NONE']);

export const healthCollector: Collector<z.input<typeof healthSection>> = {
  name: 'health',
  target: { section: 'health' },
  scope: 'account',
  api: ['health:DescribeEvents', 'health:DescribeEntityAggregates'],
  notEnabledErrors: [SUBSCRIPTION_REQUIRED],
  timeSeries: false,
  granularities: ['DAILY'],
  async collect(ctx) {
    const health = ctx.client(HealthClient, globalApiRegion('health', ctx.region));
    const { start, end } = periodBounds(ctx.period);
    const events: HealthEvent[] = [];
    let unknown = 0;
    for await (const page of paginateDescribeEvents({ client: health, pageSize: EVENTS_PAGE }, { filter: { lastUpdatedTimes: [{ from: start, to: end }] } })) {
      for (const e of page.events ?? []) {
        const lastUpdated = isoTime(e.lastUpdatedTime ?? e.startTime);
        if (!e.arn || !lastUpdated) continue;
        // The contract's enums are closed; an event of a kind added later is left out, and said so.
        if (!e.eventTypeCategory || !CATEGORIES.has(e.eventTypeCategory) || !e.statusCode || !STATUSES.has(e.statusCode)) {
          unknown++;
          continue;
        }
        events.push({
          arn: e.arn,
          service: e.service ?? '',
          event_type_code: e.eventTypeCode ?? '',
          event_type_category: e.eventTypeCategory as HealthEvent['event_type_category'],
          region: e.region ?? null,
          availability_zone: e.availabilityZone ?? null,
          status_code: e.statusCode as HealthEvent['status_code'],
          scope: e.eventScopeCode && SCOPES.has(e.eventScopeCode) ? (e.eventScopeCode as HealthEvent['scope']) : null,
          start_time: isoTime(e.startTime),
          end_time: isoTime(e.endTime),
          last_updated_time: lastUpdated,
          affected_entities: 0,
        });
      }
    }
    if (unknown > 0) ctx.markTruncated(`health: ${unknown} event(s) with a category or status the contract does not know were left out`);

    const unique = uniqueBy(events, (e) => e.arn);
    const counts = new Map<string, number>();
    for (const arns of chunk(unique.map((e) => e.arn), AGGREGATE_BATCH)) {
      const { entityAggregates = [] } = await health.send(new DescribeEntityAggregatesCommand({ eventArns: arns }));
      for (const a of entityAggregates) if (a.eventArn) counts.set(a.eventArn, countOrNull(a.count) ?? 0);
    }
    return unique.map((e) => ({ ...e, affected_entities: counts.get(e.arn) ?? 0 }));
  },
};
