// The same migrations run through the RDS Data API dialect (one statement per call), against the
// Data API fake that executes every call on PGlite.
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { DataApiDialect } from '../../db/dialects/data-api.js';
import { migrateToLatest } from '../../db/migrate.js';
import { installDataApiOnPglite } from '../support/data-api-fake.js';
import type { Database } from '../../db/schema.js';

test('migrations apply through the Data API, statement by statement, and re-run as a no-op', async () => {
  const pglite = await PGlite.create();
  const fake = installDataApiOnPglite(pglite);
  const db = new Kysely<Database>({ dialect: new DataApiDialect(fake.config) });
  try {
    const first = await migrateToLatest(db);
    expect(first.applied).toContain('0007_anomalies');
    expect(fake.statements.some((s) => /CREATE TABLE accounts/.test(s.sql))).toBe(true);
    // the fake runs each call as one prepared statement, which PostgreSQL refuses for multi-statement text
    expect(fake.statements.filter((s) => /^\s*(--[^\n]*\n\s*)*CREATE/i.test(s.sql)).length).toBeGreaterThan(60);
    expect(await migrateToLatest(db)).toEqual({ applied: [], alreadyApplied: first.applied.length });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'activity_events'`.execute(db);
    expect(rows[0]!.n).toBe(1);
  } finally {
    await db.destroy();
    fake.mock.restore();
    await pglite.close();
  }
});
