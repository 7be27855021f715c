// What every loader needs to know about the snapshot being written, and where it counts its rows.
import type { CollectorRun, Granularity } from '../../snapshot/index.js';
import type { Catalog } from './catalog.js';
import type { Executor, Row, SnapshotEnvelope, WriteResult } from './types.js';
import type { WriteQueue } from './write-queue.js';
import type { StateTable } from '../../db/keys.js';
import type { StoredRow } from './state.js';
import type { ItemWriter } from './item-writer.js';

/** What earlier loads of this account say about a collector, read before this load replaced its runs. */
export interface Coverage {
  /** The date of this snapshot was already covered (ok or partial) by an earlier load. */
  coveredAtDate: boolean;
  /** The first covered date after this snapshot's date, if any. */
  next: string | null;
}

export class LoadStats {
  readonly rowsByTable: Record<string, number> = {};
  readonly notes: string[] = [];

  add(table: string, rows: number): void {
    if (rows > 0) this.rowsByTable[table] = (this.rowsByTable[table] ?? 0) + rows;
  }

  note(message: string): void {
    this.notes.push(message);
  }

  result(): WriteResult {
    const rowsByTable = { ...this.rowsByTable };
    const totalRows = Object.values(rowsByTable).reduce((a, b) => a + b, 0);
    return { rowsByTable, totalRows, notes: [...this.notes] };
  }
}

export interface LoadContext {
  db: Executor;
  catalog: Catalog;
  envelope: SnapshotEnvelope;
  accountId: string;
  granularity: Granularity;
  /** The snapshot date: period start. */
  date: string;
  /** Period end (exclusive). */
  periodEnd: string;
  ingestionId: number;
  /** Prior coverage per collector name (DAILY snapshots only). */
  coverage: Map<string, Coverage>;
  /** Current versions of state tables read ahead in one query (state.ts); each is taken once. */
  currentVersions: Map<StateTable, StoredRow[]>;
  /** Stored keys of big time-series scopes read ahead (time-series.ts prefetchScopeKeys); each is taken once. */
  scopeKeys: Map<string, Row[]>;
  /** Writers of section arrays whose batches arrived before their section ended (item-writer.ts). */
  streams: Map<string, ItemWriter<unknown>>;
  stats: LoadStats;
  /** Every statement of the load goes through here, in order (write-queue.ts). */
  queue: WriteQueue;
  /** The database takes COPY FROM STDIN (db/copy.ts): plain inserts go as COPY. */
  copy: boolean;
}

/** The collector's run as reported in the envelope; undefined when the sender did not report it. */
export function collectorRun(ctx: LoadContext, collector: string): CollectorRun | undefined {
  return ctx.envelope.collectors[collector];
}
