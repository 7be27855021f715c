// COPY … FROM STDIN through kysely, which knows only SQL text and parameters: the statement's text
// is `copy "t" ("a", …) from stdin` and its one parameter is the data, in COPY's text format. The
// pg client class (pg-copy.ts) and the PGlite query function below carry such a statement as
// COPY; openDatabase marks the dialects that do on their adapter, and loaders ask supportsCopy()
// before they write one (the RDS Data API has no COPY: there the loaders use INSERT … unnest).
import type { Dialect, DialectAdapter, Kysely } from 'kysely';

const COPY_FROM_STDIN = /^copy\s[\s\S]*\sfrom\s+stdin$/i;

/** Whether a statement is a COPY FROM STDIN carrying its data as its one parameter. */
export function isCopyFromStdin(sql: string, params: readonly unknown[] | undefined): params is [string] {
  return params?.length === 1 && typeof params[0] === 'string' && COPY_FROM_STDIN.test(sql);
}

/** `copy "t" ("a", "b") from stdin` (identifiers already quoted by the caller). */
export function copyFromStdin(table: string, columns: readonly string[]): string {
  return `copy ${table} (${columns.join(', ')}) from stdin`;
}

/** Adapters of dialects whose driver carries COPY FROM STDIN statements. */
const copyCapable = new WeakSet<DialectAdapter>();

/** The dialect, its adapter marked as carrying COPY FROM STDIN (the driver must: pg-copy.ts, copyQuery). */
export function withCopyFromStdin(dialect: Dialect): Dialect {
  return {
    createDriver: () => dialect.createDriver(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => {
      const adapter = dialect.createAdapter();
      copyCapable.add(adapter);
      return adapter;
    },
    createIntrospector: (db: Kysely<unknown>) => dialect.createIntrospector(db),
  };
}

/** Whether statements of this Kysely instance or transaction may be COPY FROM STDIN (both share the adapter). */
export function supportsCopy(db: { getExecutor(): { adapter: DialectAdapter } }): boolean {
  return copyCapable.has(db.getExecutor().adapter);
}

/** The options of PGlite's query that copyQuery passes on. */
interface QueryOptions {
  rowMode?: 'array' | 'object';
  blob?: Blob;
}

/** What copyQuery needs of a PGlite instance or transaction. */
export interface PGliteQuerier<R> {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<R>;
}

/** A query on PGlite, where a COPY FROM STDIN statement reads its data from a blob instead. */
export function copyQuery<R>(pglite: PGliteQuerier<R>, sql: string, params?: unknown[], options: QueryOptions = {}): Promise<R> {
  if (!isCopyFromStdin(sql, params)) return pglite.query(sql, params, options);
  return pglite.query(`${sql.slice(0, sql.length - 'stdin'.length)}'/dev/blob'`, [], { ...options, blob: new Blob([params[0]]) });
}

/** Calls to `query` go through copyQuery; everything else is the object's own. */
function queryThroughCopy<T extends object>(target: T, extra: Partial<Record<PropertyKey, unknown>> = {}): T {
  return new Proxy(target, {
    get(object, property) {
      if (property === 'query') return (sql: string, params?: unknown[], options?: QueryOptions) => copyQuery(object as unknown as PGliteQuerier<unknown>, sql, params, options);
      if (property in extra) return extra[property];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/** An in-process PGlite whose queries, and those of its transactions, carry COPY FROM STDIN (use with withCopyFromStdin). */
export function copyCapablePglite<P extends object>(pglite: P): P {
  const inner = pglite as unknown as { transaction<T>(callback: (tx: object) => Promise<T>): Promise<T> };
  return queryThroughCopy(pglite, {
    transaction: <T>(callback: (tx: object) => Promise<T>) => inner.transaction((tx) => callback(queryThroughCopy(tx))),
  });
}
