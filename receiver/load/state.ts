// The shared state-version writer: one full-state section → versions with validity ranges.
// Compares the section's items (key + hash) with the account's stored versions and writes only the
// difference: an unchanged item costs nothing. In order (the usual case) items are written as
// they arrive; out of order the section is planned as a whole (version-plan.ts).
import { stateBookkeepingColumns, stateKeys, type StateTable } from '../../db/keys.js';
import { DEFAULT_LIMITS, RowChunker, columnsOf, forEachChunk, insertRows, insertStatement, insertSubmitter, keyString, valueExpr, type RowChunk } from './bulk.js';
import { ident, tableInfo, type CatalogColumn, type TableInfo } from './catalog.js';
import { closePolicy, describePolicy, mayClose, regionColumn, type ClosePolicy } from './close-policy.js';
import type { LoadContext } from './context.js';
import type { ItemWriter } from './item-writer.js';
import { attrHasher, attributeColumns } from './hash.js';
import type { Row } from './types.js';
import { planVersions, type IncomingItem, type StoredVersion } from './version-plan.js';

export interface StoredRow extends StoredVersion {
  row: Row;
}

/** The collector whose run decides what an item missing from each state table's section means. */
export const stateCollectors: Record<StateTable, string> = {
  contact_info: 'account',
  alternate_contacts: 'account',
  kms_keys: 'kms',
  waf_web_acls: 'waf',
  waf_web_acl_rules: 'waf',
  cloudtrail_trails: 'cloudtrail',
  secrets_manager_secrets: 'secrets_manager',
  certificates: 'certificates',
  config_rules: 'config',
  config_evaluations: 'config',
  inventory_instances: 'inventory',
  inventory_applications: 'inventory',
  inventory_patches: 'inventory',
  service_resources: 'service_resources',
  compute_optimizer: 'compute_optimizer',
  trusted_advisor_checks: 'trusted_advisor',
  application_signals: 'application_signals',
  resilience_hub_apps: 'resilience_hub',
};

/**
 * Writes the full state of one table (as its collector, `stateCollectors`, reported it) on the
 * snapshot date. `toRow` maps an item to the item key and attribute columns (account_id and
 * bookkeeping are added here); it may return the item itself (`asRow`): what it returns is never
 * mutated. A repeated item: the last of each key is kept, as if the section held only that one.
 *
 * In order (no later date covered, the date itself not yet), items are written as they are added,
 * against the current versions: unchanged → nothing; changed → the current version ends at D and
 * a new one starts; new → a version starts. At the end the current versions of items the section
 * did not have end at D (as the close policy allows). Out of order the items are kept until the
 * end and planned together (version-plan.ts).
 */
export function stateWriter<T>(ctx: LoadContext, table: StateTable, toRow: (item: T) => Row): ItemWriter<T> {
  if (ctx.granularity !== 'DAILY') return { add: async () => {}, finish: async () => {} }; // state is a daily fact; the contract keeps it out of MONTHLY
  const collector = stateCollectors[table];
  const policy = closePolicy(ctx, collector);
  if (policy.kind !== 'all') ctx.stats.note(`${table}: collector ${collector} ${describePolicy(policy)}`);
  const coverage = coverageOf(ctx, collector);
  if (coverage.coveredAtDate || coverage.next !== null) {
    const held: T[] = [];
    return {
      async add(items) {
        for (const item of items) held.push(item);
      },
      finish: () => writePlanned(ctx, table, held, toRow, policy, coverage.next),
    };
  }
  return inOrderWriter(ctx, table, toRow, policy);
}

/** stateWriter for a section array at hand. */
export async function writeState<T>(ctx: LoadContext, table: StateTable, items: readonly T[], toRow: (item: T) => Row): Promise<void> {
  const writer = stateWriter(ctx, table, toRow);
  await writer.add(items);
  await writer.finish();
}

function tableSetup(ctx: LoadContext, table: StateTable) {
  const info = tableInfo(ctx.catalog, table);
  const key: readonly string[] = stateKeys[table];
  return { info, key, hashOf: attrHasher(attributeColumns(info, key)), region: regionColumn(info.byName), idCols: columnsOf(info, ['id', 'valid_from', 'valid_to']) };
}

function inOrderWriter<T>(ctx: LoadContext, table: StateTable, toRow: (item: T) => Row, policy: ClosePolicy): ItemWriter<T> {
  const { info, key, hashOf, region, idCols } = tableSetup(ctx, table);
  let current: Map<string, StoredRow> | undefined;
  /** Per key seen so far: whether this load wrote a version [D, open) for it. */
  const seen = new Map<string, boolean>();
  let repeats = 0;
  // New versions are all [D, open): the range travels once, as parameters.
  const insert = insertStatement(info, { constants: { account_id: ctx.accountId, ingestion_id: ctx.ingestionId, valid_from: ctx.date, valid_to: null } });
  const inserts = new RowChunker(insert.columns, DEFAULT_LIMITS, insert.check);
  const { insert: submit } = insertSubmitter(ctx, table, insert);
  const submitInsert = (chunk: RowChunk | undefined): Promise<void> => (chunk ? submit(chunk) : Promise.resolve());

  /** Ends the current versions on D (one that started on D goes); before the new versions of their keys. */
  async function end(versions: readonly StoredRow[]): Promise<void> {
    await deleteIds(ctx, table, versions.filter((v) => v.from >= ctx.date).map((v) => v.id));
    await updateRanges(ctx, table, idCols, versions.filter((v) => v.from < ctx.date).map((v) => ({ id: v.id, from: v.from, to: ctx.date })));
  }

  return {
    async add(items) {
      current ??= new Map((ctx.currentVersions.get(table) ?? (await readVersions(ctx, table, key, null))).map((v) => [v.key, v]));
      ctx.currentVersions.delete(table);
      // The last item of each key in this batch, in the order of those last occurrences.
      const batch = new Map<string, [Row, string]>();
      for (const item of items) {
        const row = toRow(item);
        const k = keyString(row, key);
        if (batch.delete(k)) repeats++;
        batch.set(k, [row, hashOf(row)]);
      }
      const ending: StoredRow[] = [];
      const added: [Row, string][] = [];
      /** Repeated keys whose version an earlier batch started: it takes the last item's values. */
      const replaced: Row[] = [];
      /** Repeated keys whose last item equals the version an earlier batch ended: that version is current again. */
      const reopened: StoredRow[] = [];
      for (const [k, [row, hash]] of batch) {
        const version = current.get(k);
        const started = seen.get(k);
        if (started !== undefined) repeats++;
        if (started) {
          if (version && version.hash === hash && version.from < ctx.date) {
            reopened.push(version);
            seen.set(k, false);
          } else replaced.push({ ...row, attr_hash: hash });
          continue;
        }
        if (version?.hash === hash) {
          seen.set(k, false); // unchanged
          continue;
        }
        if (version) ending.push(version);
        added.push([row, hash]);
        seen.set(k, true);
      }
      // Order matters for the UNIQUE indexes: end the current versions, then add their successors.
      await end(ending);
      for (const [row, hash] of added) await submitInsert(inserts.push(row, { attr_hash: hash }));
      if (replaced.length > 0 || reopened.length > 0) {
        await submitInsert(inserts.flush()); // the versions to change may still be in the chunker
        await replaceStarted(ctx, table, key, replaced);
        // the version started on D goes, then the one it ended is current again
        await deleteStarted(ctx, table, key, reopened.map((v) => v.row));
        await updateRanges(ctx, table, idCols, reopened.map((v) => ({ id: v.id, from: v.from, to: null })));
      }
    },
    async finish() {
      await submitInsert(inserts.flush());
      if (repeats > 0) ctx.stats.note(`${table}: ${repeats} duplicate item(s) in the snapshot, the last of each kept`);
      if (!current) return;
      await end([...current.values()].filter((v) => !seen.has(v.key) && mayClose(policy, v.row, region)));
      current.clear();
    },
  };
}

/** `t.<key> = r.<key>` for every key column (NULL-safe where the column allows NULL). */
function keyMatch(info: TableInfo, key: readonly string[]): string {
  return columnsOf(info, key)
    .map((c) => ` and t.${ident(c.name)} ${c.notNull ? '=' : 'is not distinct from'} r.${ident(c.name)}`)
    .join('');
}

/**
 * A repeated item whose version this load started on D: the version takes the last item's values,
 * volatile observations included (what a whole section's last item would have written).
 */
async function replaceStarted(ctx: LoadContext, table: StateTable, key: readonly string[], rows: readonly Row[]): Promise<void> {
  const info = tableInfo(ctx.catalog, table);
  const skip = new Set<string>([...stateBookkeepingColumns, ...key]);
  const values = [...info.insertable.filter((c) => !skip.has(c.name)), ...columnsOf(info, ['attr_hash'])];
  const cols = [...columnsOf(info, key), ...values];
  await forEachChunk(ctx, table, rows, cols, (rs) =>
    `update ${ident(table)} as t set ${values.map((c) => `${ident(c.name)} = ${valueExpr(c)}`).join(', ')} from ${rs} ` +
      `where t.account_id = $${cols.length + 1} and t.valid_from = $${cols.length + 2}::date and t.valid_to is null${keyMatch(info, key)}`,
    [ctx.accountId, ctx.date],
  );
}

/** Deletes the versions this load started on D for these keys. */
async function deleteStarted(ctx: LoadContext, table: StateTable, key: readonly string[], keyRows: readonly Row[]): Promise<void> {
  const info = tableInfo(ctx.catalog, table);
  const cols = columnsOf(info, key);
  await forEachChunk(ctx, table, keyRows, cols, (rs) =>
    `delete from ${ident(table)} as t using ${rs} where t.account_id = $${cols.length + 1} and t.valid_from = $${cols.length + 2}::date and t.valid_to is null${keyMatch(info, key)}`,
    [ctx.accountId, ctx.date],
  );
}

/**
 * Out of order: the stored versions around D and the whole section are planned together. Two
 * light passes over the section keep memory flat: first each item's row is built, keyed and hashed,
 * and dropped (only key → hash and the item's index stay); the plan is made against the stored
 * versions' key + hash; then only the rows to insert are built again from their items.
 */
async function writePlanned<T>(ctx: LoadContext, table: StateTable, items: readonly T[], toRow: (item: T) => Row, policy: ClosePolicy, next: string | null): Promise<void> {
  const { info, key, hashOf, region, idCols } = tableSetup(ctx, table);
  // Pass 1: key, hash and index of the last of any repeated item (noted); the row is not kept.
  const incoming = new Map<string, IncomingItem & { index: number }>();
  for (let index = 0; index < items.length; index++) {
    const row = toRow(items[index]!);
    const k = keyString(row, key);
    incoming.set(k, { key: k, hash: hashOf(row), index });
  }
  if (incoming.size < items.length) ctx.stats.note(`${table}: ${items.length - incoming.size} duplicate item(s) in the snapshot, the last of each kept`);

  const stored = await readVersions(ctx, table, key, { next });
  const plan = planVersions<StoredRow>({
    date: ctx.date,
    next,
    stored,
    incoming,
    closable: (v) => mayClose(policy, v.row, region),
  });
  stored.length = 0; // planned: the stored versions are not needed any more

  // Order matters for the UNIQUE indexes: delete, narrow, widen, then add.
  await deleteIds(ctx, table, plan.deletes);
  await updateRanges(ctx, table, idCols, plan.shrinks);
  await updateRanges(ctx, table, idCols, plan.extends);
  await copyVersions(ctx, table, info.insertable, plan.copies);

  // Pass 2: the rows of the new versions, built again from their items.
  function* newRows(): Generator<Row> {
    for (const ins of plan.inserts) {
      const item = incoming.get(ins.key);
      if (!item) throw new Error(`${table}: planned a version for an item not in the snapshot`);
      yield { ...toRow(items[item.index]!), attr_hash: item.hash, valid_from: ins.from, valid_to: ins.to };
    }
  }
  await insertRows(ctx, table, newRows(), { constants: { account_id: ctx.accountId, ingestion_id: ctx.ingestionId } });
}

const coverageOf = (ctx: LoadContext, collector: string) => ctx.coverage.get(collector) ?? { coveredAtDate: false, next: null };

/** Above this many current versions in all, the prefetch gives up and each section reads its own. */
export const PREFETCH_MAX_ROWS = 20_000;

/**
 * The current versions (key + hash) of every state table an in-order daily snapshot will write,
 * in ONE query at the start of the load instead of one per section. Only tables whose collector
 * ran (ok or partial) and whose keys are text (compared as JSON text here, as pg values in
 * readVersions) take part; a big account (more than PREFETCH_MAX_ROWS versions) reads per section.
 */
export async function prefetchCurrentVersions(ctx: LoadContext): Promise<void> {
  if (ctx.granularity !== 'DAILY') return;
  const tables = (Object.keys(stateKeys) as StateTable[]).filter((table) => {
    const run = ctx.envelope.collectors[stateCollectors[table]];
    const coverage = coverageOf(ctx, stateCollectors[table]);
    const info = tableInfo(ctx.catalog, table);
    return (
      (run?.status === 'ok' || run?.status === 'partial') &&
      !coverage.coveredAtDate &&
      coverage.next === null &&
      stateKeys[table].every((k) => /^(text|character varying|character)\b/.test(info.byName.get(k)?.type ?? ''))
    );
  });
  if (tables.length === 0) return;
  const selects = tables.map((table, i) => {
    const info = tableInfo(ctx.catalog, table);
    const region = regionColumn(info.byName);
    const key = stateKeys[table].map(ident).join(', ');
    return `select ${i} as t, id, jsonb_build_array(${key}) as k, attr_hash, ${region ? ident(region) : 'null'}::text as region, valid_from::text as valid_from from ${ident(table)} where account_id = $1 and valid_to is null`;
  });
  const { rows } = await ctx.queue.query<{ t: number; id: number | string; k: unknown; attr_hash: string; region: string | null; valid_from: string }>(
    `${selects.join(' union all ')} limit $2`,
    [ctx.accountId, PREFETCH_MAX_ROWS + 1],
  );
  if (rows.length > PREFETCH_MAX_ROWS) return;
  const byTable = new Map<StateTable, StoredRow[]>(tables.map((t) => [t, []]));
  for (const r of rows) {
    const table = tables[Number(r.t)]!;
    const key: readonly string[] = stateKeys[table];
    // jsonb arrives parsed from pg and PGlite, as text from the Data API
    const values = (typeof r.k === 'string' ? JSON.parse(r.k) : r.k) as unknown[];
    const row: Row = Object.fromEntries(key.map((k, i) => [k, values[i]]));
    const region = regionColumn(tableInfo(ctx.catalog, table).byName);
    if (region) row[region] = r.region;
    byTable.get(table)!.push({ id: Number(r.id), key: keyString(row, key), hash: String(r.attr_hash), from: String(r.valid_from), to: null, row });
  }
  ctx.currentVersions = byTable;
}

/** Versions overlapping or touching [date, next]; in order (no later coverage): current versions only. */
async function readVersions(ctx: LoadContext, table: StateTable, key: readonly string[], outOfOrder: { next: string | null } | null): Promise<StoredRow[]> {
  const info = tableInfo(ctx.catalog, table);
  const region = regionColumn(info.byName);
  const cols = ['id', ...key, 'attr_hash', ...(region ? [region] : [])];
  // Dates as text: the same 'YYYY-MM-DD' whatever type parsers the connection has.
  const select = `select ${cols.map(ident).join(', ')}, valid_from::text as valid_from, valid_to::text as valid_to from ${ident(table)} where account_id = $1`;
  const { rows } = outOfOrder
    ? await ctx.queue.query<Row>(`${select} and (valid_to is null or valid_to >= $2::date) and ($3::date is null or valid_from <= $3::date)`, [ctx.accountId, ctx.date, outOfOrder.next])
    : await ctx.queue.query<Row>(`${select} and valid_to is null`, [ctx.accountId]);
  return rows.map((row) => ({
    id: Number(row.id),
    key: keyString(row, key),
    hash: String(row.attr_hash),
    from: String(row.valid_from),
    to: row.valid_to === null || row.valid_to === undefined ? null : String(row.valid_to),
    row,
  }));
}

async function deleteIds(ctx: LoadContext, table: string, ids: readonly number[]): Promise<void> {
  const info = tableInfo(ctx.catalog, table);
  await forEachChunk(ctx, table, ids.map((id) => ({ id })), columnsOf(info, ['id']), (rs) =>
    `delete from ${ident(table)} as t using ${rs} where t.id = r.id`,
  );
}

async function updateRanges(ctx: LoadContext, table: string, idCols: CatalogColumn[], updates: readonly { id: number; from: string; to: string | null }[]): Promise<void> {
  const rows = updates.map((u) => ({ id: u.id, valid_from: u.from, valid_to: u.to }));
  await forEachChunk(ctx, table, rows, idCols, (rs) =>
    `update ${ident(table)} as t set valid_from = r.valid_from, valid_to = r.valid_to from ${rs} where t.id = r.id`,
  );
}

/** A split: the stored version's attributes again, for a later range. */
async function copyVersions(ctx: LoadContext, table: string, insertable: readonly CatalogColumn[], copies: readonly { srcId: number; from: string; to: string | null }[]): Promise<void> {
  if (copies.length === 0) return;
  const info = tableInfo(ctx.catalog, table);
  const [id, from, to] = columnsOf(info, ['id', 'valid_from', 'valid_to']) as [CatalogColumn, CatalogColumn, CatalogColumn];
  const rsCols: CatalogColumn[] = [{ ...id, name: 'src_id' }, from, to];
  const kept = insertable.filter((c) => c.name !== 'valid_from' && c.name !== 'valid_to').map((c) => ident(c.name));
  const rows = copies.map((c) => ({ src_id: c.srcId, valid_from: c.from, valid_to: c.to }));
  await forEachChunk(ctx, table, rows, rsCols, (rs) =>
    `insert into ${ident(table)} (${kept.join(', ')}, valid_from, valid_to) ` +
      `select ${kept.map((c) => `s.${c}`).join(', ')}, r.valid_from, r.valid_to from ${rs} join ${ident(table)} s on s.id = r.src_id`,
  );
}

