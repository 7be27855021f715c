// COPY FROM STDIN through kysely (db/copy.ts): openDatabase's node-postgres and PGlite (worker
// thread) and the tests' in-process PGlite carry it as COPY, inside a transaction, with
// PostgreSQL's errors; dialects that do not (the Data API, a plain PGlite dialect) say so.
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PGliteDialect } from 'kysely';
import { copyFromStdin, supportsCopy } from '../../db/copy.js';
import { DataApiDialect } from '../../db/dialects/data-api.js';
import { openDatabase, type OrgPulseDb } from '../../db/open.js';
import type { Database } from '../../db/schema.js';
import { classifyError } from '../../receiver/errors.js';
import { describeEachDatabase } from '../support/databases.js';
import { installDataApiOnPglite } from '../support/data-api-fake.js';

const COPY = copyFromStdin('copy_target', ['id', 'note']);

async function behavesAsCopy(db: OrgPulseDb): Promise<void> {
  await db.executeQuery(CompiledQuery.raw('create table copy_target (id int primary key, note text not null)'));
  expect(supportsCopy(db)).toBe(true);

  // committed: the rows are there, a backslash sequence read as COPY reads it
  await db.transaction().execute(async (trx) => {
    expect(supportsCopy(trx)).toBe(true);
    await trx.executeQuery(CompiledQuery.raw(COPY, ['1\tone\n2\ttab\\there\n']));
  });
  // rolled back: nothing of it stays
  const failed = await db
    .transaction()
    .execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw(COPY, ['3\tthree\n']));
      await trx.executeQuery(CompiledQuery.raw(COPY, ['4\tfour\n1\tduplicate\n']));
    })
    .catch((e: unknown) => e);
  // PostgreSQL's error with its SQLSTATE, as a failed INSERT's: the receiver classifies it the same way
  expect(failed).toMatchObject({ code: '23505' });
  expect(classifyError(failed).reason).toBe('database_rejected');
  const { rows } = await db.executeQuery<{ id: number; note: string }>(CompiledQuery.raw('select id, note from copy_target order by id'));
  expect(rows).toEqual([
    { id: 1, note: 'one' },
    { id: 2, note: 'tab\there' },
  ]);
}

describeEachDatabase('COPY FROM STDIN through kysely', (get) => {
  test('runs as COPY in a transaction, and fails and rolls back as any statement', async () => {
    await behavesAsCopy(get().db);
  });
});

describe('COPY FROM STDIN where it is and is not carried', () => {
  test('openDatabase PGlite (worker thread)', async () => {
    const db = await openDatabase('memory:');
    try {
      await behavesAsCopy(db);
    } finally {
      await db.destroy();
    }
  });

  test('a plain PGlite dialect and the Data API say they do not', async () => {
    const pglite = await PGlite.create();
    const plain = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    const fake = installDataApiOnPglite(pglite);
    const api = new Kysely<Database>({ dialect: new DataApiDialect(fake.config) });
    try {
      expect(supportsCopy(plain)).toBe(false);
      expect(supportsCopy(api)).toBe(false);
    } finally {
      await api.destroy();
      fake.mock.restore();
      await plain.destroy();
    }
  });
});
