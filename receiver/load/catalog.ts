// Column catalog of the tables the loaders write, read from pg_catalog once per database. The
// rowset column lists, defaults and attribute columns of every statement come from here, so a
// migration that adds a column needs no change in the bulk writer.
import { CompiledQuery } from 'kysely';
import type { Executor } from './types.js';

export interface CatalogColumn {
  name: string;
  /** Full SQL type with modifiers, e.g. `character varying(12)`, `numeric(20,10)`, `text[]`. */
  type: string;
  notNull: boolean;
  /** Default expression from the catalog (NULL when none); identity and generated columns have none here. */
  defaultExpr: string | null;
  generated: boolean;
  identity: boolean;
}

export interface TableInfo {
  name: string;
  columns: CatalogColumn[];
  byName: Map<string, CatalogColumn>;
  /** Columns an INSERT may name (not generated, not identity). */
  insertable: CatalogColumn[];
}

export type Catalog = Map<string, TableInfo>;

interface CatalogRow {
  table_name: string;
  column_name: string;
  type: string;
  not_null: boolean;
  default_expr: string | null;
  generated: boolean;
  identity: boolean;
}

// Keyed by the dialect adapter, which a Kysely instance shares with all its transactions: one
// catalog read per database handle, not per snapshot.
const cache = new WeakMap<object, Promise<Catalog>>();

async function readCatalog(db: Executor): Promise<Catalog> {
  const { rows } = await db.executeQuery<CatalogRow>(
    CompiledQuery.raw(`
      select c.relname::text as table_name, a.attname::text as column_name,
             format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
             case when a.attgenerated = '' and a.attidentity = '' then pg_get_expr(d.adbin, d.adrelid) end as default_expr,
             a.attgenerated <> '' as generated, a.attidentity <> '' as identity
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = current_schema() and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`),
  );
  const catalog: Catalog = new Map();
  for (const r of rows) {
    let table = catalog.get(r.table_name);
    if (!table) {
      table = { name: r.table_name, columns: [], byName: new Map(), insertable: [] };
      catalog.set(r.table_name, table);
    }
    const col: CatalogColumn = {
      name: r.column_name,
      type: r.type,
      notNull: r.not_null,
      defaultExpr: r.default_expr,
      generated: r.generated,
      identity: r.identity,
    };
    table.columns.push(col);
    table.byName.set(col.name, col);
    if (!col.generated && !col.identity) table.insertable.push(col);
  }
  return catalog;
}

export async function loadCatalog(db: Executor): Promise<Catalog> {
  const key = db.getExecutor().adapter;
  let found = cache.get(key);
  if (!found) {
    found = readCatalog(db);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  const catalog = await found;
  if (!catalog.has('accounts')) {
    // Read before the migrations ran (a test database migrated later): read again next time.
    cache.delete(key);
    throw new Error('the database has no OrgPulse tables: run the migrations first (orgpulse migrate)');
  }
  return catalog;
}

export function tableInfo(catalog: Catalog, table: string): TableInfo {
  const info = catalog.get(table);
  if (!info) throw new Error(`table ${table} is not in the database catalog`);
  return info;
}

/** Double-quoted SQL identifier (names come from code or the catalog, never from snapshot data). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
