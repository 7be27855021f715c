// Helpers shared by the security collectors: period bounds, timestamp and region normalisation,
// bounded concurrency, and the "not enabled" signal for services whose absence is not an AWS error.
import type { Period } from '../../snapshot/index.js';
import { region as regionSchema } from '../../snapshot/common.js';
import { classifyError } from '../collector.js';

/** Error name a collector throws when the service is off although no AWS call failed (e.g. no GuardDuty detector). */
export const SERVICE_NOT_ENABLED = 'ServiceNotEnabled';

/** Listed in a collector's notEnabledErrors, so the runner records `not_enabled` instead of `failed`. */
export class ServiceNotEnabledError extends Error {
  override name = SERVICE_NOT_ENABLED;
}

/** The snapshot period as instants, [start, end): periods are UTC calendar dates. */
export function periodBounds(period: Period): { start: Date; end: Date } {
  return { start: new Date(`${period.start}T00:00:00.000Z`), end: new Date(`${period.end}T00:00:00.000Z`) };
}

/** ISO 8601 in UTC from an SDK Date or an AWS timestamp string; null when absent or unparsable. */
export function iso(value: Date | string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A region code the contract accepts, or null (a malformed value must not fail the whole snapshot). */
export function validRegion(value: string | null | undefined): string | null {
  return value && regionSchema.safeParse(value).success ? value : null;
}

/** The number if it is finite and within [min, max], else null. */
export function inRange(value: number | null | undefined, min: number, max: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : null;
}

/** Value if it is one of the allowed literals, else null: AWS adds enum values before our contract knows them. */
export function oneOf<T extends string>(value: string | null | undefined, allowed: readonly T[]): T | null {
  return value !== null && value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Maps items with at most `limit` calls in flight (per-region API quotas). Results keep the input
 * order; after the first failure no new work starts and that failure is rethrown.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** `[{Key, Value}]` as the contract's tag record; entries without a key are dropped. */
export function tagRecord(tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key) out[t.Key] = t.Value ?? '';
  return out;
}

export function errorName(error: unknown): string | undefined {
  const e = error as { name?: unknown } | null;
  return typeof e?.name === 'string' ? e.name : undefined;
}

/** Whether the runner would record this error as access_denied (one definition: classifyError's). */
export function isAccessDenied(error: unknown): boolean {
  return classifyError(error) === 'access_denied';
}
