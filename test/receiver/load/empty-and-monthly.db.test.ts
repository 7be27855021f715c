// Every section present but empty closes all state and empties the day's time series; MONTHLY
// snapshots write MONTHLY rows; account attributes follow the newest snapshot only.
import { sql } from 'kysely';
import { stateKeys } from '../../../db/keys.js';
import { describeEachDatabase } from '../../support/databases.js';
import { count, load, snapshotOf } from './helpers.js';
import type { SnapshotInput } from '../../../snapshot/index.js';

const D1 = '2026-11-14';
const D2 = '2026-11-15';

function emptied(s: SnapshotInput): void {
  const day = s.period.start;
  s.account = { name: 'payments-prod', contact_info: null, alternate_contacts: null };
  s.cost = { current_period_cost: 0, previous_period_cost: 0, previous_period: { start: day, end: day }, top_services: [], forecast: [] };
  s.services = [];
  s.security = { security_hub: { products: [], findings: [] }, guard_duty: [], inspector: [], kms: [], waf: { web_acls: [], rules: [] }, cloudtrail: [], secrets_manager: [], certificates: [] };
  s.config = { rules: [], evaluations: [] };
  s.inventory = { instances: [], applications: [], patches: [] };
  s.service_resources = [];
  s.compute_optimizer = [];
  s.trusted_advisor = [];
  s.health = [];
  s.application_signals = [];
  s.resilience_hub = [];
  s.marketplace = [];
  s.ri_sp_savings = [];
  s.support_tickets = [];
  s.activity = { aggregates: [], events: [], total_events: 0, security_events_total: 0 };
}

const DAY_SERIES = [
  ['services', 'usage_date'],
  ['service_costs', 'period_start'],
  ['cost_forecasts', 'period_start'],
  ['marketplace_usage', 'usage_date'],
  ['ri_sp_daily_savings', 'usage_date'],
  ['security', 'period_start'],
  ['activity_events', 'activity_date'],
  ['activity_security_events', 'activity_date'],
] as const;

describeEachDatabase('empty sections, MONTHLY snapshots, account attributes', (get) => {
  test('every section present but empty closes all state and empties that day\'s time series', async () => {
    const { db } = get();
    const A = '888888888801';
    await load(db, snapshotOf(D1, A));
    await load(db, snapshotOf(D2, A, emptied));
    for (const table of Object.keys(stateKeys)) {
      const { rows } = await sql<{ current: number; total: number }>`
        select count(*) filter (where valid_to is null)::int as current, count(*)::int as total from ${sql.table(table)} where account_id = ${A}`.execute(db);
      expect({ table, ...rows[0] }).toEqual({ table, current: 0, total: expect.any(Number) });
      expect(rows[0]!.total).toBeGreaterThan(0);
    }
    // corrected file for D1, empty too: D1's time series are emptied, D1's versions disappear
    await load(db, snapshotOf(D1, A, emptied));
    for (const [table, column] of DAY_SERIES) {
      expect({ table, n: await count(db, table, { account_id: A, [column]: D1 }) }).toEqual({ table, n: 0 });
    }
    for (const table of Object.keys(stateKeys)) expect({ table, n: await count(db, table, { account_id: A }) }).toEqual({ table, n: 0 });
    const { rows } = await sql<{ total_rules: number; compliance_score: string | null }>`select total_rules, compliance_score from config_reports where account_id = ${A} and period_start = ${D1}`.execute(db);
    expect(rows).toEqual([{ total_rules: 0, compliance_score: null }]);
    // lifecycle rows are history: an empty section does not delete findings
    expect(await count(db, 'findings', { account_id: A })).toBe(2);
  });

  test('a MONTHLY snapshot writes MONTHLY rows beside the daily ones', async () => {
    const { db } = get();
    const A = '888888888802';
    await load(db, snapshotOf('2026-11-01', A));
    const monthly: SnapshotInput = snapshotOf('2026-11-01', A, (s) => {
      s.period = { granularity: 'MONTHLY', start: '2026-11-01', end: '2026-12-01' };
      for (const name of ['security', 'config', 'inventory', 'service_resources', 'compute_optimizer', 'trusted_advisor', 'health', 'application_signals', 'resilience_hub', 'support_tickets', 'activity'] as const) delete s[name];
      s.services = [{ date: '2026-11-01', service: 'AWS Lambda', usage_type: 'USE1-Lambda-GB-Second', cost: 93.1 }];
      s.cost!.current_period_cost = 37000;
    });
    await load(db, monthly);
    const { rows } = await sql<{ granularity: string; n: number }>`
      select granularity, count(*)::int as n from services where account_id = ${A} group by granularity order by granularity`.execute(db);
    expect(rows).toEqual([{ granularity: 'DAILY', n: 4 }, { granularity: 'MONTHLY', n: 1 }]);
    const { rows: reports } = await sql<{ granularity: string; current_period_cost: string; period_end: string }>`
      select granularity, current_period_cost, period_end::text as period_end from cost_reports where account_id = ${A} order by granularity`.execute(db);
    expect(reports).toEqual([
      { granularity: 'DAILY', current_period_cost: '1234.5600000000', period_end: '2026-11-02' },
      { granularity: 'MONTHLY', current_period_cost: '37000.0000000000', period_end: '2026-12-01' },
    ]);
    // the monthly run of a collector is not coverage of a day for state tables
    const { rows: runs } = await sql<{ n: number }>`select count(*)::int as n from collector_runs where account_id = ${A} and granularity = 'MONTHLY'`.execute(db);
    expect(runs[0]!.n).toBe(23);
    expect(await count(db, 'kms_keys', { account_id: A })).toBe(1);
  });

  test('account attributes and product links follow the newest snapshot only', async () => {
    const { db } = get();
    const A = '888888888803';
    const named = (day: string, name: string, product?: string) =>
      snapshotOf(day, A, (s) => {
        s.account!.name = name;
        s.account!.tags = product ? { Product: product } : {};
      });
    await load(db, named(D2, 'newer', 'Payments'));
    const late = await load(db, named(D1, 'older', 'Ledger'));
    expect(late.notes).toContain(`older snapshot: account attributes kept from ${D2}`);
    const read = async () =>
      (await sql<{ account_name: string; as_of: string; products: string[] }>`
        select account_name, attributes_as_of::text as as_of,
               array(select p.name || ':' || pa.source from product_accounts pa join products p using (product_id) where pa.account_id = a.account_id order by 1) as products
        from accounts a where account_id = ${A}`.execute(db)).rows[0];
    expect(await read()).toEqual({ account_name: 'newer', as_of: D2, products: ['Payments:tag'] });
    // a manual link survives tag changes; the tag link moves with the tag
    await sql`insert into products (name) values ('Shared') on conflict do nothing`.execute(db);
    await sql`insert into product_accounts (product_id, account_id, source) select product_id, ${A}, 'manual' from products where name = 'Shared'`.execute(db);
    await load(db, named('2026-11-16', 'renamed', 'Ledger'));
    expect(await read()).toEqual({ account_name: 'renamed', as_of: '2026-11-16', products: ['Ledger:tag', 'Shared:manual'] });
    await load(db, named('2026-11-17', 'renamed'));
    expect(await read()).toEqual({ account_name: 'renamed', as_of: '2026-11-17', products: ['Shared:manual'] });
  });

  test('a snapshot without an account section creates a placeholder the first account section replaces', async () => {
    const { db } = get();
    const A = '888888888804';
    await load(db, snapshotOf(D2, A, (s) => void delete s.account));
    const first = (await sql<{ account_name: string }>`select account_name from accounts where account_id = ${A}`.execute(db)).rows;
    expect(first).toEqual([{ account_name: A }]);
    await load(db, snapshotOf(D1, A));
    const after = (await sql<{ account_name: string; f: string; l: string }>`
      select account_name, first_snapshot_date::text as f, last_snapshot_date::text as l from accounts where account_id = ${A}`.execute(db)).rows;
    expect(after).toEqual([{ account_name: 'payments-prod', f: D1, l: D2 }]);
  });
});
