// Start of a snapshot load: lock the account (serializes concurrent loads of one account), read
// what earlier loads covered, then record the snapshot and its collector runs.
import { supportsCopy } from '../../db/copy.js';
import type { CollectorRun } from '../../snapshot/index.js';
import { execute, WriteQueue } from './write-queue.js';
import { loadCatalog } from './catalog.js';
import { LoadStats, type Coverage, type LoadContext } from './context.js';
import { prefetchCurrentVersions } from './state.js';
import { activityScope } from './activity.js';
import { lifecycleProbe } from './lifecycle.js';
import { servicesScope } from './cost.js';
import { prefetchScopeKeys, replaceRows, type ScopedTable } from './time-series.js';
import type { Executor, Row, SnapshotEnvelope, WriteContext } from './types.js';

/** attributes_as_of of an account row created before its account section arrived: older than any snapshot. */
export const PLACEHOLDER_AS_OF = '1970-01-01';

export interface AccountLock {
  attributesAsOf: string;
}

export async function beginLoad(db: Executor, envelope: SnapshotEnvelope, write: WriteContext): Promise<{ ctx: LoadContext; account: AccountLock }> {
  const catalog = await loadCatalog(db);
  const { account_id: accountId, period } = envelope;
  const date = period.start;
  const stats = new LoadStats();
  const ctx: LoadContext = {
    db,
    catalog,
    envelope,
    accountId,
    granularity: period.granularity,
    date,
    periodEnd: period.end,
    ingestionId: write.ingestionId,
    coverage: new Map(),
    currentVersions: new Map(),
    scopeKeys: new Map(),
    streams: new Map(),
    stats,
    queue: new WriteQueue(db, stats),
    copy: supportsCopy(db),
  };

  try {
    return { ctx, account: await recordSnapshot(ctx) };
  } catch (error) {
    await ctx.queue.abort(); // nothing queued may run after the caller rolls back
    throw error;
  }
}

/**
 * Read at the start of every load, in one query: the stored keys of the time-series sections that
 * may span several chunks (the others replace their scope in one statement), and whether the
 * account has any row in the big lifecycle tables.
 */
const READ_AHEAD: ScopedTable[] = [
  { table: 'services', collector: 'services', scope: servicesScope },
  { table: 'activity_events', collector: 'activity', scope: activityScope },
  { table: 'activity_security_events', collector: 'activity', scope: activityScope },
  lifecycleProbe('findings', 'security_hub'),
  lifecycleProbe('guard_duty_findings', 'guard_duty'),
  lifecycleProbe('inspector_findings', 'inspector'),
];

async function recordSnapshot(ctx: LoadContext): Promise<AccountLock> {
  const { db, envelope, accountId, date } = ctx;
  const { period } = envelope;
  // A new account gets a placeholder name until its account section arrives; a known one widens
  // its snapshot range. The row lock taken here is held until the caller's transaction ends: loads
  // of one account run one at a time.
  const upserted = await execute(
    db,
    `insert into accounts as a (account_id, account_name, attributes_as_of, first_snapshot_date, last_snapshot_date)
     values ($1, $2, $3::date, $4::date, $4::date)
     on conflict (account_id) do update set first_snapshot_date = least(a.first_snapshot_date, excluded.first_snapshot_date),
       last_snapshot_date = greatest(a.last_snapshot_date, excluded.last_snapshot_date), updated_at = now()
     where a.first_snapshot_date > excluded.first_snapshot_date or a.last_snapshot_date < excluded.last_snapshot_date`,
    [accountId, accountId, PLACEHOLDER_AS_OF, date],
  );
  ctx.stats.add('accounts', upserted.affected);
  // ON CONFLICT locks the row even when its WHERE leaves it unchanged; FOR UPDATE makes that explicit.
  const locked = await execute<{ attributes_as_of: string }>(db, 'select attributes_as_of::text as attributes_as_of from accounts where account_id = $1 for update', [accountId]);
  const row = locked.rows[0];
  if (!row) throw new Error(`account ${accountId} vanished while being locked`);

  if (period.granularity === 'DAILY') {
    ctx.coverage = await readCoverage(ctx);
    await prefetchCurrentVersions(ctx);
  }
  await prefetchScopeKeys(ctx, READ_AHEAD);

  await replaceRows(
    ctx,
    'snapshots',
    [
      {
        period_end: period.end,
        collected_at: envelope.collected_at,
        regions: envelope.regions,
        sender_version: envelope.sender?.version ?? null,
      },
    ],
    { equals: { account_id: accountId, granularity: period.granularity, period_start: date } },
  );
  const runs = Object.entries(envelope.collectors).map(([collector, run]) => collectorRunRow(ctx, collector, run));
  await replaceRows(ctx, 'collector_runs', runs, { equals: { account_id: accountId, granularity: period.granularity, period_start: date } });
  return { attributesAsOf: row.attributes_as_of };
}

export function collectorRunRow(ctx: LoadContext, collector: string, run: CollectorRun): Row {
  return {
    collector,
    status: run.status,
    error: run.error ?? null,
    duration_ms: Math.round(run.duration_ms),
    api_calls: run.api_calls,
    truncated: run.truncated ?? false,
    regions: run.regions ?? null,
  };
}

/** Per collector: was this date already covered, and the next covered date after it (before this load). */
async function readCoverage(ctx: LoadContext): Promise<Map<string, Coverage>> {
  const { rows } = await execute<{ collector: string; at_date: boolean; next: string | null }>(
    ctx.db,
    `select collector, bool_or(period_start = $2::date) as at_date, (min(period_start) filter (where period_start > $2::date))::text as next
     from collector_runs
     where account_id = $1 and granularity = 'DAILY' and status in ('ok', 'partial') and period_start >= $2::date
     group by collector`,
    [ctx.accountId, ctx.date],
  );
  return new Map(rows.map((r) => [r.collector, { coveredAtDate: r.at_date, next: r.next }]));
}

/** A present section whose collector the envelope does not mention counts as collected ok. */
export async function ensureCollectorRun(ctx: LoadContext, collector: string): Promise<void> {
  if (ctx.envelope.collectors[collector]) return;
  const run: CollectorRun = { status: 'ok', duration_ms: 0, api_calls: 0 };
  ctx.envelope = { ...ctx.envelope, collectors: { ...ctx.envelope.collectors, [collector]: run } };
  ctx.stats.note(`collector ${collector}: not in the envelope but its data is present; recorded as ok`);
  await replaceRows(ctx, 'collector_runs', [collectorRunRow(ctx, collector, run)], {
    equals: { account_id: ctx.accountId, granularity: ctx.granularity, period_start: ctx.date, collector },
  });
}
