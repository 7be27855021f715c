// Rows travel as one array literal per column, expanded by unnest (bulk.ts). What goes in must
// come out of PostgreSQL exactly: hostile text, NULL next to the string "NULL", JSON, text arrays.
import { CompiledQuery } from 'kysely';
import { rowChunks, rowset } from '../../../receiver/load/bulk.js';
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
  'emoji 😀 and é 日本',
  '  padded  ',
  'x'.repeat(100_000),
];

describeEachDatabase('rows as array literals through unnest', (get) => {
  test('every value comes back exactly as it went in', async () => {
    const rows = hostile.map((t, i) => ({
      t,
      n: [0, -1.5e-7, 1234567890123456, 3.25, 1e21][i % 5],
      b: i % 3 === 0 ? null : i % 2 === 0,
      j: i % 4 === 0 ? null : { text: t, list: [t, null, 1], nested: { '"k"': t } },
      a: i % 5 === 0 ? null : [t, 'NULL', '', null, '{x}'],
      d: '2026-11-20',
      ts: '2026-11-20T06:12:00.000Z',
    }));
    rows.push({ t: null as unknown as string, n: undefined as unknown as number, b: null, j: 'a JSON string' as never, a: [], d: null as unknown as string, ts: null as unknown as string });
    const chunks = [...rowChunks(rows, COLUMNS, { maxRows: 7, maxBytes: 1 << 20 })];
    expect(chunks.length).toBeGreaterThan(1);
    const back: Record<string, unknown>[] = [];
    for (const chunk of chunks) {
      const result = await get().db.executeQuery<Record<string, unknown>>(
        CompiledQuery.raw(`select t, n::text as n, b, j, a, d::text as d, to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts from ${rowset(COLUMNS)}`, chunk.params),
      );
      back.push(...result.rows);
    }
    const numeric = (v: number | undefined) => (v === undefined ? null : v === 1e21 ? '1000000000000000000000' : v === -1.5e-7 ? '-0.00000015' : String(v));
    expect(back).toEqual(rows.map((r) => ({ t: r.t, n: numeric(r.n), b: r.b, j: r.j, a: r.a, d: r.d, ts: r.ts })));
  });
});
