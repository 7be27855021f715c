// Renders db/schema.ts (kysely table types) from the migrated catalog, so the SQL files stay the
// single source of truth for table shapes. `npm run db:types` writes it; a test checks it is current.
import { sql, type Kysely } from 'kysely';

interface ColumnRow {
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
  is_generated: 'ALWAYS' | 'NEVER';
  identity_generation: string | null;
}

const TS_TYPES: Record<string, string> = {
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  uuid: 'string',
  date: 'string',
  int2: 'number',
  int4: 'number',
  int8: 'number',
  float4: 'number',
  float8: 'number',
  numeric: 'string',
  bool: 'boolean',
  timestamptz: 'Date',
  json: 'JsonValue',
  jsonb: 'JsonValue',
};

function tsType(udt: string): string {
  if (udt.startsWith('_')) return `${tsType(udt.slice(1))}[]`;
  const t = TS_TYPES[udt];
  if (!t) throw new Error(`no TypeScript type for PostgreSQL type ${udt}`);
  return t;
}

function pascal(name: string): string {
  return name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

export async function renderDatabaseTypes<DB>(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<ColumnRow>`
    select c.table_name, c.column_name, c.udt_name, c.is_nullable, c.column_default,
           c.is_identity, c.is_generated, c.identity_generation
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      and c.table_name not like 'kysely\\_%'
    order by c.table_name, c.ordinal_position`.execute(db);
  const tables = new Map<string, ColumnRow[]>();
  for (const r of rows) tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r]);

  const out: string[] = [
    '// Generated from the migrated schema by `npm run db:types` (db/schema-codegen.ts). Do not edit.',
    "import type { ColumnType, Generated, GeneratedAlways } from 'kysely';",
    '',
    'export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };',
    '/** numeric columns read as exact decimal strings and accept numbers on write. */',
    'export type Numeric = ColumnType<string, string | number, string | number>;',
    '',
  ];
  for (const [table, cols] of tables) {
    out.push(`export interface ${pascal(table)}Table {`);
    for (const c of cols) {
      let t = c.udt_name === 'numeric' ? 'Numeric' : tsType(c.udt_name);
      if (c.is_nullable === 'YES') t = `${t} | null`;
      if (c.is_generated === 'ALWAYS' || c.identity_generation === 'ALWAYS') t = `GeneratedAlways<${t}>`;
      else if (c.column_default !== null || c.is_identity === 'YES') t = `Generated<${t}>`;
      out.push(`  ${c.column_name}: ${t};`);
    }
    out.push('}', '');
  }
  out.push('export interface Database {');
  for (const table of tables.keys()) out.push(`  ${table}: ${pascal(table)}Table;`);
  out.push('}', '');
  return out.join('\n');
}
