// Rows travel as one array literal per column, expanded by unnest, or as COPY data (bulk.ts). What
// goes in must come out of PostgreSQL exactly either way: hostile text, NULL next to the string
// "NULL", JSON, text arrays.
import { CompiledQuery } from 'kysely';
import { copyFromStdin } from '../../../db/copy.js';
import { copyEscape, literalDefault, rowChunks, rowset, type CopyField } from '../../../receiver/load/bulk.js';
import type { CatalogColumn } from '../../../receiver/load/catalog.js';
import { describeEachDatabase } from '../../support/databases.js';

const column = (name: string, type: string): CatalogColumn => ({ name, type, notNull: false, defaultExpr: null, generated: false, identity: false });
const COLUMNS = [column('t', 'text'), column('n', 'numeric'), column('b', 'boolean'), column('j', 'jsonb'), column('a', 'text[]'), column('d', 'date'), column('ts', 'timestamp with time zone')];

const hostile = [
  '',
  ' ',
  'NULL',
  'null',
  '"',
  '\\',
  '\\"',
  '{}',
  '{a,b}',
  'a,b',
  '(1,2)',
  "'; drop table accounts; --",
  'line\nbreak\ttab\rreturn',
  '\\.',
  '\\N',
  '\t',
  'back\\slash\\n not a newline',
  'bell \u0007 and escape \u001b',
  'emoji 😀 and é 日本',
  '  padded  ',
  'x'.repeat(100_000),
];

function hostileRows(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = hostile.map((t, i) => ({
    t,
    n: [0, -1.5e-7, 1234567890123456, 3.25, 1e21][i % 5],
    b: i % 3 === 0 ? null : i % 2 === 0,
    j: i % 4 === 0 ? null : { text: t, list: [t, null, 1], nested: { '"k"': t } },
    a: i % 5 === 0 ? null : [t, 'NULL', '', null, '{x}'],
    d: '2026-11-20',
    ts: '2026-11-20T06:12:00.000Z',
  }));
  rows.push({ t: null, n: undefined, b: null, j: 'a JSON string', a: [], d: null, ts: null });
  return rows;
}

const numeric = (v: unknown) => (v === undefined ? null : v === 1e21 ? '1000000000000000000000' : v === -1.5e-7 ? '-0.00000015' : String(v));
const expected = (rows: Record<string, unknown>[]) => rows.map((r) => ({ t: r.t, n: numeric(r.n), b: r.b, j: r.j, a: r.a, d: r.d, ts: r.ts }));
const CONSTANT = "it's \\ 1\tand a tab";
const READ_BACK = `t, n::text as n, b, j, a, d::text as d, to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts`;

describeEachDatabase('rows as array literals through unnest, and as COPY data', (get) => {
  test('every value comes back exactly as it went in, through unnest', async () => {
    const rows = hostileRows();
    const chunks = [...rowChunks(rows, COLUMNS, { maxRows: 7, maxBytes: 1 << 20 })];
    expect(chunks.length).toBeGreaterThan(1);
    const back: Record<string, unknown>[] = [];
    for (const chunk of chunks) {
      const result = await get().db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`select ${READ_BACK} from ${rowset(COLUMNS)}`, chunk.params));
      back.push(...result.rows);
    }
    expect(back).toEqual(expected(rows));
  });

  test('every value comes back exactly as it went in, through COPY; a constant and a literal default fill their columns', async () => {
    const rows = hostileRows();
    const { db } = get();
    await db.executeQuery(CompiledQuery.raw(`create table copied (seq serial, k text not null, t text, n numeric, b boolean, j jsonb, a text[], d date, ts timestamptz, cur text not null default 'USD', flag boolean not null default false)`));
    // the table's columns: k a constant, t … ts from the chunk, cur and flag NULL in every row (their defaults)
    const extra = [column('cur', 'text'), column('flag', 'boolean')];
    const fields: CopyField[] = [
      { text: copyEscape(CONSTANT) },
      ...COLUMNS.map((_, i) => ({ column: i, nullText: '\\N' })),
      { column: COLUMNS.length, nullText: literalDefault("'USD'::text")! },
      { column: COLUMNS.length + 1, nullText: literalDefault('false')! },
    ];
    const chunks = [...rowChunks(rows, [...COLUMNS, ...extra], { maxRows: 7, maxBytes: 1 << 20 })];
    expect(chunks.length).toBeGreaterThan(1);
    const sql = copyFromStdin('copied', ['k', ...COLUMNS.map((c) => c.name), 'cur', 'flag']);
    await db.transaction().execute(async (trx) => {
      for (const chunk of chunks) await trx.executeQuery(CompiledQuery.raw(sql, [chunk.copyText(fields)]));
    });
    const back = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`select ${READ_BACK}, k, cur, flag from copied order by seq`));
    expect(back.rows).toEqual(expected(rows).map((r) => ({ ...r, k: CONSTANT, cur: 'USD', flag: false })));
  });

  test('a literal default is read as COPY reads it; any other expression has none', () => {
    expect(literalDefault("'USD'::character varying")).toBe('USD');
    expect(literalDefault("'{}'::text[]")).toBe('{}');
    expect(literalDefault("'it''s'::text")).toBe("it's");
    expect(literalDefault("'a\\b'::text")).toBe('a\\\\b');
    expect(literalDefault("'x'::numeric(20,10)")).toBe('x');
    expect(literalDefault('0')).toBe('0');
    expect(literalDefault('-1.5')).toBe('-1.5');
    expect(literalDefault('false')).toBe('false');
    expect(literalDefault('now()')).toBeUndefined();
    expect(literalDefault("nextval('x_seq'::regclass)")).toBeUndefined();
    expect(literalDefault("('a'::text || 'b'::text)")).toBeUndefined();
  });
});
