// Small helpers shared by the collectors: timestamp, number and tag conversions, batching,
// bounded concurrency, soft deadlines and the account-wide API regions.
import { errorMessage, type CollectContext } from '../collector.js';

/** An ISO 8601 instant (UTC, with Z) from an SDK Date or an AWS timestamp string; null if absent or unparseable. */
export function isoTime(value: Date | string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Non-negative integer or null: counts from AWS are sometimes absent, never meaningfully fractional. */
export function countOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
}

/** A finite number or null. */
export function numberOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Rounds to 2 decimals and clamps to 0–100 (AWS percentages occasionally overshoot by rounding). */
export function percentOrNull(value: number | null | undefined): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return Math.min(100, Math.max(0, Math.round(value * 100) / 100));
}

/** EC2-style `[{Key, Value}]` tags as a record, cut to the contract's bounds (AWS enforces the same limits). */
export function tagRecord(list: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key) out[t.Key.slice(0, 128)] = (t.Value ?? '').slice(0, 256);
  return out;
}

/**
 * The one region of the snapshot whose run collects account-global resources (S3 buckets,
 * CloudFront web ACLs): us-east-1 when the snapshot covers it, else the first region.
 */
export function globalResourcesRegion(regions: readonly string[]): string | undefined {
  return regions.includes('us-east-1') ? 'us-east-1' : regions[0];
}

/** The ARN partition of a region. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The error's name (the SDK's exception name), if it has one. */
export function errorName(error: unknown): string | undefined {
  const e = error as { name?: unknown } | null;
  return typeof e?.name === 'string' ? e.name : undefined;
}

/** An error the runner classifies as not_enabled when its name is listed in the collector's notEnabledErrors. */
export function notEnabled(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

/** Fixed-size batches (e.g. 50 instance ids per DescribeInstancePatchStates call). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Keeps the first item for each key: the receiver upserts by these keys, so a snapshot must not repeat one. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * A soft deadline inside the runner's hard time budget: fan-out collectors stop starting detail
 * calls once `softDeadlineFraction` of the budget is used, and return what they have (marked
 * truncated) instead of losing the whole region to the budget abort.
 */
export function softDeadline(ctx: Pick<CollectContext, 'config'>): () => boolean {
  const stopAt = performance.now() + ctx.config.collectorBudgetMs * ctx.config.softDeadlineFraction;
  return () => performance.now() >= stopAt;
}

export interface BoundedResult<R> {
  /** One entry per item, in input order; undefined for items skipped because `stop()` said so. */
  results: (R | undefined)[];
  skipped: number;
}

/**
 * Runs fn over items with at most `concurrency` calls in flight (AWS throttles per account and
 * API, and the adaptive retry limiter works per client). The first error stops scheduling and is
 * rethrown once the calls in flight settle. `stop` is checked before each item is started.
 */
export async function mapBounded<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>, stop: () => boolean = () => false): Promise<BoundedResult<R>> {
  const results: (R | undefined)[] = new Array<R | undefined>(items.length).fill(undefined);
  let next = 0;
  let skipped = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++;
      if (stop()) {
        skipped++;
        continue;
      }
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failure) throw failure.error;
  return { results, skipped };
}

/**
 * Runs independent listings (one per AWS service) and keeps the ones that worked: one service
 * denied or failing must not lose the others. Failures are reported through markTruncated, since
 * the items of a failed service are unknown, not gone. If every listing fails, the first error is
 * rethrown so the runner classifies the run (access_denied, not_enabled, failed).
 */
export async function settleAll<T>(ctx: Pick<CollectContext, 'markTruncated'>, tasks: Record<string, () => Promise<T[]>>): Promise<T[]> {
  const labels = Object.keys(tasks);
  const settled = await Promise.allSettled(labels.map((label) => (tasks[label] as () => Promise<T[]>)()));
  const out: T[] = [];
  const failures: { label: string; error: unknown }[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') out.push(...s.value);
    else failures.push({ label: labels[i] as string, error: s.reason });
  });
  if (failures.length > 0 && failures.length === labels.length) throw failures[0]?.error;
  for (const f of failures) ctx.markTruncated(`${f.label} not collected: ${errorMessage(f.error)}`);
  return out;
}

/**
 * The one region that serves an account-wide API (Support, Health) in the partition of `region`:
 * us-east-1 in the commercial partition, the partition's own endpoint region elsewhere.
 */
export function globalApiRegion(api: 'support' | 'health', region: string): string {
  switch (partitionOf(region)) {
    case 'aws-cn':
      return api === 'support' ? 'cn-north-1' : 'cn-northwest-1';
    case 'aws-us-gov':
      return 'us-gov-west-1';
    default:
      return 'us-east-1';
  }
}

/** Support plans below Business answer the Support and Health APIs with this error. */
export const SUBSCRIPTION_REQUIRED = 'SubscriptionRequiredException';
