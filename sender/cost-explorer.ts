// Cost Explorer helpers shared by the cost collectors. Every query is filtered to this account:
// in the management account Cost Explorer would otherwise return the whole organization.
import { GetCostAndUsageCommand, type CostExplorerClient, type Expression, type GetCostAndUsageCommandInput, type GetCostAndUsageCommandOutput } from '@aws-sdk/client-cost-explorer';
import { pagesOf } from './pagination.js';

export function linkedAccount(accountId: string): Expression {
  return { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [accountId] } };
}

/** `linkedAccount` AND the given expressions. */
export function forAccount(accountId: string, ...more: Expression[]): Expression {
  return more.length === 0 ? linkedAccount(accountId) : { And: [linkedAccount(accountId), ...more] };
}

/** Cost Explorer amounts are decimal strings; absent or unparsable → 0. */
export function amount(value: string | undefined): number {
  const n = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** Like `amount`, but absent or unparsable → undefined (for optional fields). */
export function optionalAmount(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A currency code the contract accepts (ISO 4217), else USD. */
export function currencyOf(unit: string | undefined): string {
  return unit && /^[A-Z]{3}$/.test(unit) ? unit : 'USD';
}

/**
 * Cost Explorer answers "not enabled for this account" with AccessDeniedException ("User not
 * enabled for cost explorer access"); renamed so it is classified not_enabled, not access_denied.
 */
export class CostExplorerNotEnabledError extends Error {
  override name = 'CostExplorerNotEnabled';
}
/** notEnabledErrors of every Cost Explorer collector. */
export const COST_EXPLORER_NOT_ENABLED = ['CostExplorerNotEnabled'] as const;

/** The error to rethrow for a Cost Explorer failure (see CostExplorerNotEnabledError). */
export function ceError(error: unknown): unknown {
  const message = (error as { message?: string } | undefined)?.message ?? '';
  return /not enabled for cost explorer/i.test(message) ? new CostExplorerNotEnabledError(message) : error;
}

export async function ceCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw ceError(error);
  }
}

/** Every page of GetCostAndUsage (it has no SDK paginator; grouped queries page with NextPageToken). */
export function costAndUsagePages(client: CostExplorerClient, input: Omit<GetCostAndUsageCommandInput, 'NextPageToken'>): AsyncGenerator<GetCostAndUsageCommandOutput> {
  return pagesOf(
    (token) => ceCall(() => client.send(new GetCostAndUsageCommand({ ...input, NextPageToken: token }))),
    (page) => page.NextPageToken,
  );
}
