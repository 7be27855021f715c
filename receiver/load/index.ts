// Loaders: a validated snapshot → tables, set-based, in the caller's transaction. Idempotent
// (loading the same snapshot again writes nothing) and safe out of order (a late older snapshot
// fills its day without rolling newer data back). docs/loading.md describes the rules.
import { monthlySections, sectionNames, type SectionName, type Snapshot } from '../../snapshot/index.js';
import { writeAccount } from './account.js';
import { writeActivity } from './activity.js';
import { beginLoad, ensureCollectorRun } from './begin.js';
import { writeConfig } from './compliance.js';
import type { LoadContext } from './context.js';
import { writeCost, writeMarketplace, writeRiSpSavings, writeServices } from './cost.js';
import { writeInventory } from './inventory.js';
import { writeApplicationSignals, writeHealth, writeResilienceHub, writeSupportTickets, writeTrustedAdvisor } from './operations.js';
import { writeComputeOptimizer, writeServiceResources } from './resources.js';
import { writeSecurity } from './security.js';
import type { Executor, SnapshotEnvelope, WriteContext, WriteResult } from './types.js';

export type { Executor, SnapshotEnvelope, WriteContext, WriteResult } from './types.js';
export { PLACEHOLDER_AS_OF } from './begin.js';

/**
 * Sections may be written one by one (the pipeline streams a big file section by section).
 * Statements are queued while the next ones are prepared, also across sections: a section's
 * statements may still be running when writeSection returns. finish() waits for all of them; a
 * caller that gives up instead must call abort() before rolling back. A writeSection that fails
 * has already stopped the queue.
 */
export interface SnapshotWriter {
  writeSection<K extends SectionName>(name: K, value: NonNullable<Snapshot[K]>): Promise<void>;
  finish(): Promise<WriteResult>;
  /** Nothing queued is sent any more; resolves when the statement running has finished. */
  abort(): Promise<void>;
}

type SectionLoaders = { [K in SectionName]: (ctx: LoadContext, value: NonNullable<Snapshot[K]>) => Promise<void> };

/**
 * Starts loading one snapshot: locks the account row (concurrent loads of one account wait for
 * each other), records the snapshot and its collector runs. Call inside a transaction.
 */
export async function beginSnapshot(trx: Executor, envelope: SnapshotEnvelope, ctx: WriteContext): Promise<SnapshotWriter> {
  const { ctx: load, account } = await beginLoad(trx, envelope, ctx);
  await settledOnError(load, () => load.queue.drain());
  const loaders: SectionLoaders = {
    account: (c, v) => writeAccount(c, account, v),
    cost: writeCost,
    services: writeServices,
    security: writeSecurity,
    config: writeConfig,
    inventory: writeInventory,
    service_resources: writeServiceResources,
    compute_optimizer: writeComputeOptimizer,
    trusted_advisor: writeTrustedAdvisor,
    health: writeHealth,
    application_signals: writeApplicationSignals,
    resilience_hub: writeResilienceHub,
    marketplace: writeMarketplace,
    ri_sp_savings: writeRiSpSavings,
    support_tickets: writeSupportTickets,
    activity: writeActivity,
  };
  const written = new Set<SectionName>();
  let finished = false;
  return {
    async writeSection<K extends SectionName>(name: K, value: NonNullable<Snapshot[K]>): Promise<void> {
      if (finished) throw new Error('writeSection after finish()');
      if (written.has(name)) throw new Error(`section ${name} was already written for this snapshot`);
      if (load.granularity === 'MONTHLY' && !monthlySections.includes(name)) {
        throw new Error(`a MONTHLY snapshot carries only ${monthlySections.join(', ')}; got ${name}`);
      }
      written.add(name);
      const loader = loaders[name] as (c: LoadContext, v: NonNullable<Snapshot[K]>) => Promise<void>;
      await settledOnError(load, async () => {
        // security has one collector per part; security.ts records each present part.
        if (name !== 'security') await ensureCollectorRun(load, name);
        await loader(load, value);
      });
    },
    async finish(): Promise<WriteResult> {
      finished = true;
      await load.queue.drain();
      return load.stats.result();
    },
    async abort(): Promise<void> {
      finished = true;
      await load.queue.abort();
    },
  };
}

/** On failure, no statement may be sent any more: the caller rolls back next. */
async function settledOnError(load: LoadContext, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await load.queue.abort();
    throw error;
  }
}

/** Convenience: begin + every present section + finish. Must be called inside a transaction (the caller owns it). */
export async function writeSnapshot(trx: Executor, snapshot: Snapshot, ctx: WriteContext): Promise<WriteResult> {
  const writer = await beginSnapshot(trx, snapshot, ctx);
  for (const name of sectionNames) {
    const value = snapshot[name];
    if (value !== undefined && value !== null) await writer.writeSection(name, value);
  }
  return writer.finish();
}
