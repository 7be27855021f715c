// The shared bulk writer: rows go to the database as ONE JSON parameter per statement,
// expanded by json_to_recordset. That works the same on PGlite, node-postgres and the RDS Data
// API (which has no array parameters); chunks stay under the Data API's 4 MiB request limit.
import { ident, tableInfo, type CatalogColumn, type TableInfo } from './catalog.js';
import type { LoadContext } from './context.js';
import type { Row } from './types.js';

export interface ChunkLimits {
  maxRows: number;
  maxBytes: number;
}

/** ≤ 3 MiB of JSON per statement leaves room for the Data API's request envelope (4 MiB max). */
export const DEFAULT_LIMITS: ChunkLimits = { maxRows: 2000, maxBytes: 3 * 1024 * 1024 };

export interface JsonChunk {
  json: string;
  rows: number;
  bytes: number;
}

/**
 * Cuts rows into JSON arrays of at most maxRows rows and maxBytes UTF-8 bytes, one row at a time
 * (a section that streams in item batches fills its chunks across batches). A single row larger
 * than maxBytes goes alone in its chunk (it cannot be split).
 */
export class JsonChunker {
  private parts: string[] = [];
  private bytes = 2;

  constructor(
    private readonly limits: ChunkLimits = DEFAULT_LIMITS,
    private readonly check?: (row: Row) => void,
  ) {}

  /** Adds a row; returns the chunk it completed, if any (the row then starts the next one). */
  push(row: Row): JsonChunk | undefined {
    // rows come from one mapper each, so checking the first of every chunk catches a wrong column
    if (this.check && this.parts.length === 0) this.check(row);
    const part = JSON.stringify(row);
    const size = Buffer.byteLength(part, 'utf8');
    let full: JsonChunk | undefined;
    // + 1 for the comma before every part but the first
    if (this.parts.length > 0 && (this.parts.length >= this.limits.maxRows || this.bytes + 1 + size > this.limits.maxBytes)) full = this.flush();
    this.bytes += this.parts.length > 0 ? size + 1 : size;
    this.parts.push(part);
    return full;
  }

  /** The rows not yet in a chunk, as one (undefined when there are none). */
  flush(): JsonChunk | undefined {
    if (this.parts.length === 0) return undefined;
    const chunk = { json: `[${this.parts.join(',')}]`, rows: this.parts.length, bytes: this.bytes };
    this.parts = [];
    this.bytes = 2;
    return chunk;
  }
}

/** JsonChunker over an iterable. */
export function* jsonChunks(rows: Iterable<Row>, limits: ChunkLimits = DEFAULT_LIMITS, check?: (row: Row) => void): Generator<JsonChunk> {
  const chunker = new JsonChunker(limits, check);
  for (const row of rows) {
    const full = chunker.push(row);
    if (full) yield full;
  }
  const last = chunker.flush();
  if (last) yield last;
}

/** `json_to_recordset($1::json) AS r("a" type, …)` for the given catalog columns. */
export function recordset(columns: readonly CatalogColumn[], alias = 'r'): string {
  return `json_to_recordset($1::json) as ${alias}(${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`;
}

/**
 * Queues `build(recordsetClause)` once per chunk of rows (see write-queue.ts); `params` follow the
 * JSON as $2, $3 … Affected rows count for `table` in the load's statistics. `rows` may be a lazy
 * iterable (a generator): it is consumed one chunk at a time, so only that chunk's rows and JSON
 * are alive at once (plus the statements waiting in the queue).
 */
export async function forEachChunk(
  ctx: LoadContext,
  table: string,
  rows: Iterable<Row>,
  columns: readonly CatalogColumn[],
  build: (rs: string) => string,
  params: readonly unknown[] = [],
  check?: (row: Row) => void,
): Promise<void> {
  await submitChunks(ctx, table, jsonChunks(rows, DEFAULT_LIMITS, check), columns, build, params);
}

/** forEachChunk for chunks already cut (a caller that had to look at the first ones). */
export async function submitChunks(
  ctx: LoadContext,
  table: string,
  chunks: Iterable<JsonChunk>,
  columns: readonly CatalogColumn[],
  build: (rs: string) => string,
  params: readonly unknown[] = [],
): Promise<void> {
  let text: string | undefined;
  for (const chunk of chunks) {
    text ??= build(recordset(columns));
    await ctx.queue.submit(table, text, [chunk.json, ...params]);
  }
}

/** A section item as a row when its fields already are the table's columns (never mutated by the writers). */
export const asRow = (item: object): Row => item as Row;

/** Columns of `table` by name; throws on a name the table does not have (a loader bug). */
export function columnsOf(info: TableInfo, names: readonly string[]): CatalogColumn[] {
  return names.map((n) => {
    const col = info.byName.get(n);
    if (!col) throw new Error(`${info.name} has no column ${n}`);
    return col;
  });
}

/** Throws when a row has a key that is not a column of the table (a loader bug). */
function columnCheck(info: TableInfo): (row: Row) => void {
  return (row) => {
    for (const k of Object.keys(row)) if (!info.byName.has(k)) throw new Error(`${info.name} has no column ${k} (loader bug)`);
  };
}

/** The value expression of a recordset column: NOT NULL columns with a default get it for a missing value. */
export function valueExpr(col: CatalogColumn): string {
  const v = `r.${ident(col.name)}`;
  return col.notNull && col.defaultExpr !== null ? `coalesce(${v}, ${col.defaultExpr})` : v;
}

/** A value every row of a statement shares (account, date, ingestion): sent once as a parameter. */
export type Constant = string | number | boolean | null;

export interface InsertOptions {
  /** Columns with the same value in every row; rows need not carry them. */
  constants?: Record<string, Constant>;
  /** What follows `INSERT … SELECT …`: an ON CONFLICT clause built from the written column names. */
  onConflict?: (columns: readonly string[]) => string;
}

/**
 * An `INSERT … SELECT … FROM <recordset>` statement: `columns` come from the JSON of each chunk
 * ($1), constants follow as $2, $3 … (`params`).
 */
export interface InsertStatement {
  columns: CatalogColumn[];
  params: Constant[];
  sql: (rs: string) => string;
  check: (row: Row) => void;
}

export function insertStatement(info: TableInfo, options: InsertOptions = {}): InsertStatement {
  const constants = Object.entries(options.constants ?? {});
  const constantCols = new Map(constants.map(([name], i) => [name, i]));
  const columns = info.insertable;
  for (const [name] of constants) if (!info.byName.get(name)) throw new Error(`${info.name} has no column ${name}`);
  const names = columns.map((c) => c.name);
  const select = columns.map((c) => {
    const i = constantCols.get(c.name);
    return i === undefined ? valueExpr(c) : `$${i + 2}::${c.type}`;
  });
  const tail = options.onConflict ? ` ${options.onConflict(names)}` : '';
  return {
    columns: columns.filter((c) => !constantCols.has(c.name)),
    params: constants.map(([, v]) => v),
    sql: (rs) => `insert into ${ident(info.name)} as t (${names.map(ident).join(', ')}) select ${select.join(', ')} from ${rs}${tail}`,
    check: columnCheck(info),
  };
}

/** INSERT … SELECT … FROM json_to_recordset, chunked; inserted + updated rows count for the table. */
export async function insertRows(ctx: LoadContext, table: string, rows: Iterable<Row>, options: InsertOptions = {}): Promise<void> {
  const stmt = insertStatement(tableInfo(ctx.catalog, table), options);
  await forEachChunk(ctx, table, rows, stmt.columns, stmt.sql, stmt.params, stmt.check);
}

/**
 * `ON CONFLICT (key) DO UPDATE SET <every other column> = excluded.<column>`, skipping rows whose
 * values did not change. Columns in `ignoreForChange` (e.g. ingestion_id) are written but do not
 * make a row count as changed on their own.
 */
export function updateIfChanged(key: readonly string[], ignoreForChange: readonly string[] = ['ingestion_id']) {
  return (columns: readonly string[]): string => {
    const keySet = new Set(key);
    const set = columns.filter((c) => !keySet.has(c));
    if (set.length === 0) return `on conflict (${key.map(ident).join(', ')}) do nothing`;
    const compared = set.filter((c) => !ignoreForChange.includes(c));
    const assignments = set.map((c) => `${ident(c)} = excluded.${ident(c)}`).join(', ');
    const where = compared.length === 0 ? '' : ` where (${compared.map((c) => `t.${ident(c)}`).join(', ')}) is distinct from (${compared.map((c) => `excluded.${ident(c)}`).join(', ')})`;
    return `on conflict (${key.map(ident).join(', ')}) do update set ${assignments}${where}`;
  };
}

/** Deletes rows of `table` matching the given key rows (all key columns NOT NULL). */
export async function deleteByKeys(ctx: LoadContext, table: string, key: readonly string[], keyRows: readonly Row[]): Promise<void> {
  const info = tableInfo(ctx.catalog, table);
  await forEachChunk(ctx, table, keyRows, columnsOf(info, key), (rs) =>
    `delete from ${ident(table)} as t using ${rs} where ${key.map((k) => `t.${ident(k)} = r.${ident(k)}`).join(' and ')}`,
  );
}

/**
 * Key string of a row for in-memory sets and maps: the key column values joined by NUL, which
 * never occurs in loaded text (the pipeline strips it), with a marker for NULL.
 */
export function keyString(row: Row, key: readonly string[]): string {
  if (key.length === 1) return keyPart(row[key[0]!]);
  let out = '';
  for (let i = 0; i < key.length; i++) out += (i === 0 ? '' : '\u0000') + keyPart(row[key[i]!]);
  return out;
}
const keyPart = (v: unknown): string => (v === null || v === undefined ? '\u0000null' : String(v));

/**
 * JsonChunker for upserts, whose rows arrive batch by batch: a key met again starts a new chunk,
 * because ON CONFLICT may not meet the same row twice in one statement (the later row is then
 * applied by a later statement). Remembers every key, counting the repeats.
 */
export class UpsertChunker {
  private readonly chunker: JsonChunker;
  private inChunk = new Set<string>();
  readonly seen = new Set<string>();
  repeats = 0;

  constructor(check?: (row: Row) => void, limits: ChunkLimits = DEFAULT_LIMITS) {
    this.chunker = new JsonChunker(limits, check);
  }

  /** Adds a row with its key; returns the chunks that are complete (none, one or two). */
  push(row: Row, key: string): JsonChunk[] {
    const done: JsonChunk[] = [];
    if (this.seen.has(key)) {
      this.repeats++;
      if (this.inChunk.has(key)) {
        const chunk = this.flush();
        if (chunk) done.push(chunk);
      }
    } else this.seen.add(key);
    const full = this.chunker.push(row);
    if (full) {
      done.push(full);
      this.inChunk = new Set();
    }
    this.inChunk.add(key);
    return done;
  }

  flush(): JsonChunk | undefined {
    this.inChunk = new Set();
    return this.chunker.flush();
  }
}
