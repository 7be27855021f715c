// The sender Lambda. A scheduled EventBridge event collects yesterday's DAILY snapshot (and on the
// 1st of a month the previous month's MONTHLY one); `{ "backfill": { "from", "to" } }` writes one
// DAILY file per past day with the time-series sections only — state can only be observed today,
// so it is never relabelled with past dates.
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Context, ScheduledEvent } from 'aws-lambda';
import type { CollectorStatusValue, Period } from '../snapshot/index.js';
import type { AnyCollector } from './collector.js';
import { errorMessage } from './collector.js';
import { defaultClientFactory, type ClientFactory } from './clients.js';
import { collectSnapshot, type CollectMode } from './collect.js';
import { loadConfig, type HandlerConfig } from './config.js';
import { createLogger, type Logger } from './log.js';
import { addDays, addMonths, dailyPeriod, daysBetween, isoDay, monthlyPeriod } from './periods.js';
import { s3Sink, uploadSnapshot, type SnapshotSink } from './snapshot-writer.js';

/** LookupEvents keeps 90 days of history; older days could only carry partial activity. */
export const MAX_BACKFILL_DAYS = 90;

export interface BackfillEvent {
  backfill: { from: string; to: string };
}
export type SenderEvent = Partial<ScheduledEvent> | BackfillEvent;

export interface SnapshotSummary {
  key: string;
  bytes: number;
  period: Period;
  collectors: Record<string, CollectorStatusValue>;
}

export interface HandlerSummary {
  mode: 'scheduled' | 'backfill';
  account_id: string;
  snapshots: SnapshotSummary[];
  failed: { period: Period; error: string }[];
  /** Backfill days left when the invocation ran short of time: invoke again with this range. */
  remaining?: { from: string; to: string };
}

export interface HandlerDeps {
  env?: Record<string, string | undefined>;
  clientFactory?: ClientFactory;
  sink?: SnapshotSink;
  logger?: Logger;
  now?: () => Date;
  collectors?: AnyCollector[];
}

export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function isIsoDate(s: unknown): s is string {
  return typeof s === 'string' && ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && isoDay(new Date(`${s}T00:00:00Z`)) === s;
}

function isBackfill(event: unknown): event is BackfillEvent {
  return typeof event === 'object' && event !== null && 'backfill' in event;
}

/** The days of a backfill request, validated against today (UTC). */
export function backfillDays(request: unknown, today: string): string[] {
  const r = request as { from?: unknown; to?: unknown } | null;
  if (typeof r !== 'object' || r === null) throw new InvalidEventError('backfill must be an object { "from": "YYYY-MM-DD", "to": "YYYY-MM-DD" }');
  if (!isIsoDate(r.from) || !isIsoDate(r.to)) throw new InvalidEventError(`backfill.from and backfill.to must be dates (YYYY-MM-DD), got ${JSON.stringify(r.from)} and ${JSON.stringify(r.to)}`);
  const { from, to } = r as { from: string; to: string };
  if (from > to) throw new InvalidEventError(`backfill.from (${from}) is after backfill.to (${to})`);
  if (to >= today) throw new InvalidEventError(`backfill.to (${to}) must be a past day: ${today} is not over yet`);
  const days = daysBetween(from, to) + 1;
  if (days > MAX_BACKFILL_DAYS) throw new InvalidEventError(`backfill covers ${days} days; at most ${MAX_BACKFILL_DAYS} per invocation`);
  const oldest = addDays(today, -MAX_BACKFILL_DAYS);
  if (from < oldest) throw new InvalidEventError(`backfill.from (${from}) is older than ${MAX_BACKFILL_DAYS} days (${oldest}): CloudTrail LookupEvents keeps 90 days`);
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Yesterday's DAILY period, plus last month's MONTHLY one on the 1st. */
export function scheduledPeriods(today: string): Period[] {
  const periods: Period[] = [dailyPeriod(addDays(today, -1))];
  if (today.endsWith('-01')) periods.push(monthlyPeriod(addMonths(today, -1)));
  return periods;
}

/** The account from the function ARN (free); STS when there is no Lambda context. */
async function accountIdOf(context: Partial<Context> | undefined, clientFactory: ClientFactory, region: string): Promise<string> {
  const fromArn = context?.invokedFunctionArn?.split(':')[4];
  if (fromArn && /^\d{12}$/.test(fromArn)) return fromArn;
  const sts = clientFactory(STSClient, region);
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    if (!Account) throw new Error('STS GetCallerIdentity returned no account');
    return Account;
  } finally {
    sts.destroy();
  }
}

export function createHandler(deps: HandlerDeps = {}) {
  const logger = deps.logger ?? createLogger();
  const now = deps.now ?? (() => new Date());
  let config: HandlerConfig | undefined;

  return async function handler(event: SenderEvent, context?: Partial<Context>): Promise<HandlerSummary> {
    // Loaded per cold start, not at import: a bad environment fails invocations with a clear message.
    config ??= loadConfig(deps.env ?? process.env);
    const cfg = config;
    const clientFactory = deps.clientFactory ?? defaultClientFactory(cfg.collect.maxAttempts);
    const sink = deps.sink ?? s3Sink(new S3Client({ region: cfg.bucketRegion, followRegionRedirects: true, maxAttempts: cfg.collect.maxAttempts }), cfg.bucket, cfg.kmsKeyArn);
    const log = logger.child({ request_id: context?.awsRequestId });

    const backfill = isBackfill(event);
    const reference = !backfill && typeof event.time === 'string' && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time) : now();
    const today = isoDay(reference);
    const periods = backfill ? backfillDays(event.backfill, isoDay(now())).map(dailyPeriod) : scheduledPeriods(today);
    const mode: CollectMode = backfill ? 'backfill' : 'full';

    const accountId = await accountIdOf(context, clientFactory, cfg.homeRegion);
    const summary: HandlerSummary = { mode: backfill ? 'backfill' : 'scheduled', account_id: accountId, snapshots: [], failed: [] };
    log.info({ account_id: accountId, mode, periods: periods.map((p) => `${p.start}_${p.granularity}`) }, 'sender started');

    let regions = cfg.regions;
    let slowest = 0;
    for (const [i, period] of periods.entries()) {
      const remainingMs = context?.getRemainingTimeInMillis?.();
      if (i > 0 && remainingMs !== undefined && remainingMs < slowest * 1.5 + 15_000) {
        summary.remaining = { from: period.start, to: periods.at(-1)!.start };
        log.warn({ remaining: summary.remaining, remaining_ms: remainingMs }, 'running out of time; invoke again with the remaining backfill range');
        break;
      }
      const started = performance.now();
      try {
        const { snapshot, runs } = await collectSnapshot({
          accountId,
          period,
          regions,
          clientFactory,
          config: cfg.collect,
          now,
          collectors: deps.collectors,
          mode,
          senderVersion: cfg.senderVersion,
          homeRegion: cfg.homeRegion,
          functionArn: context?.invokedFunctionArn,
          requestId: context?.awsRequestId,
          logger: log.child({ period: `${period.start}_${period.granularity}` }),
        });
        regions ??= snapshot.regions; // discovered once, reused for the other periods
        const { key, bytes } = await uploadSnapshot(sink, snapshot, log);
        const collectors = Object.fromEntries(runs.map((r) => [r.name, r.run.status]));
        summary.snapshots.push({ key, bytes, period, collectors });
        log.info({ key, bytes, collectors }, 'snapshot written');
      } catch (error) {
        summary.failed.push({ period, error: errorMessage(error) });
        log.error({ period, err: errorMessage(error) }, 'snapshot not written');
      }
      slowest = Math.max(slowest, performance.now() - started);
    }

    log.info({ summary }, 'sender finished');
    if (summary.failed.length > 0) {
      // Fail the invocation so that Lambda's retries (and alarms) see it; the keys are idempotent.
      throw new Error(`${summary.failed.length} snapshot(s) not written: ${summary.failed.map((f) => `${f.period.start}_${f.period.granularity}: ${f.error}`).join('; ')}`);
    }
    return summary;
  };
}

/** The Lambda entry point. */
export const handler = createHandler();
