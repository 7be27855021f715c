// Loads everything pending under a prefix: per account in date order (so in-order loads are the
// common case), accounts side by side up to a concurrency limit.
import pLimit from 'p-limit';
import pino, { type Logger } from 'pino';
import type { OrgPulseDb } from '../db/open.js';
import { DATA_PREFIX, parseObjectKey } from './keys.js';
import { processObject, type FileStatus, type ProcessResult } from './process-object.js';
import { createProgress, silentProgress } from './progress.js';
import type { SnapshotStorage } from './storage/index.js';

export interface ReceiveOptions {
  db: OrgPulseDb;
  storage: SnapshotStorage;
  /** Default 'data/'. */
  prefix?: string;
  /** Progress on stderr: a bar on a terminal, a line every N files otherwise. */
  progress?: boolean;
  /** Largest uncompressed snapshot accepted (default 100 MB). */
  maxBytes?: number;
  /** Accounts loaded side by side (default 4); one account's files are always loaded in order. */
  concurrency?: number;
  logger?: pino.Logger;
}

export interface ReceiveSummary {
  loaded: number;
  rejected: number;
  failed: number;
  duplicate: number;
  rowsByTable: Record<string, number>;
  totalRows: number;
  durationMs: number;
  rowsPerSecond: number;
  /** Every file, by key; `message` says what was wrong with a rejected or failed one. */
  files: { key: string; status: FileStatus; reason?: string; message?: string }[];
}

interface Pending {
  key: string;
  group: string;
  sort: string;
}

/** Account, then date, DAILY before MONTHLY; keys that do not parse go last (they will be rejected). */
export function orderKeys(keys: readonly string[]): Map<string, string[]> {
  const pending: Pending[] = keys.map((key) => {
    const parsed = parseObjectKey(key);
    if (!parsed.ok) return { key, group: '~unparsed', sort: key };
    const { accountId, date, interval, region } = parsed.info;
    return { key, group: accountId, sort: `${date}|${interval === 'DAILY' ? 0 : 1}|${region ?? ''}|${key}` };
  });
  pending.sort((a, b) => (a.group === b.group ? (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0) : a.group < b.group ? -1 : 1));
  const groups = new Map<string, string[]>();
  for (const p of pending) {
    const list = groups.get(p.group) ?? [];
    list.push(p.key);
    groups.set(p.group, list);
  }
  return groups;
}

export async function receiveAll(options: ReceiveOptions): Promise<ReceiveSummary> {
  const started = performance.now();
  const prefix = options.prefix ?? DATA_PREFIX;
  const logger: Logger = options.logger ?? pino({ level: 'silent' });
  const keys: string[] = [];
  for await (const object of options.storage.list(prefix)) {
    // Our own error reports never live under data/, but a prefix like '' would list them.
    if (!object.key.endsWith('.error.json') && !object.key.endsWith('.part')) keys.push(object.key);
  }
  const groups = orderKeys(keys);
  const progress = options.progress ? createProgress() : silentProgress;
  progress.start(keys.length);
  logger.info({ bucket: options.storage.description, prefix, files: keys.length, accounts: groups.size }, 'receiving');
  const results: ProcessResult[] = [];
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  try {
    await Promise.all(
      [...groups.values()].map((groupKeys) =>
        limit(async () => {
          for (const key of groupKeys) {
            const once = (): Promise<ProcessResult> =>
              processObject({ db: options.db, storage: options.storage, key, logger, ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) });
            let result = await once();
            // A deadlock or serialization failure between two accounts' loads: worth one more try now.
            if (result.status === 'failed' && result.reason === 'transaction_conflict') result = await once();
            results.push(result);
            progress.tick(result);
          }
        }),
      ),
    );
  } finally {
    progress.stop();
  }
  return summarize(results, performance.now() - started);
}

export function summarize(results: readonly ProcessResult[], durationMs: number): ReceiveSummary {
  const summary: ReceiveSummary = { loaded: 0, rejected: 0, failed: 0, duplicate: 0, rowsByTable: {}, totalRows: 0, durationMs, rowsPerSecond: 0, files: [] };
  for (const r of results) {
    summary[r.status]++;
    for (const [table, n] of Object.entries(r.rowsByTable)) summary.rowsByTable[table] = (summary.rowsByTable[table] ?? 0) + n;
    summary.totalRows += r.totalRows;
    summary.files.push({ key: r.key, status: r.status, ...(r.reason ? { reason: r.reason } : {}), ...(r.message && r.status !== 'loaded' ? { message: r.message } : {}) });
  }
  summary.files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  summary.rowsPerSecond = durationMs > 0 ? Math.round((summary.totalRows * 1000) / durationMs) : 0;
  return summary;
}
