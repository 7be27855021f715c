// Shared by the loader suites: validate + load a snapshot the way the pipeline does (ingestions row,
// one transaction), and read tables back in comparable form.
import { sql } from 'kysely';
import type { OrgPulseDb } from '../../../db/open.js';
import { stateKeys, type StateTable } from '../../../db/keys.js';
import { validateSnapshot, type Snapshot, type SnapshotInput } from '../../../snapshot/index.js';
import { writeSnapshot, type WriteResult } from '../../../receiver/load/index.js';
import { completeSnapshot } from '../../fixtures/snapshot.js';

export function validated(input: SnapshotInput): Snapshot {
  const result = validateSnapshot(JSON.parse(JSON.stringify(input)));
  if (!result.ok) throw new Error(`fixture does not validate: ${result.message}`);
  return result.snapshot;
}

export async function load(db: OrgPulseDb, input: SnapshotInput | Snapshot): Promise<WriteResult> {
  const snapshot = validated(input as SnapshotInput);
  return db.transaction().execute(async (trx) => {
    const { ingestion_id } = await trx
      .insertInto('ingestions')
      .values({ object_key: `data/${snapshot.account_id}/${snapshot.period.start}_${snapshot.period.granularity}.json.gz`, status: 'processing' })
      .returning('ingestion_id')
      .executeTakeFirstOrThrow();
    return writeSnapshot(trx, snapshot, { ingestionId: ingestion_id });
  });
}

/** Columns that differ between two loads of the same content by design (ids, load times). */
const VOLATILE = new Set(['ingestion_id', 'id', 'loaded_at', 'created_at', 'updated_at', 'started_at', 'finished_at', 'product_id']);

/** Every loader-written table, rows as sorted JSON strings without volatile columns. */
export async function dumpTables(db: OrgPulseDb): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
      and table_name not in ('kysely_migration', 'kysely_migration_lock', 'ingestions')
    order by table_name`.execute(db);
  const out: Record<string, string[]> = {};
  for (const { table_name } of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(db);
    out[table_name] = rows
      .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => !VOLATILE.has(k)).sort(([a], [b]) => (a < b ? -1 : 1)))))
      .sort();
  }
  return out;
}

export interface Version {
  key: string;
  valid_from: string;
  valid_to: string | null;
  attr_hash: string;
  [column: string]: unknown;
}

/** Versions of a state table for one account, as `key` (JSON of the item key) + range, ordered. */
export async function versions(db: OrgPulseDb, table: StateTable, accountId: string, columns: string[] = []): Promise<Version[]> {
  const key = stateKeys[table] as readonly string[];
  const cols = [...key, ...columns];
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.join(cols.map((c) => sql.ref(c)))}${cols.length ? sql`,` : sql``} attr_hash, valid_from::text as valid_from, valid_to::text as valid_to
    from ${sql.table(table)} where account_id = ${accountId} order by valid_from`.execute(db);
  return rows
    .map((r) => ({ ...r, key: JSON.stringify(key.map((k) => r[k])), valid_from: String(r.valid_from), valid_to: (r.valid_to as string | null) ?? null, attr_hash: String(r.attr_hash) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.valid_from < b.valid_from ? -1 : 1));
}

/** Keys (JSON) of the items of a state table as of day D. */
export async function asOf(db: OrgPulseDb, table: StateTable, accountId: string, day: string | null, column?: string): Promise<Record<string, unknown>> {
  const all = await versions(db, table, accountId, column ? [column] : []);
  const live = all.filter((v) => (day === null ? v.valid_to === null : v.valid_from <= day && (v.valid_to === null || v.valid_to > day)));
  return Object.fromEntries(live.map((v) => [v.key, column ? v[column] : v.attr_hash]));
}

export async function count(db: OrgPulseDb, table: string, where: { account_id: string; [col: string]: unknown }): Promise<number> {
  const conds = Object.entries(where).map(([k, v]) => sql`${sql.ref(k)} = ${v}`);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${sql.join(conds, sql` and `)}`.execute(db);
  return rows[0]!.n;
}

/** The complete fixture for a day and account, changed by `edit`. */
export function snapshotOf(date: string, accountId: string, edit?: (s: SnapshotInput) => void): SnapshotInput {
  const s = completeSnapshot(date, accountId);
  edit?.(s);
  return s;
}

type ResourceInput = NonNullable<SnapshotInput['service_resources']>[number];

/** A small EC2 instance resource; `state` is the attribute the tests change. */
export function instance(id: string, state: string, region = 'us-east-1'): ResourceInput {
  return { service: 'EC2', resource_type: 'instance', resource_id: id, region, state, instance_type: 'm5.large' };
}
