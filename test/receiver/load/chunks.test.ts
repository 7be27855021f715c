// Chunking of the bulk writer's JSON parameter by rows and by bytes, and the attribute hash.
import { jsonChunks, lastOfEachKey, mapRows } from '../../../receiver/load/bulk.js';
import type { LoadContext } from '../../../receiver/load/context.js';
import { attrHash } from '../../../receiver/load/hash.js';
import type { CatalogColumn } from '../../../receiver/load/catalog.js';

describe('jsonChunks', () => {
  test('splits by rows and keeps every row once, in order', () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ i }));
    const chunks = [...jsonChunks(rows, { maxRows: 10, maxBytes: 1 << 20 })];
    expect(chunks.map((c) => c.rows)).toEqual([10, 10, 5]);
    expect(chunks.flatMap((c) => JSON.parse(c.json) as unknown[])).toEqual(rows);
  });

  test('splits by UTF-8 bytes; a row bigger than the limit travels alone', () => {
    const rows = [{ s: 'é'.repeat(400) }, { s: 'x' }, { s: '😀'.repeat(1000) }, { s: 'y' }];
    const chunks = [...jsonChunks(rows, { maxRows: 100, maxBytes: 1000 })];
    expect(chunks.map((c) => c.rows)).toEqual([2, 1, 1]);
    for (const c of chunks) {
      expect(Buffer.byteLength(c.json)).toBe(c.bytes);
      if (c.rows > 1) expect(c.bytes).toBeLessThanOrEqual(1000);
    }
    expect(chunks.flatMap((c) => JSON.parse(c.json) as unknown[])).toEqual(rows);
  });
  test('consumes a lazy source one chunk at a time (rows are built as they are written)', () => {
    let built = 0;
    function* source() {
      for (let i = 0; i < 25; i++) {
        built++;
        yield { i };
      }
    }
    const chunks = jsonChunks(source(), { maxRows: 10, maxBytes: 1 << 20 });
    const first = chunks.next();
    expect(first.done).toBe(false);
    // the 11th row closes the first chunk; nothing further has been built yet
    expect(built).toBe(11);
    expect(JSON.parse(first.value!.json)).toEqual(Array.from({ length: 10 }, (_, i) => ({ i })));
    expect([...chunks].map((c) => c.rows)).toEqual([10, 5]);
    expect(built).toBe(25);
  });
});

describe('lastOfEachKey and mapRows', () => {
  test('keep the last item of each key, in the order of the last occurrences, built again on demand', () => {
    const notes: string[] = [];
    const ctx = { stats: { note: (m: string) => notes.push(m) } } as unknown as LoadContext;
    const items = [{ k: 'a', v: 1 }, { k: 'b', v: 2 }, { k: 'a', v: 3 }, { k: 'c', v: 4 }];
    let calls = 0;
    const toRow = (item: { k: string; v: number }) => {
      calls++;
      return { key: item.k, value: item.v };
    };
    const unique = lastOfEachKey(ctx, 't', items, toRow, (r) => String(r.key));
    expect([...unique.entries()]).toEqual([['b', 1], ['a', 2], ['c', 3]]);
    expect(notes).toEqual(['t: 1 duplicate item(s) in the snapshot, the last of each kept']);
    expect(calls).toBe(4);
    const rows = mapRows(items, toRow, unique.values());
    expect(calls).toBe(4); // lazy: nothing built until consumed
    expect([...rows]).toEqual([{ key: 'b', value: 2 }, { key: 'a', value: 3 }, { key: 'c', value: 4 }]);
    expect(calls).toBe(7);
  });
});

describe('attrHash', () => {
  const col = (name: string, type: string): CatalogColumn => ({ name, type, notNull: false, defaultExpr: null, generated: false, identity: false });
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
