// Helpers shared by the security collectors: region and enum normalisation, access-denied checks,
// and the "not enabled" signal for services whose absence is not an AWS error.
import { region as regionSchema } from '../../snapshot/common.js';
import { classifyError } from '../collector.js';

/** Error name a collector throws when the service is off although no AWS call failed (e.g. no GuardDuty detector). */
export const SERVICE_NOT_ENABLED = 'ServiceNotEnabled';

/** Listed in a collector's notEnabledErrors, so the runner records `not_enabled` instead of `failed`. */
export class ServiceNotEnabledError extends Error {
  override name = SERVICE_NOT_ENABLED;
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

/** Whether the runner would record this error as access_denied (one definition: classifyError's). */
export function isAccessDenied(error: unknown): boolean {
  return classifyError(error) === 'access_denied';
}
