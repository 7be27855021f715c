// attr_hash of a state-table version: a hash of its attribute columns, computed here (not in SQL)
// so an unchanged item is recognised without reading its attributes back.
import { hash } from 'node:crypto';
import { stateBookkeepingColumns, stateVolatileColumns, type StateTable } from '../../db/keys.js';
import type { CatalogColumn, TableInfo } from './catalog.js';
import type { Row } from './types.js';

/** Attribute columns of a state table: everything but bookkeeping, the item key and volatile observations, by name. */
export function attributeColumns(info: TableInfo, key: readonly string[]): CatalogColumn[] {
  const volatile = stateVolatileColumns[info.name as StateTable] ?? [];
  const skip = new Set<string>([...stateBookkeepingColumns, ...key, ...volatile]);
  return info.insertable.filter((c) => !skip.has(c.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Whether the keys of every object inside are already in sorted order (the common case: nothing to copy). */
function sortedThroughout(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(sortedThroughout);
  if (value === null || typeof value !== 'object') return true;
  let previous: string | undefined;
  for (const k in value) {
    if (previous !== undefined && k < previous) return false;
    previous = k;
    if (!sortedThroughout((value as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** JSON value with object keys sorted at every level, so `{a,b}` and `{b,a}` hash the same. */
function canonical(value: unknown): unknown {
  if (sortedThroughout(value)) return value;
  return sortedCopy(value);
}

function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj).sort()) out[k] = sortedCopy(obj[k]);
    return out;
  }
  return value;
}

type Normalizer = (value: unknown) => unknown;

/** An instant already written as toISOString() writes it. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const asInstant: Normalizer = (value) => {
  if (typeof value !== 'string') return value ?? null;
  if (ISO_UTC.test(value)) return value;
  // '…T06:12:00Z' and '…T06:12:00.000Z' are the same instant.
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString();
};
const asJson: Normalizer = (value) => (value === undefined || value === null ? null : canonical(value));
const asIs: Normalizer = (value) => value ?? null;

function normalizer(col: CatalogColumn): Normalizer {
  if (col.type === 'timestamp with time zone') return asInstant;
  if (col.type === 'jsonb' || col.type === 'json') return asJson;
  return asIs;
}

export interface AttrHasher {
  (row: Row): string;
}

/** Stable hash of the attribute values: same attributes, same hash, whatever the key order. */
export function attrHasher(columns: readonly CatalogColumn[]): AttrHasher {
  const names = columns.map((c) => c.name);
  const normalizers = columns.map(normalizer);
  return (row) => {
    const values = new Array<unknown>(names.length);
    for (let i = 0; i < names.length; i++) values[i] = normalizers[i]!(row[names[i]!]);
    return hash('sha256', JSON.stringify(values), 'base64url');
  };
}

export function attrHash(row: Row, columns: readonly CatalogColumn[]): string {
  return attrHasher(columns)(row);
}
