// Types shared by the loaders (index.ts re-exports the public ones).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Snapshot } from '../../snapshot/index.js';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface WriteContext {
  ingestionId: number;
  objectKey?: string;
}

export interface WriteResult {
  /** Rows written (inserted + updated + deleted + versions closed) per table. */
  rowsByTable: Record<string, number>;
  totalRows: number;
  /** What the load decided that a reader of the ingestion should know, e.g. "older snapshot: account attributes kept from 2026-11-20". */
  notes: string[];
}

export type SnapshotEnvelope = Pick<Snapshot, 'schema_version' | 'account_id' | 'period' | 'collected_at' | 'regions' | 'collectors' | 'sender'>;

/** One table row as the loaders build it: column name → JSON value (undefined = NULL or the column default). */
export type Row = Record<string, unknown>;
