import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { describeEachDatabase, createTestDatabase, testBackends } from '../support/databases.js';
import { migrateToLatest } from '../../db/migrate.js';
import { renderDatabaseTypes } from '../../db/schema-codegen.js';
import { stateKeys, upsertKeys } from '../../db/keys.js';

/** Table names of the Agency 360 seed schema (v1 and v2), from seed-systems.md §2. */
const SEED_TABLES = [
  'accounts', 'contact_info', 'alternate_contacts', 'products', 'product_accounts', 'services', 'cost_reports',
  'service_costs', 'cost_forecasts', 'marketplace_usage', 'ri_sp_daily_savings', 'security', 'findings',
  'guard_duty_findings', 'inspector_findings', 'kms_keys', 'waf_rules', 'waf_rules_detailed', 'cloudtrail_logs',
  'secrets_manager_secrets', 'certificates', 'config_reports', 'non_compliant_resources', 'service_resources',
  'config_inventory', 'compute_optimizer', 'inventory_instances', 'inventory_applications', 'inventory_patches',
  'trusted_advisor_checks', 'health_events', 'application_signals', 'resilience_hub_apps', 'support_tickets', 'logs',
  'log_messages',
];

interface UniqueIndex {
  table_name: string;
  columns: string[];
  partial: boolean;
  predicate: string | null;
}

describe('migrations', () => {
  for (const backend of testBackends()) {
    test(`go from empty to latest and re-run as a no-op [${backend}]`, async () => {
      const t = await createTestDatabase(backend, { migrate: false });
      try {
        const first = await migrateToLatest(t.db);
        expect(first.applied.length).toBeGreaterThanOrEqual(7);
        expect(first.applied[0]).toBe('0001_core');
        const second = await migrateToLatest(t.db);
        expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(t.db);
        expect(rows[0]!.n).toBe(first.applied.length);
      } finally {
        await t.close();
      }
    });
  }
});

describeEachDatabase('schema catalog', (get) => {
  let tables: Set<string>;
  let uniques: UniqueIndex[];

  beforeAll(async () => {
    const { db } = get();
    const t = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema()`.execute(db);
    tables = new Set(t.rows.map((r) => r.table_name));
    const u = await sql<{ table_name: string; columns: string[]; predicate: string | null }>`
      select c.relname as table_name,
             array(select a.attname::text from unnest(i.indkey) with ordinality k(attnum, ord)
                   join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.ord) as columns,
             pg_get_expr(i.indpred, i.indrelid) as predicate
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace
      where i.indisunique and n.nspname = current_schema()`.execute(db);
    uniques = u.rows.map((r) => ({ ...r, partial: r.predicate !== null }));
  });

  test('every seed table exists, or docs/schema.md says where it went', () => {
    const doc = readFileSync(new URL('../../docs/schema.md', import.meta.url), 'utf8');
    const mapped = new Map<string, string[]>();
    for (const line of doc.split('\n')) {
      const m = /^\| `([a-z_]+)`.*?\| (.+?) \|/.exec(line);
      if (m) mapped.set(m[1]!, [...m[2]!.matchAll(/`([a-z_]+)(?:\.[a-z_]+)?`/g)].map((x) => x[1]!));
    }
    for (const seed of SEED_TABLES) {
      const targets = mapped.get(seed) ?? [seed];
      expect({ seed, missing: targets.filter((t) => !tables.has(t)) }).toEqual({ seed, missing: [] });
    }
  });

  test('every upsert key is backed by a UNIQUE constraint', () => {
    for (const [table, key] of Object.entries(upsertKeys)) {
      expect(tables.has(table)).toBe(true);
      const match = uniques.find((u) => u.table_name === table && !u.partial && u.columns.join(',') === key.join(','));
      expect({ table, key, found: Boolean(match) }).toEqual({ table, key, found: true });
    }
  });

  test('every state table has a version key and at most one current version per item', () => {
    for (const [table, key] of Object.entries(stateKeys)) {
      const itemKey = ['account_id', ...key];
      const version = uniques.find((u) => u.table_name === table && !u.partial && u.columns.join(',') === [...itemKey, 'valid_from'].join(','));
      const current = uniques.find((u) => u.table_name === table && u.partial && u.columns.join(',') === itemKey.join(','));
      expect({ table, version: Boolean(version), current: current?.predicate?.replace(/[()]/g, '') }).toEqual({
        table,
        version: true,
        current: 'valid_to IS NULL',
      });
    }
  });

  test('instants are timestamptz everywhere, never timestamp without time zone', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and data_type = 'timestamp without time zone'
        and table_name not like 'kysely%'`.execute(get().db);
    expect(rows).toEqual([]);
  });

  test('every table but the global ones references accounts', async () => {
    const { rows } = await sql<{ table_name: string }>`
      select distinct tc.table_name from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
      where tc.constraint_type = 'FOREIGN KEY' and ccu.table_name in ('accounts', 'cost_reports')
        and tc.table_schema = current_schema()`.execute(get().db);
    const withFk = new Set(rows.map((r) => r.table_name));
    const global = new Set(['accounts', 'products', 'ingestions', 'kysely_migration', 'kysely_migration_lock']);
    for (const t of tables) if (!global.has(t)) expect({ t, fk: withFk.has(t) }).toEqual({ t, fk: true });
  });

  test('db/schema.ts is current (regenerate with `npm run db:types`)', async () => {
    const committed = readFileSync(new URL('../../db/schema.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await renderDatabaseTypes(get().db));
  });
});
