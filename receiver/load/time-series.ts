// Time-series writer: a present section replaces the account's rows for the snapshot's period —
// rows no longer reported are deleted, changed rows updated, unchanged rows not written at all.
import { upsertKeys, type UpsertTable } from '../../db/keys.js';
import { columnsOf, deleteByKeys, insertRows, keyString, lastOfEachKey, mapRows, updateIfChanged, type Constant } from './bulk.js';
import { ident, tableInfo, type TableInfo } from './catalog.js';
import { mayClose, regionColumn, type ClosePolicy } from './close-policy.js';
import type { LoadContext } from './context.js';
import type { Row } from './types.js';

/** The rows a section replaces: equal columns, and optionally a date column within [from, to). */
export interface Scope {
  equals: Record<string, string>;
  range?: { column: string; from: string; to: string };
}

/** WHERE of the scope; parameters are cast to the column types (the Data API sends strings as varchar). */
function scopeWhere(info: TableInfo, scope: Scope, params: unknown[]): string {
  const parts: string[] = [];
  for (const [col, value] of Object.entries(scope.equals)) {
    params.push(value);
    parts.push(`${ident(col)} = $${params.length}::${columnsOf(info, [col])[0]!.type}`);
  }
  if (scope.range) {
    params.push(scope.range.from, scope.range.to);
    parts.push(`${ident(scope.range.column)} >= $${params.length - 1}::date and ${ident(scope.range.column)} < $${params.length}::date`);
  }
  return parts.join(' and ');
}

export interface ReplaceOptions<T> {
  /** Which stored rows absent from the section may be deleted (default: all in scope). */
  policy?: ClosePolicy;
  /**
   * Maps an item to its row (default: the item is the row). Rows are built when needed and
   * dropped: once to key them, once more chunk by chunk to write them.
   */
  toRow?: (item: T) => Row;
}

/**
 * Replaces the rows of `table` in `scope` by the rows of `items`. The scope's equal columns and
 * ingestion_id are written from parameters, so rows carry only their own columns.
 */
export async function replaceRows<T = Row>(ctx: LoadContext, table: UpsertTable, items: readonly T[], scope: Scope, options: ReplaceOptions<T> = {}): Promise<void> {
  const toRow = options.toRow ?? ((item: T) => item as Row);
  const info = tableInfo(ctx.catalog, table);
  const constants: Record<string, Constant> = { ...scope.equals };
  if (info.byName.has('ingestion_id')) constants.ingestion_id = ctx.ingestionId;
  const key: readonly string[] = upsertKeys[table];
  // Within the scope the constant key columns are equal: rows are told apart by the others.
  const rowKey = key.filter((k) => !(k in constants));
  const policy = options.policy ?? { kind: 'all' };
  const unique = lastOfEachKey(ctx, table, items, toRow, (r) => keyString(r, rowKey));
  if (policy.kind !== 'none') {
    const region = regionColumn(info.byName);
    const cols = [...new Set([...key, ...(region ? [region] : [])])];
    const params: unknown[] = [];
    const where = scopeWhere(info, scope, params);
    // Dates as text so keys compare equal whatever type parsers the connection has.
    const select = cols.map((c) => (info.byName.get(c)?.type === 'date' ? `${ident(c)}::text as ${ident(c)}` : ident(c)));
    const { rows: stored } = await ctx.queue.query<Row>(`select ${select.join(', ')} from ${ident(table)} where ${where}`, params);
    if (stored.length > 0) {
      // Deleted before the upsert: a key computed differently here than in SQL then costs a rewrite, never a loss.
      const stale = stored.filter((s) => !unique.has(keyString(s, rowKey)) && mayClose(policy, s, region));
      await deleteByKeys(ctx, table, key, stale.map((s) => Object.fromEntries(key.map((k) => [k, s[k]]))));
    }
  }
  await insertRows(ctx, table, mapRows(items, toRow, unique.values()), { constants, onConflict: updateIfChanged(key) });
}
