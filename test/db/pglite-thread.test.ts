// openDatabase runs PGlite in a worker thread (db/pglite-thread.ts). What callers rely on must hold
// there as in process: PostgreSQL's errors with their SQLSTATE, transactions that roll back and
// keep other queries out until they end, pipelined statements in order, COPY through a blob.
import { sql } from 'kysely';
import { openDatabase, type OrgPulseDb } from '../../db/open.js';
import { PGliteThread } from '../../db/pglite-thread.js';
import { classifyError } from '../../receiver/errors.js';

describe('PGlite in a worker thread', () => {
  let db: OrgPulseDb;
  beforeAll(async () => {
    db = await openDatabase('memory:');
    await sql`create table t (id int primary key, note text not null, at date, amount numeric, big int8)`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
  });

  test('values come back with the types of every backend (date as text, numeric as text, int8 as number)', async () => {
    await sql`insert into t values (1, 'a', '2026-11-20', 12.50, 9007199254740)`.execute(db);
    const { rows } = await sql<{ at: unknown; amount: unknown; big: unknown; now: unknown }>`select at, amount, big, now() as now from t where id = 1`.execute(db);
    expect(rows[0]).toMatchObject({ at: '2026-11-20', amount: '12.50', big: 9007199254740 });
    // a Date of the main thread's realm (jest's test realm has its own Date constructor)
    expect(Object.prototype.toString.call(rows[0]!.now)).toBe('[object Date]');
  });

  test('an error keeps its SQLSTATE and fields, so that the receiver classifies it', async () => {
    const error = (await sql`insert into t values (1, 'again')`.execute(db).catch((e: unknown) => e)) as Error & { code?: string; constraint?: string };
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('23505');
    expect(error.constraint).toBe('t_pkey');
    expect(classifyError(error)).toMatchObject({ kind: 'content', reason: 'database_rejected', code: '23505' });
  });

  test('a failed transaction leaves nothing, and queries outside it wait for its end', async () => {
    let outside: Promise<unknown> | undefined;
    const attempt = db.transaction().execute(async (trx) => {
      await sql`insert into t values (2, 'in the transaction')`.execute(trx);
      // issued while the transaction is open: must not run inside it
      outside = sql`insert into t values (3, 'outside')`.execute(db);
      await sql`insert into t values (4, null)`.execute(trx); // not null violation
    });
    await expect(attempt).rejects.toMatchObject({ code: '23502' });
    await outside;
    const { rows } = await sql<{ id: number }>`select id from t where id in (2, 3, 4) order by id`.execute(db);
    expect(rows).toEqual([{ id: 3 }]);
  });

  test('statements sent without waiting run in the order sent', async () => {
    await db.transaction().execute(async (trx) => {
      await Promise.all(Array.from({ length: 50 }, (_, i) => sql`insert into t values (${100 + i}, ${`n${i}`})`.execute(trx)));
      await Promise.all(Array.from({ length: 50 }, (_, i) => sql`update t set note = note || '+' where id >= ${100 + i} and id < 150`.execute(trx)));
    });
    const { rows } = await sql<{ note: string }>`select note from t where id = 149`.execute(db);
    expect(rows[0]!.note).toBe(`n49${'+'.repeat(50)}`);
  });
});

test('COPY through a blob, both ways, and close() ends the thread', async () => {
  const thread = await PGliteThread.create();
  await thread.query('create table c (a int, b text)');
  await thread.query("copy c from '/dev/blob'", [], { blob: new Blob(['1\tone\n2\ttwo\n']) });
  const out = await thread.query("copy c to '/dev/blob'");
  expect(await out.blob!.text()).toBe('1\tone\n2\ttwo\n');
  await thread.close();
  expect(thread.closed).toBe(true);
  const error = (await thread.query('select 1').catch((e: unknown) => e)) as Error;
  expect(error.message).toMatch(/closed/);
  expect(classifyError(error)).toMatchObject({ kind: 'transient', reason: 'database_unavailable' });
});
