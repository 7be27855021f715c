// Collects one snapshot: decides regions and which collectors run, runs every (collector, region)
// through one bounded pool, merges each collector's regions and records how it went. Nothing a
// collector does — throwing, returning garbage — can fail the snapshot: it fails alone, and its
// section is left out.
import pLimit from 'p-limit';
import type { z } from 'zod';
import {
  SCHEMA_VERSION,
  formatPath,
  monthlySections,
  sections,
  securitySection,
  type CollectorRun,
  type CollectorStatusValue,
  type Period,
  type SectionName,
  type SnapshotInput,
} from '../snapshot/index.js';
import { errorMessage, defaultSenderConfig, type AnyCollector, type CollectContext, type SenderConfig } from './collector.js';
import { defaultClientFactory, type ClientFactory } from './clients.js';
import { runCollector, type RegionRun } from './run-collector.js';
import { discoverRegions } from './regions.js';
import { allCollectors } from './collectors/index.js';
import { silentLogger, type Logger } from './log.js';

export type CollectMode = 'full' | 'backfill';

export interface CollectOptions {
  accountId: string;
  period: Period;
  /** Regions for the regional collectors; discovered with EC2 DescribeRegions when absent. */
  regions?: string[];
  clientFactory?: ClientFactory;
  config?: Partial<SenderConfig>;
  now?: () => Date;
  collectors?: AnyCollector[];
  /** backfill: only time-series collectors run (a past day's state cannot be observed today). */
  mode?: CollectMode;
  senderVersion?: string;
  /** Where account-wide collectors and region discovery run (default AWS_REGION, else us-east-1). */
  homeRegion?: string;
  functionArn?: string;
  requestId?: string;
  logger?: Logger;
}

/** What happened to one collector: its envelope entry plus the per-region detail behind it. */
export interface CollectorReport {
  name: string;
  run: CollectorRun;
  /** One entry per region it ran in (one for account-wide collectors); empty when skipped. */
  regions: Omit<RegionRun, 'part'>[];
  truncationReasons: string[];
}

export interface CollectResult {
  snapshot: SnapshotInput;
  runs: CollectorReport[];
  /** How the regions were chosen; 'fallback' = discovery failed and only the home region was covered. */
  regionSource: 'configured' | 'discovered' | 'fallback';
}

export const BACKFILL_SKIP = 'backfill carries time-series sections only';

/** Why a collector does not run for this snapshot, or undefined if it runs. */
export function skipReason(collector: AnyCollector, period: Period, mode: CollectMode): string | undefined {
  if (mode === 'backfill' && !collector.timeSeries) return BACKFILL_SKIP;
  const granularities = collector.granularities ?? ['DAILY'];
  if (!granularities.includes(period.granularity)) return `not collected for ${period.granularity} snapshots`;
  if (period.granularity === 'MONTHLY' && !monthlySections.includes(collector.target.section as SectionName)) {
    return `a MONTHLY snapshot carries only ${monthlySections.join(', ')}`;
  }
  return undefined;
}

/** The contract schema of a collector's output (a section, or one part of `security`). */
function schemaOf(collector: AnyCollector): z.ZodType {
  const target = collector.target;
  if (target.section === 'security') return securitySection.shape[target.part];
  return sections[target.section as Exclude<SectionName, 'security'>];
}

interface TimedRun extends RegionRun {
  startedAt: number;
  endedAt: number;
}

/** all ok → ok; some ok → partial; none → the most common failure (ties: the first seen). */
export function combineStatus(runs: readonly Pick<RegionRun, 'region' | 'status' | 'error'>[], regional: boolean): Pick<CollectorRun, 'status' | 'error' | 'regions'> {
  const failed = runs.filter((r) => r.status !== 'ok');
  const regions = regional && failed.length > 0 ? Object.fromEntries(failed.map((r) => [r.region, { status: r.status, error: r.error ?? null }])) : undefined;
  if (failed.length === 0) return { status: 'ok' };
  if (failed.length < runs.length) return { status: 'partial', error: `${failed.length} of ${runs.length} regions not ok`, regions };
  const counts = new Map<CollectorStatusValue, number>();
  for (const r of failed) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  let status: CollectorStatusValue = failed[0]!.status;
  for (const [s, n] of counts) if (n > (counts.get(status) ?? 0)) status = s;
  const first = failed.find((r) => r.status === status)!;
  return { status, error: regional && runs.length > 1 ? `${first.region}: ${first.error ?? status}` : (first.error ?? null), regions };
}

function contractError(error: z.ZodError, prefix: string): string {
  const issues = error.issues.slice(0, 3).map((i) => `${formatPath([prefix, ...i.path])}: ${i.message}`);
  return `output violates the contract (${error.issues.length} issue(s)): ${issues.join('; ')}`;
}

/** Combines the ok regions' parts: the collector's merge, else concatenation of arrays. */
function mergeParts(collector: AnyCollector, parts: unknown[], ctx: Omit<CollectContext, 'client' | 'signal'>): unknown {
  if (collector.merge) return collector.merge(parts, ctx);
  if (parts.every(Array.isArray)) return (parts as unknown[][]).flat();
  if (parts.length === 1) return parts[0];
  throw new Error('a regional collector whose parts are not arrays needs a merge()');
}

export async function collectSnapshot(options: CollectOptions): Promise<CollectResult> {
  const config: SenderConfig = { ...defaultSenderConfig, ...options.config };
  const now = options.now ?? (() => new Date());
  const clientFactory = options.clientFactory ?? defaultClientFactory(config.maxAttempts);
  const homeRegion = options.homeRegion ?? process.env.AWS_REGION ?? 'us-east-1';
  const logger = options.logger ?? silentLogger;
  const collectors = options.collectors ?? allCollectors;
  const mode = options.mode ?? 'full';
  const { accountId, period } = options;
  const collectedAt = now().toISOString();

  let regions: string[];
  let regionSource: CollectResult['regionSource'];
  if (options.regions && options.regions.length > 0) {
    regions = [...options.regions];
    regionSource = 'configured';
  } else {
    try {
      regions = await discoverRegions(clientFactory, homeRegion);
      regionSource = 'discovered';
      if (regions.length === 0) throw new Error('DescribeRegions listed no enabled region');
    } catch (error) {
      // The envelope says which regions were covered, so the receiver won't read the others as empty.
      logger.warn({ err: errorMessage(error), homeRegion }, 'region discovery failed; collecting in the home region only');
      regions = [homeRegion];
      regionSource = 'fallback';
    }
  }

  const limit = pLimit(config.concurrency);
  const runOne = (collector: AnyCollector, region: string): Promise<TimedRun> =>
    limit(async () => {
      const startedAt = performance.now();
      try {
        const run = await runCollector(collector, { accountId, period, region, regions, config, clientFactory, now });
        return { ...run, startedAt, endedAt: performance.now() };
      } catch (error) {
        // runCollector never throws by design; if it ever does, it is still this collector's failure
        const endedAt = performance.now();
        return { region, status: 'failed', error: errorMessage(error), durationMs: endedAt - startedAt, apiCalls: 0, truncated: false, truncationReasons: [], startedAt, endedAt };
      }
    });

  // Queued in registry order (it lists the long runs first); account-wide collectors run once.
  const planned = collectors.map((collector) => ({ collector, skip: skipReason(collector, period, mode) }));
  const pending = new Map<AnyCollector, Promise<TimedRun>[]>();
  for (const { collector, skip } of planned) {
    if (skip) continue;
    pending.set(collector, collector.scope === 'account' ? [runOne(collector, homeRegion)] : regions.map((r) => runOne(collector, r)));
  }

  const envelopeRuns: Record<string, CollectorRun> = {};
  const reports: CollectorReport[] = [];
  const sectionValues = new Map<SectionName, unknown>();
  const securityParts: Record<string, unknown> = {};

  for (const { collector, skip } of planned) {
    if (skip) {
      envelopeRuns[collector.name] = { status: 'skipped', error: skip, duration_ms: 0, api_calls: 0 };
      reports.push({ name: collector.name, run: envelopeRuns[collector.name]!, regions: [], truncationReasons: [] });
      continue;
    }
    const runs = await Promise.all(pending.get(collector)!);
    const regional = collector.scope === 'regional';
    const truncationReasons = runs.flatMap((r) => (r.status === 'ok' ? r.truncationReasons : []));
    let combined = combineStatus(runs, regional);
    const okParts = runs.filter((r) => r.status === 'ok').map((r) => r.part);
    if (okParts.length > 0) {
      try {
        const value = mergeParts(collector, okParts, { accountId, period, region: homeRegion, regions, config, now, markTruncated: (reason) => truncationReasons.push(reason) });
        const parsed = schemaOf(collector).safeParse(value);
        if (!parsed.success) throw new Error(contractError(parsed.error, collector.target.section === 'security' ? `security.${collector.target.part}` : collector.target.section));
        if (collector.target.section === 'security') securityParts[collector.target.part] = value;
        else sectionValues.set(collector.target.section as SectionName, value);
      } catch (error) {
        combined = { status: 'failed', error: errorMessage(error), regions: combined.regions };
      }
    }
    const run: CollectorRun = {
      ...combined,
      duration_ms: Math.round(Math.max(...runs.map((r) => r.endedAt)) - Math.min(...runs.map((r) => r.startedAt))),
      api_calls: runs.reduce((n, r) => n + r.apiCalls, 0),
      truncated: truncationReasons.length > 0,
    };
    if (run.regions === undefined) delete run.regions;
    if (run.error === undefined) delete run.error;
    envelopeRuns[collector.name] = run;
    reports.push({ name: collector.name, run, regions: runs.map(({ part: _part, ...rest }) => rest), truncationReasons });
    const log = { collector: collector.name, status: run.status, duration_ms: run.duration_ms, api_calls: run.api_calls, truncated: run.truncated };
    if (run.status === 'ok') logger.info(log, 'collector done');
    else logger.warn({ ...log, error: run.error, regions: run.regions }, 'collector not ok');
    if (truncationReasons.length > 0) logger.warn({ collector: collector.name, reasons: truncationReasons }, 'collector output truncated');
  }

  // Envelope first, in this order: the receiver may stream the document.
  const snapshot: Record<string, unknown> = {
    schema_version: SCHEMA_VERSION,
    account_id: accountId,
    period,
    collected_at: collectedAt,
    regions,
    collectors: envelopeRuns,
    sender: { version: options.senderVersion ?? '0.0.0', function_arn: options.functionArn ?? null, request_id: options.requestId ?? null },
  };
  if (Object.keys(securityParts).length > 0) sectionValues.set('security', securityParts);
  for (const name of Object.keys(sections) as SectionName[]) {
    if (sectionValues.has(name)) snapshot[name] = sectionValues.get(name);
  }
  return { snapshot: snapshot as SnapshotInput, runs: reports, regionSource };
}
