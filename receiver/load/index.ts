// Loaders: a validated snapshot → tables, set-based, in the caller's transaction. Idempotent
// (loading the same snapshot again writes nothing) and safe out of order (a late older snapshot
// fills its day without rolling newer data back). docs/loading.md describes the rules.
import { monthlySections, sectionNames, type SectionName, type Snapshot } from '../../snapshot/index.js';
import { writeAccount } from './account.js';
import { aggregatesWriter, eventsWriter, writeActivity } from './activity.js';
import { beginLoad, ensureCollectorRun } from './begin.js';
import { evaluationsWriter, writeConfig } from './compliance.js';
import type { LoadContext } from './context.js';
import { servicesWriter, writeCost, writeMarketplace, writeRiSpSavings, writeServices } from './cost.js';
import { applicationsWriter, instancesWriter, patchesWriter, writeInventory } from './inventory.js';
import { writeApplicationSignals, writeHealth, writeResilienceHub, writeSupportTickets, writeTrustedAdvisor } from './operations.js';
import { computeOptimizerWriter, serviceResourcesWriter, writeComputeOptimizer, writeServiceResources } from './resources.js';
import { findingsWriter, guardDutyWriter, inspectorWriter, writeSecurity } from './security.js';
import { streamId, streamWriter, type ItemWriterFactory } from './item-writer.js';
import type { Executor, SnapshotEnvelope, WriteContext, WriteResult } from './types.js';

export type { Executor, SnapshotEnvelope, WriteContext, WriteResult } from './types.js';
export { PLACEHOLDER_AS_OF } from './begin.js';

/** A big array of a section, written batch by batch while the file streams: its collector and its writer. */
interface StreamedArray {
  collector: string;
  // the items are the array's validated items; each writer is typed by its loader
  create: ItemWriterFactory<never>;
}

/** The arrays that stream, by section and path inside it ('' for a section that is an array). */
const streamedArrays: { [K in SectionName]?: Record<string, StreamedArray> } = {
  services: { '': { collector: 'services', create: servicesWriter } },
  security: {
    'security_hub.findings': { collector: 'security_hub', create: findingsWriter },
    guard_duty: { collector: 'guard_duty', create: guardDutyWriter },
    inspector: { collector: 'inspector', create: inspectorWriter },
  },
  config: { evaluations: { collector: 'config', create: evaluationsWriter } },
  inventory: {
    instances: { collector: 'inventory', create: instancesWriter },
    applications: { collector: 'inventory', create: applicationsWriter },
    patches: { collector: 'inventory', create: patchesWriter },
  },
  service_resources: { '': { collector: 'service_resources', create: serviceResourcesWriter } },
  compute_optimizer: { '': { collector: 'compute_optimizer', create: computeOptimizerWriter } },
  activity: {
    aggregates: { collector: 'activity', create: aggregatesWriter },
    events: { collector: 'activity', create: eventsWriter },
  },
};

/** Every streamed array as [section, path]. */
export function streamedArrayList(): [SectionName, string][] {
  return Object.entries(streamedArrays).flatMap(([section, paths]) => Object.keys(paths).map((path): [SectionName, string] => [section as SectionName, path]));
}

/** Whether the loader takes this array of the section batch by batch (writeItems) before the section ends. */
export function isStreamedArray(section: SectionName, path: string): boolean {
  return streamedArrays[section]?.[path] !== undefined;
}

/**
 * Sections may be written one by one (the pipeline streams a big file section by section), and the
 * big arrays of a section batch by batch before it (writeItems, then writeSection with those arrays
 * empty). Statements are queued while the next ones are prepared, also across sections: a section's
 * statements may still be running when writeSection returns. finish() waits for all of them; a
 * caller that gives up instead must call abort() before rolling back. A write that fails has
 * already stopped the queue.
 */
export interface SnapshotWriter {
  /** The next items of a streamed array (isStreamedArray); its section follows, with the array empty. */
  writeItems(name: SectionName, path: string, items: readonly unknown[]): Promise<void>;
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
  const accepts = (name: SectionName, what: string): void => {
    if (finished) throw new Error(`${what} after finish()`);
    if (written.has(name)) throw new Error(`section ${name} was already written for this snapshot`);
    if (load.granularity === 'MONTHLY' && !monthlySections.includes(name)) {
      throw new Error(`a MONTHLY snapshot carries only ${monthlySections.join(', ')}; got ${name}`);
    }
  };
  return {
    async writeItems(name: SectionName, path: string, items: readonly unknown[]): Promise<void> {
      accepts(name, 'writeItems');
      const streamed = streamedArrays[name]?.[path];
      if (!streamed) throw new Error(`${name}.${path} is not an array that streams`);
      await settledOnError(load, async () => {
        await ensureCollectorRun(load, streamed.collector);
        await streamWriter(load, streamId(name, path), streamed.create as ItemWriterFactory<unknown>).add(items);
      });
    },
    async writeSection<K extends SectionName>(name: K, value: NonNullable<Snapshot[K]>): Promise<void> {
      accepts(name, 'writeSection');
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
      if (load.streams.size > 0) {
        await load.queue.abort();
        throw new Error(`streamed items never written: ${[...load.streams.keys()].join(', ')} (loader bug)`);
      }
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
