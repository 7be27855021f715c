// A local bucket in a temporary folder, and what the receiver tests check after every file.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { OrgPulseDb } from '../../../db/open.js';
import { LocalDirectoryStorage } from '../../../receiver/storage/index.js';

export class TestBucket {
  readonly root = mkdtempSync(join(tmpdir(), 'orgpulse-bucket-'));
  readonly storage = new LocalDirectoryStorage(this.root);

  put(key: string, content: string | Buffer): string {
    const path = join(this.root, ...key.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return key;
  }

  /** JSON, gzipped when the key ends in .gz. */
  putJson(key: string, doc: unknown): string {
    const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
    return this.put(key, key.endsWith('.gz') ? gzipSync(text) : text);
  }

  /** Every key in the bucket. */
  keys(): string[] {
    const out: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else out.push(relative(this.root, join(dir, e.name)).split('\\').join('/'));
      }
    };
    walk(this.root);
    return out.sort();
  }

  read(key: string): string {
    return readFileSync(join(this.root, ...key.split('/')), 'utf8');
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Where a file under data/ can end up; the tests assert it is in exactly one of these. */
export function whereIs(bucket: TestBucket, key: string): 'data' | 'loaded' | 'rejected' | 'missing' {
  const rest = key.replace(/^data\//, '');
  const keys = new Set(bucket.keys());
  const places = (['data', 'loaded', 'rejected'] as const).filter((p) => keys.has(`${p}/${rest}`));
  if (places.length > 1) throw new Error(`${key} is in ${places.join(' and ')}`);
  return places[0] ?? 'missing';
}

const SKIP = new Set(['ingestions', 'kysely_migration', 'kysely_migration_lock']);

/** A digest of every row of every table except ingestions: equal digests, nothing changed. */
export async function fingerprint(db: OrgPulseDb): Promise<Record<string, string>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (SKIP.has(name)) continue;
    const { rows } = await sql<{ digest: string | null; n: number }>`
      select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest, count(*)::int as n from ${sql.table(name)} t`.execute(db);
    out[name] = `${rows[0]!.n}:${rows[0]!.digest}`;
  }
  return out;
}

export interface IngestionRow {
  ingestion_id: number;
  object_key: string;
  status: string;
  reason: string | null;
  error: Record<string, unknown> | null;
  rows_by_table: Record<string, number>;
  unknown_fields: number;
  source_format: string | null;
  account_id: string | null;
  period_start: string | null;
  sha256: string | null;
  uncompressed_bytes: number | null;
  duration_ms: number | null;
}

export async function ingestions(db: OrgPulseDb, key?: string): Promise<IngestionRow[]> {
  let q = db.selectFrom('ingestions').selectAll().orderBy('ingestion_id');
  if (key) q = q.where('object_key', '=', key);
  return (await q.execute()) as unknown as IngestionRow[];
}
