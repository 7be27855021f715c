// The `ingestions` table: one row per processed file, whatever happened to it.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type IngestionStatus = 'processing' | 'loaded' | 'rejected' | 'failed' | 'duplicate';

/** What is known about the file when a row is written. */
export interface IngestionFacts {
  objectKey: string;
  startedAt: Date;
  etag?: string | undefined;
  sha256?: string | undefined;
  bytes?: number | undefined;
  uncompressedBytes?: number | undefined;
  accountId?: string | undefined;
  granularity?: string | undefined;
  periodStart?: string | undefined;
  sourceFormat?: string | undefined;
}

export interface IngestionOutcome {
  status: IngestionStatus;
  reason?: string | undefined;
  error?: unknown;
  rowsByTable?: Record<string, number>;
  unknownFields?: number;
  finishedAt?: Date;
  durationMs?: number;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** jsonb cannot hold U+0000 or lone surrogates; error texts may quote the file, so clean them. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\ufffd');
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [jsonSafe(k) as string, jsonSafe(v)]));
  }
  return value;
}

// Every value is cast explicitly: the Data API sends untyped strings as varchar, which does not
// convert to date / jsonb / timestamptz on its own.
function cast(value: unknown, type: 'text' | 'bigint' | 'integer' | 'date' | 'timestamptz' | 'jsonb'): RawBuilder<unknown> {
  if (value === null || value === undefined) return sql`cast(null as ${sql.raw(type)})`;
  if (type === 'jsonb') return sql`cast(${JSON.stringify(jsonSafe(value))} as jsonb)`;
  return sql`cast(${value} as ${sql.raw(type)})`;
}

function columns(facts: IngestionFacts, outcome: IngestionOutcome): [string, RawBuilder<unknown>][] {
  return [
    ['object_key', cast(facts.objectKey, 'text')],
    ['etag', cast(facts.etag, 'text')],
    ['sha256', cast(facts.sha256, 'text')],
    ['bytes', cast(facts.bytes, 'bigint')],
    ['uncompressed_bytes', cast(facts.uncompressedBytes, 'bigint')],
    ['account_id', cast(facts.accountId && /^\d{12}$/.test(facts.accountId) ? facts.accountId : null, 'text')],
    ['granularity', cast(facts.granularity === 'DAILY' || facts.granularity === 'MONTHLY' ? facts.granularity : null, 'text')],
    ['period_start', cast(facts.periodStart, 'date')],
    ['source_format', cast(facts.sourceFormat, 'text')],
    ['status', cast(outcome.status, 'text')],
    ['reason', cast(outcome.reason, 'text')],
    ['error', cast(outcome.error, 'jsonb')],
    ['rows_by_table', cast(outcome.rowsByTable ?? {}, 'jsonb')],
    ['unknown_fields', cast(outcome.unknownFields ?? 0, 'integer')],
    ['started_at', cast(facts.startedAt, 'timestamptz')],
    ['finished_at', cast(outcome.finishedAt, 'timestamptz')],
    ['duration_ms', cast(outcome.durationMs === undefined ? null : Math.max(0, Math.round(outcome.durationMs)), 'integer')],
  ];
}

export async function insertIngestion(db: Executor, facts: IngestionFacts, outcome: IngestionOutcome): Promise<number> {
  const cols = columns(facts, outcome);
  const { rows } = await sql<{ ingestion_id: number }>`
    insert into ingestions (${sql.join(cols.map(([c]) => sql.ref(c)))})
    values (${sql.join(cols.map(([, v]) => v))})
    returning ingestion_id`.execute(db);
  return Number(rows[0]!.ingestion_id);
}

/**
 * Writes the outcome of an attempt whose 'processing' row was rolled back, under the same id
 * (identity values are never handed out twice), so that logs and rows agree. When the row exists
 * after all (a commit that succeeded although its acknowledgement was lost), nothing is written
 * and its status is returned.
 */
export async function recordOutcome(db: Executor, id: number | undefined, facts: IngestionFacts, outcome: IngestionOutcome): Promise<{ id: number; existing?: string }> {
  if (id === undefined) return { id: await insertIngestion(db, facts, outcome) };
  const cols = columns(facts, outcome);
  const { rows } = await sql<{ ingestion_id: number }>`
    insert into ingestions (ingestion_id, ${sql.join(cols.map(([c]) => sql.ref(c)))})
    overriding system value
    values (${cast(id, 'bigint')}, ${sql.join(cols.map(([, v]) => v))})
    on conflict (ingestion_id) do nothing
    returning ingestion_id`.execute(db);
  if (rows.length > 0) return { id };
  const existing = await db.selectFrom('ingestions').select('status').where('ingestion_id', '=', id).executeTakeFirst();
  return { id, ...(existing ? { existing: existing.status } : {}) };
}

/** Turns the attempt's 'processing' row into its final state, inside the load's transaction. */
export async function finishIngestion(db: Executor, id: number, facts: IngestionFacts, outcome: IngestionOutcome): Promise<void> {
  const cols = columns(facts, outcome).filter(([c]) => c !== 'object_key' && c !== 'started_at');
  await sql`
    update ingestions set ${sql.join(cols.map(([c, v]) => sql`${sql.ref(c)} = ${v}`))}
    where ingestion_id = ${cast(id, 'bigint')}`.execute(db);
}

/** Serializes loads of the same key (an S3 event delivered twice, a CLI run beside the Lambda). */
export async function lockObjectKey(trx: Executor, key: string): Promise<void> {
  await sql`select 1 as locked from (select pg_advisory_xact_lock(hashtextextended(${key}, 0))) as l`.execute(trx);
}

/** The most recent load of this key: a file is a duplicate only of what the database holds now. */
export async function latestLoad(db: Executor, key: string): Promise<{ id: number; sha256: string | null } | undefined> {
  const found = await db
    .selectFrom('ingestions')
    .select(['ingestion_id', 'sha256'])
    .where('object_key', '=', key)
    .where('status', '=', 'loaded')
    .orderBy('ingestion_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return found ? { id: found.ingestion_id, sha256: found.sha256 } : undefined;
}
