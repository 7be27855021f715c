// Time-series writer: a present section replaces the account's rows for the snapshot's period —
// rows no longer reported are deleted, changed rows updated, unchanged rows not written at all.
import { upsertKeys, type UpsertTable } from '../../db/keys.js';
import { UpsertChunker, columnsOf, deleteByKeys, insertStatement, insertSubmitter, keyString, rowset, updateIfChanged, type Constant, type RowChunk } from './bulk.js';
import { ident, tableInfo, type TableInfo } from './catalog.js';
import { mayClose, regionColumn, type ClosePolicy } from './close-policy.js';
import type { LoadContext } from './context.js';
import type { ItemWriter } from './item-writer.js';
import type { Row } from './types.js';

/** The rows a section replaces: equal columns, and optionally a date column within [from, to). */
export interface Scope {
  equals: Record<string, string>;
  range?: { column: string; from: string; to: string };
}

/** WHERE of the scope on `alias`; parameters are cast to the column types (the Data API sends strings as varchar). */
function scopeWhere(info: TableInfo, scope: Scope, params: unknown[], alias: string): string {
  const parts: string[] = [];
  for (const [col, value] of Object.entries(scope.equals)) {
    params.push(value);
    parts.push(`${alias}.${ident(col)} = $${params.length}::${columnsOf(info, [col])[0]!.type}`);
  }
  if (scope.range) {
    params.push(scope.range.from, scope.range.to);
    const col = `${alias}.${ident(scope.range.column)}`;
    parts.push(`${col} >= $${params.length - 1}::date and ${col} < $${params.length}::date`);
  }
  return parts.join(' and ');
}

/** Whether the policy lets a section delete any stored row (a partial run needs a region column). */
function mayDeleteAny(policy: ClosePolicy, region: string | undefined): boolean {
  return policy.kind === 'all' || (policy.kind === 'regions' && region !== undefined);
}

/** The policy as SQL on `alias` (undefined: every row may go; only called when mayDeleteAny). */
function policyWhere(policy: ClosePolicy, region: string | undefined, params: unknown[], alias: string): string | undefined {
  if (policy.kind !== 'regions' || !region) return undefined;
  // A JSON array, not a SQL array: the Data API has no array parameters.
  params.push(JSON.stringify([...policy.regions]));
  return ` and ${alias}.${ident(region)} in (select jsonb_array_elements_text($${params.length}::jsonb))`;
}

export interface ReplaceOptions<T> {
  /** Which stored rows absent from the section may be deleted (default: all in scope). */
  policy?: ClosePolicy;
  /** Maps an item to its row (default: the item is the row). */
  toRow?: (item: T) => Row;
}

/** Key columns compared as text in memory: their text form here and in PostgreSQL is the same. */
const TEXT_LIKE = /^(text|character varying|character|date|uuid)\b/;

/**
 * Replaces the rows of `table` in `scope` by the rows of the items added. The scope's equal
 * columns and ingestion_id are written from parameters, so rows carry only their own columns.
 *
 * A section that fits in one chunk (nearly all) is ONE statement: a CTE deletes the stored rows
 * of the scope whose key is not in the chunk, the upsert writes the chunk. Both see the same
 * snapshot and touch disjoint keys. A bigger section reads the stored keys of the scope before its
 * first chunk is written (read ahead at the start of the load for the big ones), upserts chunk by
 * chunk as items arrive, and at the end deletes the stored keys the section did not have. When the
 * scope held no row (a new day), its chunks are plain inserts until a key repeats or a row is dated
 * outside the scope's range. Keys are
 * compared as text (key columns must be text, dates or uuids, checked here), so a row the section
 * wrote is never taken for a stale one. A repeated item: the last of each key is kept.
 */
export function replaceWriter<T = Row>(ctx: LoadContext, table: UpsertTable, scope: Scope, options: ReplaceOptions<T> = {}): ItemWriter<T> {
  const toRow = options.toRow ?? ((item: T) => item as Row);
  const info = tableInfo(ctx.catalog, table);
  const constants: Record<string, Constant> = { ...scope.equals };
  if (info.byName.has('ingestion_id')) constants.ingestion_id = ctx.ingestionId;
  const key: readonly string[] = upsertKeys[table];
  // Within the scope the constant key columns are equal: rows are told apart by the others.
  const rowKey = key.filter((k) => !(k in constants));
  const keyCols = columnsOf(info, rowKey);
  for (const c of keyCols) if (!TEXT_LIKE.test(c.type)) throw new Error(`${table}: key column ${c.name} (${c.type}) cannot be compared as text (loader bug)`);
  const policy = options.policy ?? { kind: 'all' };
  const region = regionColumn(info.byName);
  const deletes = mayDeleteAny(policy, region);
  // the chunks carry every key column: a generated one (dims_hash) is matched by the delete, not inserted
  const insert = insertStatement(info, { constants, onConflict: updateIfChanged(key), carry: rowKey });
  const submitter = insertSubmitter(ctx, table, insert);
  const { text: insertText, submit: upsert } = submitter;
  const chunks = new UpsertChunker(insert.columns, insert.check);
  // A row dated outside a range scope may meet a stored row the scope's read did not see.
  const range = scope.range;
  let outside = false;
  const scopedRow = range
    ? (item: T): Row => {
        const row = toRow(item);
        const at = row[range.column];
        if (!(typeof at === 'string' && at >= range.from && at < range.to)) {
          outside = true;
          chunks.conflictFree = false;
        }
        return row;
      }
    : toRow;
  /** The first chunk, held until it is known whether the section has only this one. */
  let first: RowChunk | undefined;
  /** More than one chunk: the stored keys of the scope, read before the first upsert. */
  let stored: Row[] | undefined;

  /** WHERE of the stored rows the section may delete; pushes its parameters. */
  const deletable = (params: unknown[]): string => `${scopeWhere(info, scope, params, 'd')}${policyWhere(policy, region, params, 'd') ?? ''}`;

  async function write(chunk: RowChunk): Promise<void> {
    if (!first && !stored) {
      first = chunk;
      return;
    }
    if (!stored) {
      stored = deletes ? await scopeKeys(ctx, info, scope, region) : [];
      // an empty scope (a new day, nearly always) cannot conflict: plain inserts until a key repeats
      chunks.conflictFree = deletes && stored.length === 0 && chunks.repeats === 0 && !outside;
      await chunks.write(first!, submitter);
      first = undefined;
    }
    await chunks.write(chunk, submitter);
  }

  /** The section was one chunk (or none): one statement. */
  async function single(chunk: RowChunk | undefined): Promise<void> {
    if (!deletes || (chunk && keyCols.length === 0)) {
      // nothing may be deleted, or the one row of the scope (the key is all constants) replaces the stored one in place
      if (chunk) await upsert(chunk);
      return;
    }
    const params: unknown[] = chunk ? [...chunk.params, ...insert.params] : [];
    const where = deletable(params);
    if (!chunk) {
      await ctx.queue.submit(table, `delete from ${ident(table)} as d where ${where}`, params);
      return;
    }
    // the key columns' values are the chunk's parameters of those columns
    const keyParams = keyCols.map((c) => insert.columns.findIndex((col) => col.name === c.name) + 1);
    const match = keyCols.map((c) => `k.${ident(c.name)} ${c.notNull ? '=' : 'is not distinct from'} d.${ident(c.name)}`).join(' and ');
    const text =
      `with gone as (delete from ${ident(table)} as d where ${where} ` +
      `and not exists (select 1 from ${rowset(keyCols, 'k', (i) => keyParams[i]!)} where ${match}) returning 1), ` +
      `written as (${insertText} returning 1) ` +
      'select (select count(*) from gone)::int + (select count(*) from written)::int as affected';
    await ctx.queue.submit(table, text, params, 'affected');
  }

  return {
    add: (items) => chunks.pushItems(items, scopedRow, rowKey, write),
    async finish() {
      const last = chunks.flush();
      if (chunks.repeats > 0) ctx.stats.note(`${table}: ${chunks.repeats} duplicate item(s) in the snapshot, the last of each kept`);
      if (!stored && !(first && last)) {
        await single(first ?? last);
        return;
      }
      if (last) await write(last);
      const stale = stored!.filter((s) => !chunks.seen.has(keyString(s, rowKey)) && mayClose(policy, s, region));
      stored = [];
      await deleteByKeys(ctx, table, key, stale.map((s) => Object.fromEntries(key.map((k) => [k, s[k]]))));
    },
  };
}

/** replaceWriter for a section array at hand. */
export async function replaceRows<T = Row>(ctx: LoadContext, table: UpsertTable, items: readonly T[], scope: Scope, options: ReplaceOptions<T> = {}): Promise<void> {
  const writer = replaceWriter(ctx, table, scope, options);
  await writer.add(items);
  await writer.finish();
}

/** The stored keys of a scope: read ahead at the start of the load (big sections), else read now. */
async function scopeKeys(ctx: LoadContext, info: TableInfo, scope: Scope, region: string | undefined): Promise<Row[]> {
  const id = scopeId(info.name, scope);
  const stored = ctx.scopeKeys.get(id) ?? (await readScopeKeys(ctx, info, scope, region));
  ctx.scopeKeys.delete(id);
  return stored;
}

/** The key (and region) columns of a scope's stored rows that a big section compares with its own. */
function scopeKeyColumns(info: TableInfo, region: string | undefined): string[] {
  return [...new Set([...upsertKeys[info.name as UpsertTable], ...(region ? [region] : [])])];
}

/** The key (and region) columns of the stored rows in a scope. */
async function readScopeKeys(ctx: LoadContext, info: TableInfo, scope: Scope, region: string | undefined): Promise<Row[]> {
  const params: unknown[] = [];
  const where = scopeWhere(info, scope, params, 'd');
  // Dates as text so keys compare equal whatever type parsers the connection has.
  const select = scopeKeyColumns(info, region).map((c) => (info.byName.get(c)?.type === 'date' ? `d.${ident(c)}::text as ${ident(c)}` : `d.${ident(c)}`));
  const { rows } = await ctx.queue.query<Row>(`select ${select.join(', ')} from ${ident(info.name)} as d where ${where}`, params);
  return rows;
}

export const scopeId = (table: string, scope: Scope): string => `${table}\u0000${JSON.stringify(scope)}`;

/**
 * A scope read ahead at the start of a load: a time-series section that may span several chunks,
 * with the scope its loader will replace, or (probe) a lifecycle table's rows of the account.
 */
export interface ScopedTable {
  table: UpsertTable;
  collector: string;
  scope: (ctx: LoadContext) => Scope;
  /** Only whether the scope holds any row: at most one key is read. */
  probe?: boolean;
}

/** Above this many stored rows in a scope, the prefetch leaves the read to the section. */
export const PREFETCH_MAX_SCOPE_ROWS = 20_000;

/**
 * Reads the stored keys of these scopes at the start of the load, when nothing is queued yet:
 * a big section then finds its stale rows without waiting for the statements of the sections
 * before it (a read runs only after them). Only this load writes these scopes, and only in their
 * own sections, so the keys are still what the section would read. Nearly always empty: a new
 * day has no rows yet.
 */
export async function prefetchScopeKeys(ctx: LoadContext, tables: readonly ScopedTable[]): Promise<void> {
  // a failed collector's section deletes nothing
  const wanted = tables.filter(({ collector }) => ['ok', 'partial'].includes(ctx.envelope.collectors[collector]?.status ?? ''));
  if (wanted.length === 0) return;
  // ONE query for all of them (this runs for every file, most of them small): each table's key
  // columns as a JSON array of text, at most PREFETCH_MAX_SCOPE_ROWS + 1 rows per table (1 for a probe).
  const params: unknown[] = [];
  const reads = wanted.map(({ table, scope: scopeOf, probe }, i) => {
    const info = tableInfo(ctx.catalog, table);
    const scope = scopeOf(ctx);
    const cols = scopeKeyColumns(info, regionColumn(info.byName));
    const where = scopeWhere(info, scope, params, 'd');
    params.push(probe ? 1 : PREFETCH_MAX_SCOPE_ROWS + 1);
    const sql = `(select ${i} as t, json_build_array(${cols.map((c) => `d.${ident(c)}::text`).join(', ')}) as k from ${ident(table)} as d where ${where} limit $${params.length})`;
    return { id: scopeId(table, scope), cols, sql, rows: [] as Row[] };
  });
  const { rows } = await ctx.queue.query<{ t: number | string; k: unknown }>(reads.map((r) => r.sql).join(' union all '), params);
  for (const r of rows) {
    const read = reads[Number(r.t)]!;
    // json arrives parsed from pg and PGlite, as text from the Data API
    const values = (typeof r.k === 'string' ? JSON.parse(r.k) : r.k) as unknown[];
    read.rows.push(Object.fromEntries(read.cols.map((c, j) => [c, values[j]])));
  }
  for (const read of reads) if (read.rows.length <= PREFETCH_MAX_SCOPE_ROWS) ctx.scopeKeys.set(read.id, read.rows);
}
