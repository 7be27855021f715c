// Chunking of the bulk writer's JSON parameter by rows and by bytes, and the attribute hash.
import { jsonChunks } from '../../../receiver/load/bulk.js';
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
