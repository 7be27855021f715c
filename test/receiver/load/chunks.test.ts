// Chunking of the bulk writer's JSON parameter by rows and by bytes, and the attribute hash.
import { UpsertChunker, rowChunks } from '../../../receiver/load/bulk.js';
import { attrHash } from '../../../receiver/load/hash.js';
import type { CatalogColumn } from '../../../receiver/load/catalog.js';

const column = (name: string, type: string): CatalogColumn => ({ name, type, notNull: false, defaultExpr: null, generated: false, identity: false });
const I = [column('i', 'integer')];
const K = [column('k', 'text'), column('v', 'integer')];
/** A literal of plain elements (no escapes) as a JS array; every element is quoted, numbers too. */
const elements = (literal: string): unknown[] => JSON.parse(`[${literal.slice(1, -1)}]`) as unknown[];

describe('rowChunks', () => {
  test('splits by rows and keeps every row once, in order, one array literal per column', () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ i }));
    const chunks = [...rowChunks(rows, I, { maxRows: 10, maxBytes: 1 << 20 })];
    expect(chunks.map((c) => c.rows)).toEqual([10, 10, 5]);
    expect(chunks.flatMap((c) => elements(c.params[0]!))).toEqual(rows.map((r) => String(r.i)));
  });

  test('splits by a bound on the UTF-8 bytes of the parameters (3 per code unit); a row bigger than the limit travels alone', () => {
    const S = [column('s', 'text')];
    const rows = [{ s: 'é'.repeat(300) }, { s: 'x' }, { s: '😀'.repeat(1000) }, { s: 'y' }, { s: '日本'.repeat(200) }];
    const chunks = [...rowChunks(rows, S, { maxRows: 100, maxBytes: 1000 })];
    expect(chunks.map((c) => c.rows)).toEqual([2, 1, 1, 1]);
    for (const c of chunks) {
      expect(Buffer.byteLength(c.params.join(''))).toBeLessThanOrEqual(c.bytes);
      if (c.rows > 1) expect(c.bytes).toBeLessThanOrEqual(1000);
    }
    expect(chunks.flatMap((c) => elements(c.params[0]!))).toEqual(rows.map((r) => r.s));
  });

  test('the bound covers a Data API request: JSON escaping of quotes, backslashes and control characters (6 bytes each)', () => {
    const S = [column('s', 'text'), column('t', 'text')];
    const rows = Array.from({ length: 50 }, (_, i) => ({ s: '\u0001\u001f\n'.repeat(20 + i), t: '"\\'.repeat(10) }));
    const chunks = [...rowChunks(rows, S, { maxRows: 100, maxBytes: 4000 })];
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(Buffer.byteLength(JSON.stringify(c.params))).toBeLessThanOrEqual(c.bytes);
      if (c.rows > 1) expect(c.bytes).toBeLessThanOrEqual(4000);
    }
  });

  test('consumes a lazy source one chunk at a time (rows are built as they are written)', () => {
    let built = 0;
    function* source() {
      for (let i = 0; i < 25; i++) {
        built++;
        yield { i };
      }
    }
    const chunks = rowChunks(source(), I, { maxRows: 10, maxBytes: 1 << 20 });
    const first = chunks.next();
    expect(first.done).toBe(false);
    // the 11th row closes the first chunk; nothing further has been built yet
    expect(built).toBe(11);
    expect(elements(first.value!.params[0]!)).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    expect([...chunks].map((c) => c.rows)).toEqual([10, 5]);
    expect(built).toBe(25);
  });
});

describe('UpsertChunker', () => {
  test('a repeated key starts a new chunk (one statement never meets a key twice); repeats are counted', () => {
    const chunker = new UpsertChunker(K, undefined, { maxRows: 3, maxBytes: 1 << 20 });
    const out = [
      ...chunker.push({ k: 'a', v: 1 }, 'a'),
      ...chunker.push({ k: 'b', v: 2 }, 'b'),
      ...chunker.push({ k: 'a', v: 3 }, 'a'), // repeat inside the open chunk: it is cut first
      ...chunker.push({ k: 'c', v: 4 }, 'c'),
      ...chunker.push({ k: 'd', v: 5 }, 'd'),
      ...chunker.push({ k: 'b', v: 6 }, 'b'), // repeat of a key in an earlier chunk: no cut, the chunk is full anyway
    ];
    const last = chunker.flush();
    const chunks = [...out, ...(last ? [last] : [])].map((c) => c.params.map(elements));
    expect(chunks).toEqual([
      [['a', 'b'], ['1', '2']],
      [['a', 'c', 'd'], ['3', '4', '5']],
      [['b'], ['6']],
    ]);
    expect(chunker.repeats).toBe(2);
    expect([...chunker.seen]).toEqual(['a', 'b', 'c', 'd']);
  });

  test('chunks by rows as RowChunker does when no key repeats', () => {
    const chunker = new UpsertChunker(I, undefined, { maxRows: 10, maxBytes: 1 << 20 });
    const sizes: number[] = [];
    for (let i = 0; i < 25; i++) for (const c of chunker.push({ i }, String(i))) sizes.push(c.rows);
    sizes.push(chunker.flush()!.rows);
    expect(sizes).toEqual([10, 10, 5]);
    expect(chunker.repeats).toBe(0);
  });
});

describe('attrHash', () => {
  const col = column;
  const cols = [col('a', 'text'), col('at', 'timestamp with time zone'), col('tags', 'jsonb')];

  test('is stable across key order, instant spelling and undefined vs null', () => {
    const h = attrHash({ a: 'x', at: '2026-11-20T06:12:00Z', tags: { b: '1', a: '2' } }, cols);
    expect(attrHash({ tags: { a: '2', b: '1' }, at: '2026-11-20T06:12:00.000Z', a: 'x' }, cols)).toBe(h);
    expect(attrHash({ a: 'x', at: '2026-11-20T07:12:00+01:00', tags: { a: '2', b: '1' }, ignored: 1 }, cols)).toBe(h);
    expect(attrHash({ a: null }, cols)).toBe(attrHash({}, cols));
  });

  test('changes with any attribute value', () => {
    const base = { a: 'x', at: '2026-11-20T06:12:00Z', tags: {} };
    expect(attrHash({ ...base, a: 'y' }, cols)).not.toBe(attrHash(base, cols));
    expect(attrHash({ ...base, tags: { k: 'v' } }, cols)).not.toBe(attrHash(base, cols));
  });
});
