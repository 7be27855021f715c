// Kysely dialect for the Amazon RDS Data API (Aurora PostgreSQL).
//
// Written because kysely-data-api 2.0.0 does not work with kysely 0.29. SQL is compiled by kysely's
// Postgres compiler, so `$1, $2…` placeholders are rewritten to the Data API's named `:p1, :p2…`.
//
// Data API limits that shape this code:
// - one SQL statement per ExecuteStatement call (multi-statement strings are left to the service to reject);
// - 4 MiB per request: checked before sending so loaders get a clear "send smaller chunks" error;
// - 1 MiB per response: the service aborts the call; we rethrow with a hint to page the query;
// - no array parameters: JS arrays are sent as JSON (use `jsonb_array_elements`/`jsonb_to_recordset`);
// - a transaction is dropped after ~3 minutes without a statement and lives at most 24 hours.
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import type {
  ArrayValue,
  ColumnMetadata,
  ExecuteStatementCommandOutput,
  Field,
  RDSDataClient,
  SqlParameter,
} from '@aws-sdk/client-rds-data';
import { AbortedTransactionError, CompiledQuery, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type {
  AbortableOperationOptions,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

export interface DataApiDialectConfig {
  client: RDSDataClient;
  /** ARN of the Aurora cluster. */
  resourceArn: string;
  /** ARN of the Secrets Manager secret holding the database credentials. */
  secretArn: string;
  database: string;
  /** Passed through; AWS documents it as not (yet) supported, so prefer schema-qualified SQL. */
  schema?: string;
}

export type DataApiTypeHint = 'DATE' | 'DECIMAL' | 'JSON' | 'TIME' | 'TIMESTAMP' | 'UUID';

/** A string parameter sent with an explicit Data API type hint. Create with {@link dataApiTyped}. */
export class DataApiTypedValue {
  constructor(
    readonly value: string | null,
    readonly typeHint: DataApiTypeHint,
  ) {}
}

/**
 * Forces a Data API type hint. Needed because an un-hinted string reaches PostgreSQL as `varchar`,
 * which does not implicitly cast to uuid/date/numeric/... columns. Use it as a value in `sql`
 * templates, or type the column as `ColumnType<…, … | DataApiTypedValue>`; an explicit SQL cast
 * (`${id}::uuid`) works too.
 */
export function dataApiTyped(value: string | null, typeHint: DataApiTypeHint): DataApiTypedValue {
  return new DataApiTypedValue(value, typeHint);
}

/** Error for a failed Data API call; `cause` is the SDK error. */
export class DataApiError extends Error {
  override readonly name = 'DataApiError';
  /** PostgreSQL SQLSTATE (e.g. '23505') when the service reported one. */
  readonly code: string | undefined;
  /** The SQL (first 200 chars) that failed. */
  readonly sql: string;

  constructor(message: string, sql: string, options: { cause?: unknown; code?: string | undefined } = {}) {
    super(message, { cause: options.cause });
    this.sql = sql;
    this.code = options.code;
  }
}

export class DataApiDialect implements Dialect {
  readonly #config: DataApiDialectConfig;

  constructor(config: DataApiDialectConfig) {
    this.#config = { ...config };
  }

  createDriver(): Driver {
    return new DataApiDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

/** The Data API is HTTP: there is nothing to pool, a "connection" only carries a transaction id. */
class DataApiDriver implements Driver {
  readonly #config: DataApiDialectConfig;

  constructor(config: DataApiDialectConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new DataApiConnection(this.#config);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await asDataApiConnection(connection).beginTransaction(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await asDataApiConnection(connection).commitTransaction();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await asDataApiConnection(connection).rollbackTransaction();
  }

  async savepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await asDataApiConnection(connection).executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(savepointName)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    const conn = asDataApiConnection(connection);
    await conn.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdent(savepointName)}`));
    conn.clearFailure();
  }

  async releaseSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await asDataApiConnection(connection).executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdent(savepointName)}`));
  }

  async releaseConnection(): Promise<void> {}

  // The client belongs to the caller (it may be shared), so it is not destroyed here.
  async destroy(): Promise<void> {}
}

function asDataApiConnection(connection: DatabaseConnection): DataApiConnection {
  if (!(connection instanceof DataApiConnection)) throw new TypeError('DataApiDriver was given a foreign connection');
  return connection;
}

const ISOLATION_LEVELS = new Set(['read uncommitted', 'read committed', 'repeatable read', 'serializable']);
const ACCESS_MODES = new Set(['read only', 'read write']);

class DataApiConnection implements DatabaseConnection {
  readonly #config: DataApiDialectConfig;
  #transactionId: string | undefined;
  // PostgreSQL aborts a transaction on any statement error, and COMMIT then silently rolls back;
  // the Data API may still report success, so we remember the failure ourselves.
  #failedInTransaction = false;

  constructor(config: DataApiDialectConfig) {
    this.#config = config;
  }

  async beginTransaction(settings: TransactionSettings): Promise<void> {
    if (this.#transactionId) throw new Error('Data API connection already has an open transaction');
    const { client, resourceArn, secretArn, database, schema } = this.#config;
    let transactionId: string | undefined;
    try {
      ({ transactionId } = await client.send(new BeginTransactionCommand({ resourceArn, secretArn, database, schema })));
    } catch (error) {
      throw toDataApiError(error, 'BeginTransaction');
    }
    if (!transactionId) throw new DataApiError('Data API BeginTransaction returned no transactionId', 'BeginTransaction');
    this.#transactionId = transactionId;
    this.#failedInTransaction = false;

    // BeginTransaction takes no isolation options; SET TRANSACTION is valid as the first statement.
    const modes: string[] = [];
    if (settings.isolationLevel) {
      if (!ISOLATION_LEVELS.has(settings.isolationLevel)) {
        await this.rollbackTransaction();
        throw new Error(`Isolation level '${settings.isolationLevel}' is not supported by PostgreSQL`);
      }
      modes.push(`isolation level ${settings.isolationLevel}`);
    }
    if (settings.accessMode && ACCESS_MODES.has(settings.accessMode)) modes.push(settings.accessMode);
    if (modes.length > 0) {
      try {
        await this.executeQuery(CompiledQuery.raw(`set transaction ${modes.join(', ')}`));
      } catch (error) {
        await this.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    }
  }

  async commitTransaction(): Promise<void> {
    const transactionId = this.#transactionId;
    if (!transactionId) throw new Error('Cannot commit: no Data API transaction is open');
    const { client, resourceArn, secretArn } = this.#config;
    let status: string | undefined;
    try {
      ({ transactionStatus: status } = await client.send(new CommitTransactionCommand({ resourceArn, secretArn, transactionId })));
    } catch (error) {
      if (isTransactionGone(error)) {
        // Nothing left to roll back (e.g. the 3-minute idle timeout): tell kysely it was aborted.
        this.#endTransaction();
        throw new AbortedTransactionError({ cause: error });
      }
      // Keep the id: kysely follows a failed commit with a rollback.
      throw toDataApiError(error, 'CommitTransaction');
    }
    const failed = this.#failedInTransaction;
    this.#endTransaction();
    if (failed || /roll/i.test(status ?? '')) throw new AbortedTransactionError();
  }

  async rollbackTransaction(): Promise<void> {
    const transactionId = this.#transactionId;
    // Already ended (a failed commit that the service rolled back, or a double rollback).
    if (!transactionId) return;
    const { client, resourceArn, secretArn } = this.#config;
    try {
      await client.send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId }));
    } catch (error) {
      // A transaction the service no longer knows is rolled back already; don't mask the caller's error.
      if (!isTransactionGone(error)) throw toDataApiError(error, 'RollbackTransaction');
    } finally {
      this.#endTransaction();
    }
  }

  clearFailure(): void {
    this.#failedInTransaction = false;
  }

  #endTransaction(): void {
    this.#transactionId = undefined;
    this.#failedInTransaction = false;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery, options?: AbortableOperationOptions): Promise<QueryResult<R>> {
    const sql = toNamedParameters(compiledQuery.sql);
    const parameters = compiledQuery.parameters.map((value, i) => toSqlParameter(value, `p${i + 1}`));
    assertRequestSize(sql, parameters, compiledQuery.sql);

    const { client, resourceArn, secretArn, database, schema } = this.#config;
    let output: ExecuteStatementCommandOutput;
    try {
      output = await client.send(
        new ExecuteStatementCommand({
          resourceArn,
          secretArn,
          database,
          schema,
          sql,
          parameters: parameters.length > 0 ? parameters : undefined,
          transactionId: this.#transactionId,
          includeResultMetadata: true,
          formatRecordsAs: 'NONE',
          // Longs as strings so int8 beyond 2^53 survives the SDK's JSON parsing; decimals stay strings.
          resultSetOptions: { longReturnType: 'STRING', decimalReturnType: 'STRING' },
        }),
        { abortSignal: options?.signal },
      );
    } catch (error) {
      // Only a statement the service ran and rejected aborts the transaction (not a local abort or network error).
      if (this.#transactionId && typeof error === 'object' && error !== null && '$fault' in error) this.#failedInTransaction = true;
      throw toDataApiError(error, compiledQuery.sql);
    }
    return decodeResult<R>(output, compiledQuery);
  }

  // eslint-disable-next-line require-yield -- required by the interface, never yields
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported by the RDS Data API dialect; page the query instead');
  }
}

// ---------------------------------------------------------------------------------------------
// Placeholders

const isIdentChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

/**
 * Rewrites PostgreSQL positional placeholders (`$1`) to Data API named ones (`:p1`), leaving
 * string literals (incl. E'' escapes), quoted identifiers, dollar-quoted bodies and comments alone.
 */
export function toNamedParameters(sql: string): string {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "'") {
      // E'...' strings use backslash escapes; elsewhere only '' is an escape.
      const backslashEscapes = (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !isIdentChar(sql[i - 2]);
      i++;
      while (i < n) {
        if (backslashEscapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'") {
          if (sql[i + 1] === "'") i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (ch === '"') {
      i++;
      while (i < n) {
        if (sql[i] === '"') {
          if (sql[i + 1] === '"') i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (ch === '/' && next === '*') {
      // PostgreSQL block comments nest.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
    } else if (ch === '$' && !isIdentChar(sql[i - 1])) {
      if (isDigit(next)) {
        let end = i + 1;
        while (isDigit(sql[end])) end++;
        out += sql.slice(copiedUpTo, i) + `:p${Number(sql.slice(i + 1, end))}`;
        copiedUpTo = end;
        i = end;
      } else {
        const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 64));
        if (tag) {
          const close = sql.indexOf(tag[0], i + tag[0].length);
          i = close === -1 ? n : close + tag[0].length;
        } else i++;
      }
    } else i++;
  }
  return copiedUpTo === 0 ? sql : out + sql.slice(copiedUpTo);
}

// ---------------------------------------------------------------------------------------------
// Parameters

// Type checks that survive values from another realm (jest's vm modules, worker threads).
const tagOf = (value: object): string => Object.prototype.toString.call(value);

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** `YYYY-MM-DD HH:MM:SS.sss` in UTC, the format the Data API expects with typeHint TIMESTAMP. */
export function formatDataApiTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('Invalid Date cannot be sent to the Data API');
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

function toSqlParameter(value: unknown, name: string): SqlParameter {
  if (value === null || value === undefined) return { name, value: { isNull: true } };
  switch (typeof value) {
    case 'boolean':
      return { name, value: { booleanValue: value } };
    case 'number':
      return Number.isSafeInteger(value) ? { name, value: { longValue: value } } : { name, value: { doubleValue: value } };
    case 'bigint':
      // Beyond 2^53 the SDK would round a long; numeric casts to int8 on assignment, varchar would not.
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? { name, value: { longValue: Number(value) } }
        : { name, value: { stringValue: value.toString() }, typeHint: 'DECIMAL' };
    case 'string':
      return { name, value: { stringValue: value } };
    case 'object': {
      if (value instanceof DataApiTypedValue) {
        return value.value === null
          ? { name, value: { isNull: true }, typeHint: value.typeHint }
          : { name, value: { stringValue: value.value }, typeHint: value.typeHint };
      }
      if (tagOf(value) === '[object Date]') {
        return { name, value: { stringValue: formatDataApiTimestamp(value as Date) }, typeHint: 'TIMESTAMP' };
      }
      if (ArrayBuffer.isView(value)) {
        return { name, value: { blobValue: new Uint8Array(value.buffer, value.byteOffset, value.byteLength) } };
      }
      if (tagOf(value) === '[object ArrayBuffer]') return { name, value: { blobValue: new Uint8Array(value as ArrayBuffer) } };
      if (Array.isArray(value) || isPlainObject(value)) {
        return { name, value: { stringValue: JSON.stringify(value, jsonReplacer) }, typeHint: 'JSON' };
      }
      break;
    }
    default:
      break;
  }
  const kind = typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  throw new TypeError(`Data API parameter ${name}: unsupported value of type ${kind}`);
}

// JSON.stringify throws on bigint; a number-looking string is what PostgreSQL would store anyway.
const jsonReplacer = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

export const DATA_API_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** Lower-bound estimate (JSON escaping only adds), so it never rejects a request the service would take. */
function assertRequestSize(sql: string, parameters: SqlParameter[], originalSql: string): void {
  let bytes = Buffer.byteLength(sql);
  for (const p of parameters) {
    const v = p.value;
    if (v?.stringValue !== undefined) bytes += Buffer.byteLength(v.stringValue);
    else if (v?.blobValue !== undefined) bytes += Math.ceil(v.blobValue.byteLength / 3) * 4; // base64
  }
  if (bytes > DATA_API_MAX_REQUEST_BYTES) {
    // SQLSTATE program_limit_exceeded: the same request fails on every retry, so a caller that
    // classifies errors (the receiver) rejects what it was writing instead of retrying it
    throw new DataApiError(
      `Data API request is at least ${bytes} bytes, over the 4 MiB request limit; send smaller chunks. SQL: ${sqlSnippet(originalSql)}`,
      sqlSnippet(originalSql),
      { code: '54000' },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Results

const DML_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);
const DML_KEYWORD = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*(?:insert|update|delete|merge)\b/i;

function decodeResult<R>(output: ExecuteStatementCommandOutput, compiledQuery: CompiledQuery): QueryResult<R> {
  const columns = output.columnMetadata ?? [];
  const names = columns.map((c, i) => c.name || c.label || `?column?${i + 1}`);
  const rows = (output.records ?? []).map((record) => {
    const row: Record<string, unknown> = {};
    record.forEach((field, i) => {
      row[names[i] ?? `?column?${i + 1}`] = decodeField(field, columns[i]);
    });
    return row as R;
  });

  const updated = output.numberOfRecordsUpdated ?? 0;
  const kind = compiledQuery.query.kind;
  const isDml = DML_NODES.has(kind) || (kind === 'RawNode' && (updated > 0 || DML_KEYWORD.test(compiledQuery.sql)));
  // With RETURNING the service reports numberOfRecordsUpdated = 0 but returns one row per affected row.
  const affected = Math.max(updated, rows.length);
  return { rows, numAffectedRows: isDml ? BigInt(affected) : undefined };
}

/** Base type name in lower case: `"pg_catalog"."int8"` → int8, `_int4`/`int4[]` → int4 (with isArray). */
function normalizeTypeName(typeName: string | undefined): { base: string; isArray: boolean } {
  let t = (typeName ?? '').toLowerCase().replace(/"/g, '');
  t = t.slice(t.lastIndexOf('.') + 1);
  if (t.endsWith('[]')) return { base: t.slice(0, -2), isArray: true };
  if (t.startsWith('_')) return { base: t.slice(1), isArray: true };
  return { base: t, isArray: false };
}

function decodeField(field: Field, column: ColumnMetadata | undefined): unknown {
  const { base } = normalizeTypeName(column?.typeName);
  if (field.isNull) return null;
  if (field.arrayValue !== undefined) return decodeArray(field.arrayValue, base);
  if (field.blobValue !== undefined) return Buffer.from(field.blobValue.buffer, field.blobValue.byteOffset, field.blobValue.byteLength);
  const scalar = field.stringValue ?? field.longValue ?? field.doubleValue ?? field.booleanValue;
  return scalar === undefined ? null : decodeScalar(scalar, base);
}

function decodeArray(array: ArrayValue, base: string): unknown[] {
  const values: readonly (string | number | boolean | ArrayValue | null)[] =
    array.arrayValues ?? array.stringValues ?? array.longValues ?? array.doubleValues ?? array.booleanValues ?? [];
  return values.map((v) => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'object') return decodeArray(v, base);
    return decodeScalar(v, base);
  });
}

function decodeScalar(value: string | number | boolean, base: string): unknown {
  switch (base) {
    case 'int2':
    case 'int4':
    case 'int':
    case 'integer':
    case 'smallint':
    case 'serial':
    case 'serial4':
    case 'smallserial':
    case 'serial2':
    case 'oid':
    case 'float4':
    case 'float8':
    case 'real':
    case 'double precision':
      return typeof value === 'string' ? Number(value) : value;
    case 'int8':
    case 'bigint':
    case 'bigserial':
    case 'serial8': {
      if (typeof value !== 'string') return value;
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value; // like node-postgres, keep big ones exact as strings
    }
    case 'numeric':
    case 'decimal':
      return String(value); // exact, as node-postgres returns it
    case 'bool':
    case 'boolean':
      return typeof value === 'string' ? value === 't' || value === 'true' : Boolean(value);
    case 'json':
    case 'jsonb':
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    case 'timestamptz':
    case 'timestamp':
      return typeof value === 'string' ? parseDataApiTimestamp(value) : value;
    default:
      return value; // date stays 'YYYY-MM-DD'; text, uuid, time, interval… stay strings
  }
}

const TIMESTAMP_RE = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}(?::?\d{2}){0,2})?$/;

/**
 * Parses the Data API's timestamp text ('YYYY-MM-DD HH:MM:SS[.f…]', UTC for timestamptz; the
 * fraction has trailing zeros trimmed) into a Date. Unparseable values (infinity, BC) stay strings.
 */
export function parseDataApiTimestamp(text: string): Date | string {
  const m = TIMESTAMP_RE.exec(text.trim());
  if (!m) return text;
  const [, y, mo, d, h, mi, s, frac = '', offset] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0').slice(0, 3)));
  if (offset && offset !== 'Z') {
    const [oh = '0', om = '0', os = '0'] = offset.slice(1).match(/\d{2}/g) ?? [];
    const sign = offset.startsWith('-') ? -1 : 1;
    date.setTime(date.getTime() - sign * ((Number(oh) * 60 + Number(om)) * 60 + Number(os)) * 1000);
  }
  return date;
}

// ---------------------------------------------------------------------------------------------
// Errors

const RESPONSE_TOO_LARGE = /response size limit|more than the allowed response size|response (?:is )?too large/i;

function sqlSnippet(sql: string): string {
  return sql.length > 200 ? `${sql.slice(0, 200)}…` : sql;
}

function errorText(error: unknown): { name: string; message: string } {
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return { name: typeof name === 'string' ? name : 'Error', message: typeof message === 'string' ? message : String(error) };
  }
  return { name: 'Error', message: String(error) };
}

function isTransactionGone(error: unknown): boolean {
  const { name, message } = errorText(error);
  return name === 'TransactionNotFoundException' || /transaction\b.*\bnot found|not found.*transaction/i.test(message);
}

function toDataApiError(error: unknown, sql: string): DataApiError {
  const { name, message } = errorText(error);
  const snippet = sqlSnippet(sql);
  if (RESPONSE_TOO_LARGE.test(message)) {
    return new DataApiError(
      `Data API: the query returned more than 1 MiB, the Data API response limit; page it (LIMIT + keyset/OFFSET) or select fewer columns. SQL: ${snippet}`,
      snippet,
      { cause: error },
    );
  }
  const code = /SQLState: ([0-9A-Z]{5})/.exec(message)?.[1];
  return new DataApiError(`Data API ${name}: ${message} — SQL: ${snippet}`, snippet, { cause: error, code });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
