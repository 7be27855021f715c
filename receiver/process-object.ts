// The receiver's core, per file: read → validate → load in ONE transaction → move, or reject with
// a reason, or leave the file in place for a retry. Independent of Lambda and of the CLI.
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pino, { type Logger } from 'pino';
import type { OrgPulseDb } from '../db/open.js';
import { beginSnapshot } from './load/index.js';
import { readSnapshot, RestartWithHeldSections, type ReadFacts, type ReadSnapshotResult } from './document/read-snapshot.js';
import { RejectError, classifyError, errorMessage, sqlState, type FailReason, type RejectReason } from './errors.js';
import { finishIngestion, insertIngestion, latestLoad, lockObjectKey, recordOutcome, type IngestionFacts } from './ingestions.js';
import { errorReportKey, loadedKey, parseObjectKey, rejectedKey, type KeyInfo } from './keys.js';
import { spoolObject, type Spool } from './spool.js';
import { ObjectNotFoundError, type SnapshotStorage } from './storage/index.js';

/** 100 MB uncompressed. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

export type FileStatus = 'loaded' | 'rejected' | 'failed' | 'duplicate';

export interface ProcessOptions {
  db: OrgPulseDb;
  storage: SnapshotStorage;
  key: string;
  /** Largest uncompressed snapshot accepted (default 100 MB). */
  maxBytes?: number;
  logger?: Logger;
  /** Folder for the temporary copy of the file (default: a folder under the OS temp dir). */
  spoolDir?: string;
}

export interface ProcessResult {
  key: string;
  status: FileStatus;
  reason?: RejectReason | FailReason | 'already_processed' | 'same_content_loaded';
  message?: string;
  ingestionId?: number;
  /** True when the file stayed under data/ and trying again can help (a Lambda message to retry). */
  retry: boolean;
  rowsByTable: Record<string, number>;
  totalRows: number;
  durationMs: number;
  /** Where the file ended up (absent when it stayed under data/). */
  movedTo?: string;
}

const silent = pino({ level: 'silent' });

type Attempt =
  | { kind: 'loaded'; id: number; read: ReadSnapshotResult }
  | { kind: 'duplicate'; id: number; duplicateOf: number };

/** Processes one object under data/. Never throws: every outcome is a ProcessResult. */
export async function processObject(options: ProcessOptions): Promise<ProcessResult> {
  const { db, storage, key } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const t0 = performance.now();
  const facts: IngestionFacts = { objectKey: key, startedAt: new Date() };
  const keyLog = (options.logger ?? silent).child({ key });
  // Every line names the key, and the ingestion id once there is one.
  let log = keyLog;
  const elapsed = (): number => performance.now() - t0;
  const base = { key, rowsByTable: {}, totalRows: 0 };

  let spool: Spool;
  try {
    spool = await spoolObject(storage, key, { maxBytes, ...(options.spoolDir ? { dir: options.spoolDir } : {}) });
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return missing();
    if (error instanceof RejectError) return reject(error, undefined);
    return fail(error, undefined, 'storage');
  }
  facts.sha256 = spool.sha256;
  facts.bytes = spool.bytes;
  facts.etag = spool.etag;
  log.debug({ sha256: spool.sha256, bytes: spool.bytes }, 'read the object');

  try {
    const parsed = parseObjectKey(key);
    if (!parsed.ok) return await reject(new RejectError('bad_key', parsed.message), undefined);
    facts.accountId = parsed.info.accountId;
    facts.periodStart = parsed.info.date;
    if (parsed.info.interval === 'DAILY' || parsed.info.interval === 'MONTHLY') facts.granularity = parsed.info.interval;

    let attemptId: number | undefined;
    const readFacts: ReadFacts = { uncompressedBytes: 0, nulStripped: 0 };
    let attempt: Attempt;
    try {
      try {
        attempt = await load(parsed.info, spool, readFacts, false, (id) => (attemptId = id));
      } catch (error) {
        if (!(error instanceof RestartWithHeldSections)) throw error;
        log.info({ why: error.message }, 'reading again, holding sections until the end of the file');
        attempt = await load(parsed.info, spool, readFacts, true, (id) => (attemptId = id));
      }
    } catch (error) {
      Object.assign(facts, factsFrom(readFacts));
      if (classifyError(error).kind === 'content') return await reject(toReject(error), attemptId);
      return await fail(error, attemptId, 'database');
    }
    log = keyLog.child({ ingestionId: attempt.id });
    if (attempt.kind === 'duplicate') {
      log.info({ duplicateOf: attempt.duplicateOf }, 'duplicate of a loaded file: moving it without loading');
      return await moveAfterCommit({ ...base, status: 'duplicate', reason: 'same_content_loaded', ingestionId: attempt.id }, loadedKey(key));
    }
    const { write } = attempt.read;
    log.info(
      { rows: write.totalRows, rowsByTable: write.rowsByTable, unknownFields: attempt.read.unknownFields, nulStripped: readFacts.nulStripped, sourceFormat: attempt.read.sourceFormat, durationMs: Math.round(elapsed()) },
      'loaded',
    );
    return await moveAfterCommit({ key, status: 'loaded', ingestionId: attempt.id, rowsByTable: write.rowsByTable, totalRows: write.totalRows }, loadedKey(key));
  } finally {
    await spool.dispose();
  }

  /** ONE transaction: lock the key, detect a duplicate, insert the ingestion, load, mark it loaded. */
  async function load(info: KeyInfo, file: Spool, readFacts: ReadFacts, holdSections: boolean, onAttempt: (id: number) => void): Promise<Attempt> {
    const trx = await db.startTransaction().execute();
    try {
      await lockObjectKey(trx, key);
      const previous = await latestLoad(trx, key);
      let result: Attempt;
      if (previous && previous.sha256 === file.sha256) {
        const id = await insertIngestion(trx, facts, {
          status: 'duplicate',
          reason: 'same_content_loaded',
          error: { duplicate_of: previous.id, message: `the same content (sha256 ${file.sha256}) was loaded as ingestion ${previous.id}` },
          finishedAt: new Date(),
          durationMs: elapsed(),
        });
        result = { kind: 'duplicate', id, duplicateOf: previous.id };
      } else {
        const id = await insertIngestion(trx, facts, { status: 'processing' });
        onAttempt(id);
        log = keyLog.child({ ingestionId: id });
        const read = await readSnapshot(createReadStream(file.path), {
          key,
          info,
          maxBytes,
          holdSections,
          facts: readFacts,
          begin: (envelope) => beginSnapshot(trx, envelope, { ingestionId: id, objectKey: key }),
        });
        const notes = [...read.notes, ...read.write.notes];
        await finishIngestion(trx, id, { ...facts, ...factsFrom(readFacts) }, {
          status: 'loaded',
          rowsByTable: read.write.rowsByTable,
          unknownFields: read.unknownFields,
          error:
            notes.length > 0 || readFacts.nulStripped > 0 || read.unknownFieldPaths.length > 0
              ? { notes, nul_chars_stripped: readFacts.nulStripped, unknown_field_paths: read.unknownFieldPaths }
              : null,
          finishedAt: new Date(),
          durationMs: elapsed(),
        });
        result = { kind: 'loaded', id, read };
      }
      await trx.commit().execute();
      return result;
    } catch (error) {
      // A dead connection cannot roll back (the server drops the transaction anyway): keep the first error.
      await trx.rollback().execute().catch((rollbackError: unknown) => log.debug({ err: rollbackError }, 'rollback failed'));
      throw error;
    }
  }

  /** The database has committed; the object moves to loaded/ (or stays, for a retry that finds it a duplicate). */
  async function moveAfterCommit(result: Omit<ProcessResult, 'retry' | 'durationMs'>, target: string): Promise<ProcessResult> {
    try {
      await storage.move(key, target);
    } catch (error) {
      log.warn({ err: error, target }, 'committed, but the object could not be moved; a retry will find it a duplicate');
      return { ...result, status: 'failed', reason: 'move_failed', message: errorMessage(error), retry: true, durationMs: elapsed() };
    }
    return { ...result, retry: false, durationMs: elapsed(), movedTo: target };
  }

  async function reject(error: RejectError, attemptId: number | undefined): Promise<ProcessResult> {
    const code = sqlState(error.cause ?? error);
    const report = {
      reason: error.reason,
      message: error.message,
      issues: error.issues,
      issues_total: error.issuesTotal,
      ...(code ? { sqlstate: code } : {}),
    };
    let id: number;
    try {
      ({ id } = await recordOutcome(db, attemptId, facts, {
        status: 'rejected',
        reason: error.reason,
        error: report,
        finishedAt: new Date(),
        durationMs: elapsed(),
      }));
    } catch (recordError) {
      // Never move a file whose rejection is not on record: leave it for a retry.
      return fail(recordError, undefined, 'database', `rejected (${error.reason}) but the rejection could not be recorded`);
    }
    log = keyLog.child({ ingestionId: id });
    log.warn({ reason: error.reason, message: error.message, issues: error.issues.slice(0, 5) }, 'rejected');
    const target = rejectedKey(key);
    try {
      const errorJson = { ...report, object_key: key, ingestion_id: id, sha256: facts.sha256 ?? null, rejected_at: new Date().toISOString() };
      await storage.put(errorReportKey(key), `${JSON.stringify(errorJson, null, 2)}\n`, 'application/json');
      await storage.move(key, target);
    } catch (moveError) {
      log.warn({ err: moveError }, 'rejection recorded, but the object could not be moved; a retry will reject it again');
      return { ...base, status: 'failed', reason: 'move_failed', message: errorMessage(moveError), ingestionId: id, retry: true, durationMs: elapsed() };
    }
    return { ...base, status: 'rejected', reason: error.reason, message: error.message, ingestionId: id, retry: false, durationMs: elapsed(), movedTo: target };
  }

  async function fail(error: unknown, attemptId: number | undefined, phase: 'storage' | 'database', context?: string): Promise<ProcessResult> {
    const verdict = classifyError(error, phase);
    const reason: FailReason = verdict.kind === 'transient' ? verdict.reason : 'internal_error';
    const message = context ? `${context}: ${errorMessage(error)}` : errorMessage(error);
    let id: number | undefined;
    try {
      const recorded = await recordOutcome(db, attemptId, facts, {
        status: 'failed',
        reason,
        error: { reason, message, kind: verdict.kind, ...(verdict.code ? { code: verdict.code } : {}) },
        finishedAt: new Date(),
        durationMs: elapsed(),
      });
      id = recorded.id;
      if (recorded.existing === 'loaded') {
        // The commit went through although its reply was lost: finish the job.
        log.warn({ err: error }, 'the load was committed after all');
        return moveAfterCommit({ ...base, status: 'loaded', ingestionId: id }, loadedKey(key));
      }
    } catch (recordError) {
      log.warn({ err: recordError }, 'the failure could not be recorded (database unreachable)');
    }
    log = id === undefined ? log : keyLog.child({ ingestionId: id });
    log.error({ err: error, reason, kind: verdict.kind }, 'failed; the object stays under data/ for a retry');
    return { ...base, status: 'failed', reason, message, ...(id !== undefined ? { ingestionId: id } : {}), retry: true, durationMs: elapsed() };
  }

  /** The key named in an event is gone: processed already by an earlier delivery, or deleted. */
  async function missing(): Promise<ProcessResult> {
    let processed = false;
    try {
      processed = (await storage.exists(loadedKey(key))) || (await storage.exists(rejectedKey(key)));
    } catch (error) {
      return fail(error, undefined, 'storage');
    }
    const reason = processed ? 'already_processed' : 'not_found';
    const message = processed ? 'the object was already moved to loaded/ or rejected/' : 'the object does not exist';
    let id: number | undefined;
    try {
      id = (
        await recordOutcome(db, undefined, facts, { status: processed ? 'duplicate' : 'failed', reason, error: { reason, message }, finishedAt: new Date(), durationMs: elapsed() })
      ).id;
    } catch (error) {
      return fail(error, undefined, 'database');
    }
    keyLog.child({ ingestionId: id }).warn({ reason }, message);
    // Retrying cannot bring it back: not a message to redeliver.
    return { ...base, status: processed ? 'duplicate' : 'failed', reason, message, ingestionId: id, retry: false, durationMs: elapsed() };
  }
}

function factsFrom(read: ReadFacts): Partial<IngestionFacts> {
  return {
    uncompressedBytes: read.uncompressedBytes,
    ...(read.accountId ? { accountId: read.accountId } : {}),
    ...(read.granularity ? { granularity: read.granularity } : {}),
    ...(read.periodStart ? { periodStart: read.periodStart } : {}),
    ...(read.sourceFormat ? { sourceFormat: read.sourceFormat } : {}),
  };
}

function toReject(error: unknown): RejectError {
  if (error instanceof RejectError) return error;
  const code = sqlState(error);
  return new RejectError('database_rejected', `the database refused the data${code ? ` (SQLSTATE ${code})` : ''}: ${errorMessage(error)}`, [], { cause: error });
}
