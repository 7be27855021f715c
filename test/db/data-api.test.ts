// The RDS Data API dialect, run for real: the mocked RDSDataClient executes every statement on an
// in-memory PGlite database and answers in the Data API's wire shapes (see test/support/data-api-fake.ts).
import {
  BadRequestException,
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import type { ExecuteStatementCommandInput } from '@aws-sdk/client-rds-data';
import { PGlite } from '@electric-sql/pglite';
import { AbortedTransactionError, Kysely, sql } from 'kysely';
import type { ColumnType, Generated } from 'kysely';
import { DataApiDialect, DataApiError, dataApiTyped, parseDataApiTimestamp, toNamedParameters } from '../../db/dialects/data-api.js';
import type { DataApiTypedValue } from '../../db/dialects/data-api.js';
import { classifyError } from '../../receiver/errors.js';
import { installDataApiOnPglite } from '../support/data-api-fake.js';
import type { DataApiFake } from '../support/data-api-fake.js';

interface TestDb {
  item: {
    id: Generated<number>;
    name: string;
    payload: ColumnType<unknown, object, object>;
    // Strings need a type hint to reach date/numeric columns through the Data API.
    day: ColumnType<string, DataApiTypedValue | Date, DataApiTypedValue | Date>;
    amount: ColumnType<string, DataApiTypedValue, DataApiTypedValue>;
    at: Date;
    flag: boolean;
    note: string | null;
  };
  bulk: { a: number; b: string };
}

let pglite: PGlite;
let fake: DataApiFake;
let db: Kysely<TestDb>;

/** Inputs of the ExecuteStatement calls made so far (since the last resetHistory). */
const executed = (): ExecuteStatementCommandInput[] => fake.mock.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input);

beforeAll(async () => {
  pglite = await PGlite.create();
  fake = installDataApiOnPglite(pglite);
  db = new Kysely<TestDb>({ dialect: new DataApiDialect(fake.config) });
  await sql`create table item (
    id serial primary key,
    name text not null,
    payload jsonb not null,
    day date not null,
    amount numeric(20, 10) not null,
    at timestamptz not null,
    flag boolean not null,
    note text null
  )`.execute(db);
  await sql`create table bulk (a int primary key, b text not null)`.execute(db);
});

afterAll(async () => {
  await db.destroy();
  fake.mock.restore();
  await pglite.close();
});

beforeEach(async () => {
  await pglite.exec('truncate item, bulk restart identity');
  fake.mock.resetHistory();
});

const newItem = (name: string) => ({
  name,
  payload: { tags: ['a', 'b'], nested: { n: 1.5, ok: true }, none: null },
  day: dataApiTyped('2024-02-29', 'DATE'),
  amount: dataApiTyped('12345.6789012345', 'DECIMAL'),
  at: new Date('2024-03-10T12:34:56.789Z'),
  flag: true,
  note: null,
});

describe('DataApiDialect round trip', () => {
  test('insert and read back decodes every column type like node-postgres would', async () => {
    const inserted = await db.insertInto('item').values(newItem('first')).returning('id').executeTakeFirstOrThrow();
    expect(inserted.id).toBe(1);

    const row = await db.selectFrom('item').selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow();
    expect(row).toEqual({
      id: 1,
      name: 'first',
      payload: { tags: ['a', 'b'], nested: { n: 1.5, ok: true }, none: null },
      day: '2024-02-29',
      amount: '12345.6789012345',
      at: new Date('2024-03-10T12:34:56.789Z'),
      flag: true,
      note: null,
    });
    expect(row.at).toBeInstanceOf(Date);

    // The wire format really is the Data API's: named params, hints, UTC timestamp text.
    const insert = executed()[0];
    expect(insert?.sql).toMatch(/values \(:p1, :p2, :p3, :p4, :p5, :p6, :p7\) returning "id"$/);
    expect(insert).toMatchObject({ includeResultMetadata: true, formatRecordsAs: 'NONE', database: 'orgpulse' });
    expect(insert?.parameters).toEqual([
      { name: 'p1', value: { stringValue: 'first' } },
      { name: 'p2', value: { stringValue: JSON.stringify(newItem('x').payload) }, typeHint: 'JSON' },
      { name: 'p3', value: { stringValue: '2024-02-29' }, typeHint: 'DATE' },
      { name: 'p4', value: { stringValue: '12345.6789012345' }, typeHint: 'DECIMAL' },
      { name: 'p5', value: { stringValue: '2024-03-10 12:34:56.789' }, typeHint: 'TIMESTAMP' },
      { name: 'p6', value: { booleanValue: true } },
      { name: 'p7', value: { isNull: true } },
    ]);
  });

  test('maps every parameter kind and decodes the matching result types', async () => {
    const at = new Date('2001-02-03T04:05:06.007Z');
    const uuid = '6f1c1f3e-2b9a-4c1e-9a57-0d4f3c2b1a00';
    const { rows } = await sql<Record<string, unknown>>`select
        ${null}::text as n, ${false} as b, ${42} as i, ${1.25} as d, ${10n} as small_big,
        ${2n ** 63n - 1n}::int8 as huge, ${'s'} as s, ${at} as ts, ${Buffer.from([1, 2, 255])} as blob,
        ${{ a: [1, { b: 2 }] }} as obj, ${[1, 'two']} as arr, ${dataApiTyped(uuid, 'UUID')} as u,
        ${dataApiTyped(null, 'DATE')} as null_day, count(*) as cnt, 9007199254740993::int8 as unsafe,
        array[1, 2, null]::int4[] as ints, array[['a', 'b'], ['c', null]]::text[] as texts,
        '2024-01-01 10:00:00.5+02'::timestamptz as tz, 0.1::float4 as f4`.execute(db);

    expect(executed()[0]?.parameters).toEqual([
      { name: 'p1', value: { isNull: true } },
      { name: 'p2', value: { booleanValue: false } },
      { name: 'p3', value: { longValue: 42 } },
      { name: 'p4', value: { doubleValue: 1.25 } },
      { name: 'p5', value: { longValue: 10 } },
      { name: 'p6', value: { stringValue: '9223372036854775807' }, typeHint: 'DECIMAL' },
      { name: 'p7', value: { stringValue: 's' } },
      { name: 'p8', value: { stringValue: '2001-02-03 04:05:06.007' }, typeHint: 'TIMESTAMP' },
      { name: 'p9', value: { blobValue: new Uint8Array([1, 2, 255]) } },
      { name: 'p10', value: { stringValue: '{"a":[1,{"b":2}]}' }, typeHint: 'JSON' },
      { name: 'p11', value: { stringValue: '[1,"two"]' }, typeHint: 'JSON' },
      { name: 'p12', value: { stringValue: uuid }, typeHint: 'UUID' },
      { name: 'p13', value: { isNull: true }, typeHint: 'DATE' },
    ]);
    expect(rows).toEqual([
      {
        n: null,
        b: false,
        i: 42,
        d: 1.25,
        small_big: 10,
        huge: '9223372036854775807',
        s: 's',
        ts: at,
        blob: Buffer.from([1, 2, 255]),
        obj: { a: [1, { b: 2 }] },
        arr: [1, 'two'],
        u: uuid,
        null_day: null,
        cnt: 1,
        unsafe: '9007199254740993',
        ints: [1, 2, null],
        texts: [
          ['a', 'b'],
          ['c', null],
        ],
        tz: new Date('2024-01-01T08:00:00.500Z'),
        f4: 0.1,
      },
    ]);
  });

  test('numAffectedRows comes from numberOfRecordsUpdated, or the returned rows with RETURNING', async () => {
    const inserted = await db
      .insertInto('item')
      .values([newItem('a'), newItem('b'), newItem('c')])
      .executeTakeFirstOrThrow();
    expect(inserted.numInsertedOrUpdatedRows).toBe(3n);

    const updated = await db.updateTable('item').set({ note: 'x' }).where('name', '!=', 'a').executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(2n);

    // The service reports 0 updated records when a statement returns rows.
    const returning = await sql<{ id: number }>`update item set flag = false returning id`.execute(db);
    expect(returning.rows).toHaveLength(3);
    expect(returning.numAffectedRows).toBe(3n);

    const deleted = await db.deleteFrom('item').where('name', '=', 'c').executeTakeFirstOrThrow();
    expect(deleted.numDeletedRows).toBe(1n);

    const selected = await sql`select 1 as x`.execute(db);
    expect(selected.numAffectedRows).toBeUndefined();
  });

  test('an un-hinted string into a date column fails like on AWS, with SQL, SQLSTATE and cause', async () => {
    const error: unknown = await db
      .insertInto('item')
      .values({ ...newItem('bad'), day: '2024-01-01' as unknown as Date })
      .execute()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataApiError);
    const e = error as DataApiError;
    expect(e.message).toContain('column "day" is of type date but expression is of type character varying');
    expect(e.message).toContain('insert into "item" ("name", "payload", "day"');
    expect(e.code).toBe('42804');
    expect(e.cause).toBeInstanceOf(BadRequestException);
  });
});

test('the Postgres introspector works over the Data API', async () => {
  const tables = await db.introspection.getTables();
  const item = tables.find((t) => t.name === 'item');
  expect(tables.map((t) => t.name).sort()).toEqual(['bulk', 'item']);
  expect(item?.columns.find((c) => c.name === 'amount')).toMatchObject({ dataType: 'numeric', isNullable: false });
  expect(item?.columns.find((c) => c.name === 'id')).toMatchObject({ isAutoIncrementing: true });
});

describe('transactions', () => {
  test('a transaction that throws is rolled back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('item').values(newItem('doomed')).execute();
        // Visible inside the transaction…
        expect(await trx.selectFrom('item').select('name').execute()).toEqual([{ name: 'doomed' }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    expect(await db.selectFrom('item').select('name').execute()).toEqual([]);
    expect(fake.mock).toHaveReceivedCommandTimes(BeginTransactionCommand, 1);
    expect(fake.mock).toHaveReceivedCommandTimes(RollbackTransactionCommand, 1);
    expect(fake.mock).toHaveReceivedCommandTimes(CommitTransactionCommand, 0);
    const transactionId = fake.mock.commandCalls(RollbackTransactionCommand)[0]?.args[0].input.transactionId;
    expect(transactionId).toEqual(expect.any(String));
    const inTransaction = executed().filter((input) => input.transactionId === transactionId);
    expect(inTransaction).toHaveLength(2);
  });

  test('a committed transaction is visible', async () => {
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('item').values(newItem('kept')).returning('id').executeTakeFirstOrThrow();
      await trx.updateTable('item').set({ note: 'committed' }).where('id', '=', row.id).execute();
      return row.id;
    });

    expect(await db.selectFrom('item').select(['id', 'note']).execute()).toEqual([{ id, note: 'committed' }]);
    expect(fake.mock).toHaveReceivedCommandTimes(CommitTransactionCommand, 1);
    expect(fake.mock).toHaveReceivedCommandTimes(RollbackTransactionCommand, 0);
    const [commit] = fake.mock.commandCalls(CommitTransactionCommand);
    expect(executed().slice(0, 2).every((input) => input.transactionId === commit?.args[0].input.transactionId)).toBe(true);
  });

  test('committing after a swallowed statement error reports an aborted transaction', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('item').values(newItem('lost')).execute();
        await sql`select 1 / 0`.execute(trx).catch(() => undefined);
      }),
    ).rejects.toBeInstanceOf(AbortedTransactionError);
    expect(await db.selectFrom('item').select('name').execute()).toEqual([]);
    expect(fake.mock).toHaveReceivedCommandTimes(CommitTransactionCommand, 1);
  });

  test('isolation level and savepoints work through the Data API transaction', async () => {
    const trx = await db.startTransaction().setIsolationLevel('serializable').execute();
    const { rows } = await sql<{ level: string }>`select current_setting('transaction_isolation') as level`.execute(trx);
    expect(rows).toEqual([{ level: 'serializable' }]);

    await trx.insertInto('item').values(newItem('kept')).execute();
    const sp = await trx.savepoint('sp1').execute();
    await sp.insertInto('item').values(newItem('undone')).execute();
    await sql`select 1 / 0`.execute(sp).catch(() => undefined);
    const back = await sp.rollbackToSavepoint('sp1').execute();
    await back.commit().execute();

    expect(await db.selectFrom('item').select('name').execute()).toEqual([{ name: 'kept' }]);
  });
});

describe('placeholders', () => {
  test('toNamedParameters only rewrites real placeholders', () => {
    expect(toNamedParameters('select $1, $2::int, $12')).toBe('select :p1, :p2::int, :p12');
    expect(toNamedParameters(`select '$1', 'it''s $2', E'\\'$3', "col$4", "a""$5"`)).toBe(
      `select '$1', 'it''s $2', E'\\'$3', "col$4", "a""$5"`,
    );
    expect(toNamedParameters('select $$ $1 $$, $fn$ body $2 $x$ $3 $fn$, $4')).toBe('select $$ $1 $$, $fn$ body $2 $x$ $3 $fn$, :p4');
    expect(toNamedParameters('select 1 -- $1\n, /* $2 /* nested $3 */ $4 */ $5')).toBe('select 1 -- $1\n, /* $2 /* nested $3 */ $4 */ :p5');
    expect(toNamedParameters('select a$1, x from t where y = $01')).toBe('select a$1, x from t where y = :p1');
    // Not an E-string: the backslash is literal and the quote closes the string.
    expect(toNamedParameters(`select 'a\\', $1`)).toBe(`select 'a\\', :p1`);
    expect(toNamedParameters(`select ne'x', $1`)).toBe(`select ne'x', :p1`);
    expect(toNamedParameters('select 1')).toBe('select 1');
  });

  test('literals and dollar-quoted bodies containing $1 reach the database untouched', async () => {
    const { rows } = await sql<Record<string, string>>`select '$1' as lit, $$ $1 $$ as body, $t$'$2'$t$ as tagged, ${'value'} as p`.execute(db);
    expect(rows).toEqual([{ lit: '$1', body: ' $1 ', tagged: "'$2'", p: 'value' }]);
    expect(executed()[0]?.sql).toBe(`select '$1' as lit, $$ $1 $$ as body, $t$'$2'$t$ as tagged, :p1 as p`);
  });
});

describe('bulk loading through one JSON parameter', () => {
  const upsert = (rows: { a: number; b: string }[]) => sql`
    insert into bulk (a, b)
    select a, b from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(a int, b text)
    on conflict (a) do update set b = excluded.b`;

  test('1,000 rows insert, then upsert, in one statement each', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ a: i, b: `row ${i} 'quoted' $1 "x"` }));
    const first = await upsert(rows).execute(db);
    expect(first.numAffectedRows).toBe(1000n);
    expect(await db.selectFrom('bulk').select('b').where('a', '=', 7).execute()).toEqual([{ b: `row 7 'quoted' $1 "x"` }]);

    const second = await upsert(rows.map((r) => ({ ...r, b: `v2 ${r.a}` }))).execute(db);
    expect(second.numAffectedRows).toBe(1000n);

    const stats = await sql<{ n: number; sample: string; quoted: number }>`
      select count(*) as n, max(b) filter (where a = 999) as sample,
             count(*) filter (where b like '%quoted%') as quoted
      from bulk`.execute(db);
    expect(stats.rows).toEqual([{ n: 1000, sample: 'v2 999', quoted: 0 }]);
    expect(fake.mock).toHaveReceivedCommandTimes(ExecuteStatementCommand, 4);
  });

  test('an array parameter is sent as a JSON-hinted value', async () => {
    const rows = [
      { a: 1, b: 'one' },
      { a: 2, b: 'two' },
    ];
    // A JSON hint reaches PostgreSQL as json, so jsonb functions need the explicit cast.
    await sql`insert into bulk (a, b) select a, b from jsonb_to_recordset(${rows}::jsonb) as t(a int, b text)`.execute(db);
    expect(await db.selectFrom('bulk').selectAll().orderBy('a').execute()).toEqual(rows);
    expect(executed()[0]?.parameters?.[0]?.typeHint).toBe('JSON');
  });
});

describe('Data API limits', () => {
  test('a response over 1 MiB fails with a paging hint and keeps the service error as cause', async () => {
    const error: unknown = await sql`select repeat('x', 600000) as a, repeat('y', 600000) as b`.execute(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataApiError);
    expect((error as Error).message).toMatch(/returned more than 1 MiB.*page it/);
    expect((error as Error).message).toContain("select repeat('x', 600000)");
    expect((error as Error).cause).toBeInstanceOf(BadRequestException);
  });

  test('a request over 4 MiB is refused before it is sent, as a limit no retry lifts', async () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    const error: unknown = await sql`select length(${big}) as n`.execute(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataApiError);
    expect((error as Error).message).toMatch(/over the 4 MiB request limit/);
    // SQLSTATE program_limit_exceeded: the receiver rejects the file instead of retrying it forever
    expect((error as DataApiError).code).toBe('54000');
    expect(classifyError(error)).toEqual({ kind: 'content', reason: 'database_rejected', code: '54000' });
    expect(fake.mock).toHaveReceivedCommandTimes(ExecuteStatementCommand, 0);
  });

  test('the SQL in error messages is cut to 200 characters', async () => {
    const longSql = `select ${Array.from({ length: 100 }, (_, i) => `${i} as c${i}`).join(', ')} from missing_table`;
    const error = (await sql.raw(longSql).execute(db).catch((e: unknown) => e)) as DataApiError;
    expect(error.message).toContain('relation "missing_table" does not exist');
    expect(error.sql).toBe(`${longSql.slice(0, 200)}…`);
    expect(error.code).toBe('42P01');
  });

  test('streaming is refused', async () => {
    await expect(db.selectFrom('item').selectAll().stream().next()).rejects.toThrow(/not supported/);
  });
});

test('parseDataApiTimestamp handles the service formats', () => {
  expect(parseDataApiTimestamp('2022-04-06 22:58:48.99')).toEqual(new Date('2022-04-06T22:58:48.990Z'));
  expect(parseDataApiTimestamp('2022-04-06 22:58:48')).toEqual(new Date('2022-04-06T22:58:48.000Z'));
  expect(parseDataApiTimestamp('2022-04-06 22:58:48.123456')).toEqual(new Date('2022-04-06T22:58:48.123Z'));
  expect(parseDataApiTimestamp('2022-04-06 22:58:48+05:30')).toEqual(new Date('2022-04-06T17:28:48.000Z'));
  expect(parseDataApiTimestamp('0099-01-01 00:00:00')).toEqual(new Date('0099-01-01T00:00:00.000Z'));
  expect(parseDataApiTimestamp('infinity')).toBe('infinity');
});
