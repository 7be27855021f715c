import { z } from 'zod';
import { accountId, count, isoDate, isoDateTime, opt, region, text } from './common.js';

export const SCHEMA_VERSION = 1;
export const granularities = ['DAILY', 'MONTHLY'] as const;
export type Granularity = (typeof granularities)[number];

/** ok | failed | access_denied | not_enabled | skipped; partial = some regions failed (see `regions`). */
export const collectorStatuses = ['ok', 'partial', 'failed', 'access_denied', 'not_enabled', 'skipped'] as const;
export type CollectorStatusValue = (typeof collectorStatuses)[number];

export const collectorRun = z.object({
  status: z.enum(collectorStatuses),
  error: opt(text),
  duration_ms: z.number().min(0).max(2_147_483_647),
  api_calls: count,
  /** The collector hit a cap or its time budget: its section is incomplete, so nothing absent from it is "gone". */
  truncated: opt(z.boolean()),
  /** Per-region outcome of a regional collector, for the regions that were not ok. */
  regions: opt(z.record(region, z.object({ status: z.enum(collectorStatuses), error: opt(text) }))),
});
export type CollectorRun = z.infer<typeof collectorRun>;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The period a snapshot covers; end is exclusive, as in Cost Explorer. */
export const period = z
  .object({ granularity: z.enum(granularities), start: isoDate, end: isoDate })
  .superRefine((p, ctx) => {
    if (p.granularity === 'DAILY' && p.end !== addDays(p.start, 1)) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `a DAILY period ends the day after start (${addDays(p.start, 1)})` });
    }
    if (p.granularity === 'MONTHLY') {
      if (!p.start.endsWith('-01')) ctx.addIssue({ code: 'custom', path: ['start'], message: 'a MONTHLY period starts on the 1st' });
      else if (p.end !== addMonths(p.start, 1))
        ctx.addIssue({ code: 'custom', path: ['end'], message: `a MONTHLY period ends on the 1st of the next month (${addMonths(p.start, 1)})` });
    }
  });
export type Period = z.infer<typeof period>;

export const envelope = {
  schema_version: z.literal(SCHEMA_VERSION),
  account_id: accountId,
  period,
  collected_at: isoDateTime,
  /** Regions the regional collectors ran in. */
  regions: z.array(region).min(1),
  collectors: z.record(z.string().regex(/^[a-z_]+$/), collectorRun),
  sender: opt(z.object({ version: text, function_arn: opt(text), request_id: opt(text) })),
};

export { addDays, addMonths };
