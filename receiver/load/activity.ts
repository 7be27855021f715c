// activity section (CloudTrail) → activity_events (daily aggregates) and activity_security_events
// (individual events), both time series of the snapshot's day.
import { createHash } from 'node:crypto';
import type { ActivitySection } from '../../snapshot/index.js';
import { asRow } from './bulk.js';
import { closePolicy } from './close-policy.js';
import type { LoadContext } from './context.js';
import { writeItems, streamId, type ItemWriter } from './item-writer.js';
import { replaceWriter, type Scope } from './time-series.js';
import type { Row } from './types.js';

const SEP = String.fromCharCode(31);
const NULL_MARK = String.fromCharCode(9216);

/**
 * activity_events.dims_hash as the generated column computes it (sql/0006_activity.sql): md5 of
 * the dimensions joined by chr(31), NULL as chr(9216), as a uuid. Needed in memory to deduplicate
 * the section and to find the stored rows it no longer has.
 */
export function dimsHash(a: { event_source: string; event_name: string; region: string; principal_arn?: string | null; principal_type: string; source_ip?: string | null; user_agent?: string | null; error_code?: string | null }): string {
  const text = [a.event_source, a.event_name, a.region, a.principal_arn ?? NULL_MARK, a.principal_type, a.source_ip ?? NULL_MARK, a.user_agent ?? NULL_MARK, a.error_code ?? NULL_MARK].join(SEP);
  const hex = createHash('md5').update(text, 'utf8').digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const activityScope = (ctx: LoadContext): Scope => ({ equals: { account_id: ctx.accountId, activity_date: ctx.date } });

const aggregateRow = (a: ActivitySection['aggregates'][number]): Row => ({
    event_source: a.event_source,
    event_name: a.event_name,
    region: a.region,
    principal_arn: a.principal_arn,
    principal_type: a.principal_type,
    source_ip: a.source_ip,
    user_agent: a.user_agent,
    error_code: a.error_code,
    event_count: a.count,
    units: a.units,
    first_seen: a.first_seen,
    last_seen: a.last_seen,
    dims_hash: dimsHash(a),
});

export const aggregatesWriter = (ctx: LoadContext): ItemWriter<ActivitySection['aggregates'][number]> =>
  replaceWriter(ctx, 'activity_events', activityScope(ctx), { policy: closePolicy(ctx, 'activity'), toRow: aggregateRow });
export const eventsWriter = (ctx: LoadContext): ItemWriter<ActivitySection['events'][number]> =>
  replaceWriter(ctx, 'activity_security_events', activityScope(ctx), { policy: closePolicy(ctx, 'activity'), toRow: asRow });

export async function writeActivity(ctx: LoadContext, activity: ActivitySection): Promise<void> {
  await writeItems(ctx, streamId('activity', 'aggregates'), activity.aggregates, aggregatesWriter);
  await writeItems(ctx, streamId('activity', 'events'), activity.events, eventsWriter);
}
