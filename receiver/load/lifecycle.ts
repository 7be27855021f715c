// Lifecycle writer: one row per finding, event or case; its attributes are replaced only by an
// update that is not older than the stored one, so a late file cannot roll an item back.
import { upsertKeys, type UpsertTable } from '../../db/keys.js';
import { UpsertChunker, insertStatement, insertSubmitter, type RowChunk } from './bulk.js';
import { ident, tableInfo } from './catalog.js';
import type { ItemWriter } from './item-writer.js';
import type { LoadContext } from './context.js';
import type { Row } from './types.js';
import { scopeId, type Scope, type ScopedTable } from './time-series.js';

export interface LifecycleOptions<T> {
  /** SQL of the item's update time for a row alias (`t` stored, `excluded` incoming). */
  updatedAt: (alias: string) => string;
  /** Findings only: keep resolved_at = the update time it was first seen resolved. */
  resolvedAt?: boolean;
  /** Maps an item to its row (default: the item is the row). */
  toRow?: (item: T) => Row;
}

const SEEN = ['first_seen_date', 'last_seen_date'];

/** A lifecycle table's rows of one account: what a load's rows could conflict with. */
const accountScope = (ctx: LoadContext): Scope => ({ equals: { account_id: ctx.accountId } });

/** Read ahead at the start of a load: whether the account has any row in a big lifecycle table. */
export const lifecycleProbe = (table: UpsertTable, collector: string): ScopedTable => ({ table, collector, scope: accountScope, probe: true });

/**
 * Upserts lifecycle rows (account, seen dates and ingestion come from the context): attributes (and
 * ingestion_id) only when the incoming update time is not older than the stored one; first/last
 * seen dates always widen; nothing is written when nothing changes. An item repeated in the
 * snapshot is applied like one from a later file: the newest update wins (on a tie, the last).
 * For an account with no row in the table at the start of the load (read ahead, see
 * lifecycleProbe), chunks are plain inserts until a key repeats.
 */
export function lifecycleWriter<T = Row>(ctx: LoadContext, table: UpsertTable, options: LifecycleOptions<T>): ItemWriter<T> {
  const toRow = options.toRow ?? ((item: T) => item as Row);
  const key: readonly string[] = upsertKeys[table];
  const itemKey = key.filter((k) => k !== 'account_id');
  const newer = `${options.updatedAt('excluded')} >= ${options.updatedAt('t')}`;
  const stmt = insertStatement(tableInfo(ctx.catalog, table), {
    constants: { account_id: ctx.accountId, first_seen_date: ctx.date, last_seen_date: ctx.date, ingestion_id: ctx.ingestionId },
    onConflict: (columns) => {
      const special = new Set([...key, ...SEEN, 'ingestion_id', 'resolved_at']);
      const attrs = columns.filter((c) => !special.has(c));
      const set = [
        ...attrs.map((c) => `${ident(c)} = case when ${newer} then excluded.${ident(c)} else t.${ident(c)} end`),
        `ingestion_id = case when ${newer} then excluded.ingestion_id else t.ingestion_id end`,
        'first_seen_date = least(t.first_seen_date, excluded.first_seen_date)',
        'last_seen_date = greatest(t.last_seen_date, excluded.last_seen_date)',
      ];
      const changed = [
        `(${newer} and (${attrs.map((c) => `t.${ident(c)}`).join(', ')}) is distinct from (${attrs.map((c) => `excluded.${ident(c)}`).join(', ')}))`,
        'excluded.first_seen_date < t.first_seen_date',
        'excluded.last_seen_date > t.last_seen_date',
      ];
      if (options.resolvedAt) {
        // Incoming open: a newer update reopens (NULL), an older one changes nothing.
        // Incoming resolved: the earliest update seen resolved, unless a newer stored update says open.
        const resolved =
          `case when excluded.resolved_at is null then (case when ${newer} then null else t.resolved_at end) ` +
          `when t.resolved_at is null then (case when ${newer} then excluded.resolved_at else null end) ` +
          'else least(t.resolved_at, excluded.resolved_at) end';
        set.push(`resolved_at = ${resolved}`);
        changed.push(`(${resolved}) is distinct from t.resolved_at`);
      }
      return `on conflict (${key.map(ident).join(', ')}) do update set ${set.join(', ')} where ${changed.join(' or ')}`;
    },
  });
  const chunks = new UpsertChunker(stmt.columns, stmt.check);
  const submitter = insertSubmitter(ctx, table, stmt);
  // an account with no row in the table yet (its first load, read ahead) cannot conflict
  const probe = scopeId(table, accountScope(ctx));
  chunks.conflictFree = ctx.scopeKeys.get(probe)?.length === 0;
  ctx.scopeKeys.delete(probe);
  const write = (chunk: RowChunk): Promise<void> => chunks.write(chunk, submitter);
  return {
    add: (items) => chunks.pushItems(items, toRow, itemKey, write),
    async finish() {
      const last = chunks.flush();
      if (last) await write(last);
      if (chunks.repeats > 0) ctx.stats.note(`${table}: ${chunks.repeats} duplicate item(s) in the snapshot, the newest update of each kept`);
    },
  };
}

/** lifecycleWriter for a section array at hand. */
export async function upsertLifecycle<T = Row>(ctx: LoadContext, table: UpsertTable, items: readonly T[], options: LifecycleOptions<T>): Promise<void> {
  const writer = lifecycleWriter(ctx, table, options);
  await writer.add(items);
  await writer.finish();
}
