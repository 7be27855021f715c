// What a collector is: a declaration (name, scope, API calls, "not enabled" errors) plus a
// function from AWS API responses to one part of the snapshot contract. The runner
// (sender/collect.ts) decides regions, concurrency, time budgets and error classification.
import type { Client } from '@smithy/smithy-client';
import type { CollectorRun, Period, SnapshotInput } from '../snapshot/index.js';

export type CollectorScope = 'account' | 'regional';

/** Where a collector's output goes in the snapshot: a section, or a part of `security`. */
export type CollectorTarget =
  | { section: Exclude<keyof SnapshotInput, 'security' | EnvelopeKey> }
  | { section: 'security'; part: keyof NonNullable<SnapshotInput['security']> };
type EnvelopeKey = 'schema_version' | 'account_id' | 'period' | 'collected_at' | 'regions' | 'collectors' | 'sender';

/** Any AWS SDK v3 client class. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClientClass<C> = new (config: any) => C;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyClient = Client<any, any, any, any>;

export interface SenderConfig {
  /** Max individual security-relevant CloudTrail events kept in `activity.events`. */
  activityEventCap: number;
  /** Max LookupEvents pages read per region (50 events per page). */
  activityMaxPages: number;
  /** LookupEvents requests per second per region (AWS allows 2). */
  lookupEventsPerSecond: number;
  /** Max Config evaluations kept per rule. */
  configEvaluationsPerRule: number;
  /** Max installed applications kept per SSM managed node (a Linux node lists 500–1500 packages). */
  inventoryApplicationsPerInstance: number;
  /** Max patches kept per SSM managed node; the actionable states are read first, so the cap drops installed ones. */
  inventoryPatchesPerInstance: number;
  /** Time budget of one collector in one region, ms. */
  collectorBudgetMs: number;
  /**
   * Share of the budget after which fan-out collectors (config, inventory, resilience_hub) start no
   * more detail calls and return what they have, truncated, instead of losing the region to the abort.
   */
  softDeadlineFraction: number;
  /** Regional collector runs at once. */
  concurrency: number;
  /** SDK attempts per call (adaptive retry mode). */
  maxAttempts: number;
  /** Labels the deployment gives the account (StackSet parameters), for the account section. */
  labels?: AccountLabels;
}

export interface AccountLabels {
  partner_name?: string;
  customer_name?: string;
  category?: string;
  /** Used for account_type when the account has no AccountType/Environment tag. */
  environment?: string;
}

export const defaultSenderConfig: SenderConfig = {
  activityEventCap: 5000,
  activityMaxPages: 400,
  lookupEventsPerSecond: 2,
  configEvaluationsPerRule: 100,
  inventoryApplicationsPerInstance: 2000,
  inventoryPatchesPerInstance: 1000,
  collectorBudgetMs: 120_000,
  softDeadlineFraction: 0.75,
  // above the 17 default regions: paced CloudTrail runs hold a slot each, and a 17th would wait a whole run
  concurrency: 24,
  maxAttempts: 4,
};

export interface CollectContext {
  accountId: string;
  period: Period;
  /** The region this run is for (regional collectors), or the home region (account collectors). */
  region: string;
  /** Every region the snapshot covers (account collectors that fan out themselves may use it). */
  regions: readonly string[];
  /** A client for this collector run; `region` defaults to ctx.region. Calls are counted and bounded by the budget. */
  client<C extends AnyClient>(clientClass: ClientClass<C>, region?: string): C;
  /** Aborted when the collector's time budget is used up. */
  signal: AbortSignal;
  config: SenderConfig;
  /** Mark the output incomplete (a cap or the budget was hit); recorded as `truncated` in collectors. */
  markTruncated(reason: string): void;
  /** Current time (the simulator and tests control it). */
  now(): Date;
}

export interface Collector<Part = unknown, Section = Part> {
  /** Key in `collectors` (snake_case, see snapshot/snapshot.ts collectorNames). */
  name: string;
  target: CollectorTarget;
  scope: CollectorScope;
  /** AWS operations it calls, as "service:Operation" (IAM policy and simulator coverage come from here). */
  api: readonly string[];
  /** Error names or codes that mean the service is not enabled or not subscribed in this account/region. */
  notEnabledErrors?: readonly string[];
  /** Also run for backfill (time-series sections only: cost, services, activity). */
  timeSeries?: boolean;
  /** Only for DAILY snapshots (state), or also MONTHLY (period totals). */
  granularities?: readonly Period['granularity'][];
  collect(ctx: CollectContext): Promise<Part>;
  /**
   * Regional collectors: combine the per-region parts (ok regions only) into the section value.
   * markTruncated is available because a snapshot-wide cap can only be applied here.
   */
  merge?(parts: Part[], ctx: Omit<CollectContext, 'client' | 'signal'>): Section;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCollector = Collector<any, any>;

export type CollectorOutcome = CollectorRun;

/** Concatenating merge for regional collectors whose parts are arrays. */
export function concatParts<T>(parts: T[][]): T[] {
  return parts.flat();
}

/** Merge for regional collectors whose parts are objects of arrays: each array concatenated across the parts. */
export function concatFields<P extends { [K in keyof P]: unknown[] }>(parts: readonly P[]): P {
  const out: Record<string, unknown[]> = {};
  for (const part of parts) for (const [key, rows] of Object.entries(part) as [string, unknown[]][]) out[key] = (out[key] ?? []).concat(rows);
  return out as P;
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'AuthFailure',
  'NotAuthorized',
  'UnrecognizedClientException',
]);

/** ok | access_denied | not_enabled | failed, from an error thrown by the SDK or the collector. */
export function classifyError(error: unknown, notEnabled: readonly string[] = []): 'access_denied' | 'not_enabled' | 'failed' {
  const e = error as { name?: string; Code?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const names = [e?.name, e?.Code, e?.code].filter((x): x is string => typeof x === 'string');
  if (names.some((n) => ACCESS_DENIED.has(n))) return 'access_denied';
  if (names.some((n) => notEnabled.includes(n))) return 'not_enabled';
  return 'failed';
}

export function errorMessage(error: unknown): string {
  const e = error as { name?: string; message?: string };
  const text = e?.message ?? String(error);
  return e?.name && !text.startsWith(e.name) ? `${e.name}: ${text}` : text;
}
