// The shared bulk writer: rows go to the database as one text parameter per column, each a
// PostgreSQL array literal, expanded by unnest. That works the same on PGlite, node-postgres and
// the RDS Data API (which has no array parameters: a string cast to an array type is), costs the
// server a quarter less than one JSON parameter through json_to_recordset, and the requests are
// a quarter smaller (no key per value). Chunks stay under the Data API's 4 MiB request limit.
// A plain insert (no ON CONFLICT) goes as COPY FROM STDIN where the database takes it
// (db/copy.ts: node-postgres and PGlite), which leaves the server a plain COPY's work.
import { copyFromStdin } from '../../db/copy.js';
import { ident, tableInfo, type CatalogColumn, type TableInfo } from './catalog.js';
import type { LoadContext } from './context.js';
import type { Row } from './types.js';

export interface ChunkLimits {
  maxRows: number;
  maxBytes: number;
}

/** ≤ 3 MiB of parameters per statement leaves room for the Data API's request envelope (4 MiB max). */
export const DEFAULT_LIMITS: ChunkLimits = { maxRows: 2000, maxBytes: 3 * 1024 * 1024 };

// control characters are what these look for
// eslint-disable-next-line no-control-regex
const NEEDS_CARE = /["\\\x00-\x1f]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f]/g;
const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text as the inside of a quoted element of an array literal (NULL, braces, commas and blanks stay text inside the quotes). */
const arrayEscape = (text: string): string => text.replace(/["\\]/g, '\\$&');

/** Text as a field of COPY's text format. */
export const copyEscape = (text: string): string => (COPY_SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!) : text);

/**
 * Text that has no UTF-8 form (a lone UTF-16 surrogate, `"\ud800"` in a file): drivers would send
 * U+FFFD in its place, silently. Refused with the SQLSTATE PostgreSQL gives such text
 * (untranslatable_character), so the file is rejected as database_rejected.
 */
export class UnstorableText extends Error {
  override readonly name = 'UnstorableText';
  readonly code = '22P05';
}

// isWellFormed is in Node 20 and ES2024, not in this project's ES2023 lib
const wellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

function storableText(text: string): string {
  if (!wellFormed(text)) throw new UnstorableText(`a string holds a lone UTF-16 surrogate, which has no UTF-8 form: ${JSON.stringify(text.slice(0, 80))}`);
  return text;
}

/** A value as PostgreSQL's text input of a column of this type (before any escaping of the format it travels in); null for SQL NULL. */
type Encoder = (value: unknown) => string | null;

function encoder(type: string): Encoder {
  if (type === 'json' || type === 'jsonb') return (v) => (v === null || v === undefined ? null : JSON.stringify(v));
  if (type.endsWith('[]')) {
    // an array literal (as text: unnest cannot return arrays of arrays)
    const element = encoder(type.slice(0, -2));
    const inner = (e: unknown): string => {
      const text = element(e);
      return text === null ? 'NULL' : `"${arrayEscape(text)}"`;
    };
    return (v) => (v === null || v === undefined ? null : Array.isArray(v) ? `{${v.map(inner).join(',')}}` : JSON.stringify(v));
  }
  return (v) => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') return storableText(v);
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v); // numbers and booleans
  };
}

/** One field of a COPY row: a column of the chunk (with the text standing for its NULL), or the same text in every row. */
export type CopyField = { column: number; nullText: string } | { text: string };

/**
 * A chunk of rows, column by column, as the text input of each value. It becomes the parameters
 * of an INSERT … unnest statement (one array literal per column, $1 … $n) or the data of a COPY.
 */
export class RowChunk {
  private literals: string[] | undefined;

  constructor(
    private readonly values: (string | null)[][],
    private readonly hasNull: boolean[],
    /** Per column: whether a value holds a quote, a backslash or a control character (escaping needed). */
    private readonly care: boolean[],
    readonly rows: number,
    /** At most the bytes of the parameters once JSON-escaped (the Data API's request): see RowChunker. */
    readonly bytes: number,
  ) {}

  /** One array literal per column: every element quoted, NULL bare. */
  get params(): string[] {
    this.literals ??= this.values.map((column, i) => {
      const texts = this.care[i] ? column.map((v) => (v === null ? v : arrayEscape(v))) : column;
      if (!this.hasNull[i]) return `{"${texts.join('","')}"}`;
      return `{${texts.map((v) => (v === null ? 'NULL' : `"${v}"`)).join(',')}}`;
    });
    return this.literals;
  }

  /** The rows in COPY's text format, fields as `fields` says. */
  copyText(fields: readonly CopyField[]): string {
    const columns = fields.map((f) => ('column' in f ? (this.care[f.column] ? this.values[f.column]!.map((v) => (v === null ? v : copyEscape(v))) : this.values[f.column]!) : undefined));
    // joined, not concatenated: one flat string per row and one for the chunk (a chunk built by +=
    // is a tree of a node per field, which doubled the receiver's peak memory)
    const lines = new Array<string>(this.rows + 1);
    const line = new Array<string>(fields.length);
    for (let r = 0; r < this.rows; r++) {
      for (let j = 0; j < fields.length; j++) {
        const field = fields[j]!;
        line[j] = 'text' in field ? field.text : (columns[j]![r] ?? field.nullText);
      }
      lines[r] = line.join('\t');
    }
    lines[this.rows] = '';
    return lines.join('\n');
  }
}

/**
 * Cuts rows into chunks of at most maxRows rows and maxBytes bytes of parameters, one row at a
 * time (a section that streams in item batches fills its chunks across batches). Bytes are
 * bounded, not counted (counting them value by value cost more than the rest of the encoding): 3
 * per UTF-16 code unit covers UTF-8 and the JSON escaping of quotes and backslashes in a Data API
 * request; control characters, 6 bytes there, are added apart. A single row larger than maxBytes
 * goes alone in its chunk (it cannot be split).
 */
export class RowChunker {
  private readonly names: string[];
  private readonly encoders: Encoder[];
  /** The row being added, encoded, and whether each value needs escaping (reused: one array for all rows). */
  private readonly encoded: (string | null)[];
  private readonly encodedCare: boolean[];
  private values: (string | null)[][];
  /** Per column: whether the chunk holds a NULL (its literal then needs the slower form). */
  private hasNull: boolean[];
  private care: boolean[];
  private rows = 0;
  private bytes = 0;

  constructor(
    columns: readonly CatalogColumn[],
    private readonly limits: ChunkLimits = DEFAULT_LIMITS,
    private readonly check?: (row: Row) => void,
  ) {
    this.names = columns.map((c) => c.name);
    this.encoders = columns.map((c) => encoder(c.type));
    this.values = this.names.map(() => []);
    this.hasNull = this.names.map(() => false);
    this.care = this.names.map(() => false);
    this.encoded = this.names.map(() => null);
    this.encodedCare = this.names.map(() => false);
  }

  /**
   * Adds a row (`extra` holds values of columns the row lacks, e.g. attr_hash, so that the row need
   * not be copied); returns the chunk it completed, if any (the row then starts the next one).
   */
  push(row: Row, extra?: Row): RowChunk | undefined {
    // rows come from one mapper each, so checking the first of every chunk catches a wrong column
    if (this.check && this.rows === 0) this.check(row);
    const encoded = this.encoded;
    const encodedCare = this.encodedCare;
    let size = 0;
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i]!;
      const text = this.encoders[i]!(extra !== undefined && name in extra ? extra[name] : row[name]);
      encoded[i] = text;
      encodedCare[i] = false;
      if (text === null) size += 15; // NULL and its comma, 3 bytes each
      else {
        size += 3 * (text.length + 3); // + the quotes, + the comma or brace around it
        if (NEEDS_CARE.test(text)) {
          encodedCare[i] = true;
          // a control character takes 6 bytes in a JSON request (`\u0001`): 3 more than the bound
          size += 3 * (text.match(CONTROL)?.length ?? 0);
        }
      }
    }
    const full = this.rows > 0 && (this.rows >= this.limits.maxRows || this.bytes + size > this.limits.maxBytes) ? this.flush() : undefined;
    for (let i = 0; i < encoded.length; i++) {
      const text = encoded[i]!;
      if (text === null) this.hasNull[i] = true;
      if (encodedCare[i]) this.care[i] = true;
      this.values[i]!.push(text);
    }
    this.rows++;
    this.bytes += size;
    return full;
  }

  /** The rows not yet in a chunk, as one (undefined when there are none). */
  flush(): RowChunk | undefined {
    if (this.rows === 0) return undefined;
    const chunk = new RowChunk(this.values, this.hasNull, this.care, this.rows, this.bytes + 3 * this.names.length);
    this.values = this.names.map(() => []);
    this.hasNull = this.names.map(() => false);
    this.care = this.names.map(() => false);
    this.rows = 0;
    this.bytes = 0;
    return chunk;
  }
}

/** RowChunker over an iterable. */
export function* rowChunks(rows: Iterable<Row>, columns: readonly CatalogColumn[], limits: ChunkLimits = DEFAULT_LIMITS, check?: (row: Row) => void): Generator<RowChunk> {
  const chunker = new RowChunker(columns, limits, check);
  for (const row of rows) {
    const full = chunker.push(row);
    if (full) yield full;
  }
  const last = chunker.flush();
  if (last) yield last;
}

/**
 * `unnest($1::a[], $2::b[], …) AS r("a", "b", …)` for the given catalog columns: the rows of a
 * chunk, typed. `param(i)` is the parameter number of column i (default i + 1). Array columns
 * travel as text and are cast back in a subquery.
 */
export function rowset(columns: readonly CatalogColumn[], alias = 'r', param: (i: number) => number = (i) => i + 1): string {
  const arrays = columns.map((c, i) => `$${param(i)}::${c.type.endsWith('[]') ? 'text' : c.type}[]`).join(', ');
  const names = columns.map((c) => ident(c.name)).join(', ');
  if (!columns.some((c) => c.type.endsWith('[]'))) return `unnest(${arrays}) as ${alias}(${names})`;
  const select = columns.map((c) => (c.type.endsWith('[]') ? `u.${ident(c.name)}::${c.type} as ${ident(c.name)}` : `u.${ident(c.name)}`)).join(', ');
  return `(select ${select} from unnest(${arrays}) as u(${names})) as ${alias}`;
}

/**
 * Queues `build(rowsetClause)` once per chunk of rows (see write-queue.ts); `params` follow the
 * columns' parameters (`$${columns.length + 1}` …). Affected rows count for `table` in the load's
 * statistics. `rows` may be a lazy iterable (a generator): it is consumed one chunk at a time, so
 * only that chunk's rows are alive at once (plus the statements waiting in the queue).
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
  let text: string | undefined;
  for (const chunk of rowChunks(rows, columns, DEFAULT_LIMITS, check)) {
    text ??= build(rowset(columns));
    await ctx.queue.submit(table, text, [...chunk.params, ...params]);
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

/** The value expression of a rowset column: NOT NULL columns with a default get it for a missing value. */
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
  /** Columns the chunks carry besides those inserted, for the statement's own use (e.g. a generated key). */
  carry?: readonly string[];
}

/**
 * An `INSERT … SELECT … FROM <rowset>` statement: `columns` come from each chunk's parameters
 * ($1 … $n), constants follow as $n+1 … (`params`).
 */
export interface InsertStatement {
  columns: CatalogColumn[];
  params: Constant[];
  sql: (rs: string) => string;
  /** The same statement without its ON CONFLICT clause. */
  plain: (rs: string) => string;
  /** The plain insert as a COPY, where the table allows it (see copyForm). */
  copy: CopyForm | undefined;
  check: (row: Row) => void;
}

/** A plain insert as COPY FROM STDIN: the statement, and what each of its fields holds. */
export interface CopyForm {
  sql: string;
  fields: CopyField[];
}

/**
 * The value of a default that is a literal ('USD'::character varying, 0, false, '{}'::jsonb) as COPY
 * reads it; undefined for any other expression (now(), a sequence): COPY cannot evaluate those.
 */
export function literalDefault(expr: string): string | undefined {
  const quoted = /^'((?:[^']|'')*)'(?:::[a-z ]+(?:\(\d+(?:,\d+)?\))?(?:\[\])?)?$/i.exec(expr);
  if (quoted) return copyEscape(quoted[1]!.replaceAll("''", "'"));
  return /^(-?\d+(\.\d+)?|true|false)$/.test(expr) ? expr : undefined;
}

/**
 * COPY writes what the plain insert writes when every NOT NULL column with a default that the rows
 * may leave NULL has a literal default (the insert's coalesce is then that text); otherwise undefined.
 */
function copyForm(info: TableInfo, columns: readonly CatalogColumn[], rowColumns: readonly CatalogColumn[], constants: ReadonlyMap<string, Constant>): CopyForm | undefined {
  const fields: CopyField[] = [];
  for (const c of columns) {
    if (constants.has(c.name)) {
      const text = encoder(c.type)(constants.get(c.name));
      fields.push({ text: text === null ? '\\N' : copyEscape(text) });
      continue;
    }
    let nullText = '\\N';
    if (c.notNull && c.defaultExpr !== null) {
      const value = literalDefault(c.defaultExpr);
      if (value === undefined) return undefined;
      nullText = value;
    }
    fields.push({ column: rowColumns.indexOf(c), nullText });
  }
  return { sql: copyFromStdin(ident(info.name), columns.map((c) => ident(c.name))), fields };
}

export function insertStatement(info: TableInfo, options: InsertOptions = {}): InsertStatement {
  const constants = Object.entries(options.constants ?? {});
  const constantCols = new Map(constants.map(([name], i) => [name, i]));
  const columns = info.insertable;
  for (const [name] of constants) if (!info.byName.get(name)) throw new Error(`${info.name} has no column ${name}`);
  const names = columns.map((c) => c.name);
  const inserted = columns.filter((c) => !constantCols.has(c.name));
  const rowColumns = [...inserted, ...columnsOf(info, (options.carry ?? []).filter((name) => !inserted.some((c) => c.name === name)))];
  const select = columns.map((c) => {
    const i = constantCols.get(c.name);
    return i === undefined ? valueExpr(c) : `$${rowColumns.length + i + 1}::${c.type}`;
  });
  const tail = options.onConflict ? ` ${options.onConflict(names)}` : '';
  const plain = (rs: string): string => `insert into ${ident(info.name)} as t (${names.map(ident).join(', ')}) select ${select.join(', ')} from ${rs}`;
  return {
    columns: rowColumns,
    params: constants.map(([, v]) => v),
    sql: (rs) => `${plain(rs)}${tail}`,
    plain,
    copy: copyForm(info, columns, rowColumns, new Map(constants)),
    check: columnCheck(info),
  };
}

export interface Submitter {
  /** The statement's text over the rowset of its columns. */
  text: string;
  /** Queues one chunk of rows for the statement. */
  submit: (chunk: RowChunk) => Promise<void>;
  /**
   * Queues one chunk for the statement without its ON CONFLICT clause: a COPY where the database
   * and the table allow it (the server's work of a plain COPY, a quarter less than INSERT … unnest).
   */
  insert: (chunk: RowChunk) => Promise<void>;
}

export function insertSubmitter(ctx: LoadContext, table: string, stmt: InsertStatement): Submitter {
  const rs = rowset(stmt.columns);
  const text = stmt.sql(rs);
  const plain = stmt.plain(rs);
  const copy = ctx.copy ? stmt.copy : undefined;
  return {
    text,
    submit: (chunk) => ctx.queue.submit(table, text, [...chunk.params, ...stmt.params]),
    insert: copy
      ? (chunk) => ctx.queue.submit(table, copy.sql, [chunk.copyText(copy.fields)], { rows: chunk.rows })
      : (chunk) => ctx.queue.submit(table, plain, [...chunk.params, ...stmt.params]),
  };
}

/** Inserts rows, chunked: a plain insert (COPY where it can be) without onConflict, else the upsert; rows written count for the table. */
export async function insertRows(ctx: LoadContext, table: string, rows: Iterable<Row>, options: InsertOptions = {}): Promise<void> {
  const stmt = insertStatement(tableInfo(ctx.catalog, table), options);
  const submitter = insertSubmitter(ctx, table, stmt);
  const write = options.onConflict ? submitter.submit : submitter.insert;
  for (const chunk of rowChunks(rows, stmt.columns, DEFAULT_LIMITS, stmt.check)) await write(chunk);
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
 * RowChunker for upserts, whose rows arrive batch by batch: a key met again starts a new chunk,
 * because ON CONFLICT may not meet the same row twice in one statement (the later row is then
 * applied by a later statement). Remembers every key, counting the repeats.
 */
export class UpsertChunker {
  private readonly chunker: RowChunker;
  private inChunk = new Set<string>();
  readonly seen = new Set<string>();
  repeats = 0;
  /**
   * Set by a writer that knows the target held no row its rows could conflict with when the load
   * began (the account's row lock keeps it so); cleared by a repeated key. While it is set, a
   * completed chunk may be written by a plain INSERT, without the upsert's conflict arbitration
   * (a findings chunk replayed alone took the server 25–40 % longer with it).
   */
  conflictFree = false;

  constructor(columns: readonly CatalogColumn[], check?: (row: Row) => void, limits: ChunkLimits = DEFAULT_LIMITS) {
    this.chunker = new RowChunker(columns, limits, check);
  }

  /** Adds a row with its key; returns the chunks that are complete (none, one or two). */
  push(row: Row, key: string): RowChunk[] {
    const done: RowChunk[] = [];
    if (this.seen.has(key)) {
      this.repeats++;
      this.conflictFree = false;
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

  flush(): RowChunk | undefined {
    this.inChunk = new Set();
    return this.chunker.flush();
  }

  /** Writes a completed chunk: a plain insert while conflictFree holds, else the upsert. */
  write(chunk: RowChunk, submitter: Submitter): Promise<void> {
    return this.conflictFree ? submitter.insert(chunk) : submitter.submit(chunk);
  }

  /** Pushes the rows of `items`, keyed by the `key` columns, and hands every completed chunk to `emit`. */
  async pushItems<T>(items: readonly T[], toRow: (item: T) => Row, key: readonly string[], emit: (chunk: RowChunk) => Promise<void>): Promise<void> {
    for (const item of items) {
      const row = toRow(item);
      for (const chunk of this.push(row, keyString(row, key))) await emit(chunk);
    }
  }
}
