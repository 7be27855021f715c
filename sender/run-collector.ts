// Runs one collector in one region (or once, account-wide) and turns whatever happens into a
// part and a status. A collector never throws past this point: its failure is its own.
import type { Period } from '../snapshot/index.js';
import { classifyError, errorMessage, type AnyClient, type AnyCollector, type ClientClass, type CollectContext, type SenderConfig } from './collector.js';
import { meteredClient, type CallMeter, type ClientFactory } from './clients.js';

export interface RegionRun {
  region: string;
  status: 'ok' | 'failed' | 'access_denied' | 'not_enabled';
  part?: unknown;
  error?: string;
  durationMs: number;
  apiCalls: number;
  truncated: boolean;
  truncationReasons: string[];
}

export interface RunCollectorOptions {
  accountId: string;
  period: Period;
  region: string;
  regions: readonly string[];
  config: SenderConfig;
  clientFactory: ClientFactory;
  now?: () => Date;
}

export class BudgetExhaustedError extends Error {
  override name = 'BudgetExhausted';
}

export async function runCollector(collector: AnyCollector, options: RunCollectorOptions): Promise<RegionRun> {
  const started = performance.now();
  const meter: CallMeter = { calls: 0 };
  const budget = new AbortController();
  const timer = setTimeout(
    () => budget.abort(new BudgetExhaustedError(`${collector.name} used up its ${options.config.collectorBudgetMs} ms budget in ${options.region}`)),
    options.config.collectorBudgetMs,
  );
  timer.unref?.();
  const truncationReasons: string[] = [];
  const clients = new Map<string, AnyClient>();
  const ctx: CollectContext = {
    accountId: options.accountId,
    period: options.period,
    region: options.region,
    regions: options.regions,
    config: options.config,
    signal: budget.signal,
    now: options.now ?? (() => new Date()),
    markTruncated: (reason) => truncationReasons.push(reason),
    client<C extends AnyClient>(clientClass: ClientClass<C>, region = options.region): C {
      const key = `${clientClass.name}@${region}`;
      let c = clients.get(key);
      if (!c) {
        c = meteredClient(options.clientFactory(clientClass, region), meter, budget.signal);
        clients.set(key, c);
      }
      return c as C;
    },
  };
  try {
    const part = await collector.collect(ctx);
    // A collector that swallowed the abort and returned what it had is incomplete, not ok-and-whole.
    if (budget.signal.aborted) truncationReasons.push(errorMessage(budget.signal.reason));
    return { region: options.region, status: 'ok', part, durationMs: performance.now() - started, apiCalls: meter.calls, truncated: truncationReasons.length > 0, truncationReasons };
  } catch (error) {
    const status = budget.signal.aborted ? 'failed' : classifyError(error, collector.notEnabledErrors);
    const message = budget.signal.aborted ? errorMessage(budget.signal.reason) : errorMessage(error);
    return { region: options.region, status, error: message, durationMs: performance.now() - started, apiCalls: meter.calls, truncated: false, truncationReasons };
  } finally {
    clearTimeout(timer);
    for (const c of clients.values()) c.destroy();
  }
}
