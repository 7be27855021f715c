// What went wrong with a file, and whether trying again can help.
import type { ContractIssue } from '../snapshot/index.js';

/** Why a file was rejected: the file itself is at fault, retrying cannot help. */
export type RejectReason =
  | 'bad_key'
  | 'too_large'
  | 'gzip_corrupt'
  | 'not_json'
  | 'not_an_object'
  | 'unsupported_schema_version'
  | 'contract_violation'
  | 'account_mismatch'
  | 'date_mismatch'
  | 'granularity_mismatch'
  | 'legacy_unconvertible'
  | 'database_rejected';

/** Why a file failed: something around it is at fault; the file stays under data/ for a retry. */
export type FailReason = 'database_unavailable' | 'transaction_conflict' | 'storage_unavailable' | 'not_found' | 'move_failed' | 'internal_error';

export class RejectError extends Error {
  override readonly name = 'RejectError';
  constructor(
    readonly reason: RejectReason,
    message: string,
    readonly issues: ContractIssue[] = [],
    options?: { cause?: unknown; issuesTotal?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.issuesTotal = options?.issuesTotal ?? issues.length;
  }
  readonly issuesTotal: number;
}

export type Classification =
  | { kind: 'content'; reason: RejectReason; code?: string }
  | { kind: 'transient'; reason: FailReason; code?: string }
  | { kind: 'internal'; reason: 'internal_error'; code?: string };

const SQLSTATE = /^[0-9A-Z]{5}$/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'ESOCKETTIMEDOUT',
]);
// node-postgres and PGlite report a lost connection in words, without a code.
const CONNECTION_MESSAGES =
  /connection terminated|not queryable|client was closed|client has already been connected|timeout exceeded when trying to connect|pglite is closed|instance is already closed|the pglite thread (exited|is closed)|cannot connect to|connection refused|socket hang up|the database system is (starting up|shutting down|in recovery mode)/i;
const AWS_TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableError',
  'ServiceUnavailableException',
  'StatementTimeoutException',
  'DatabaseResumingException',
  'DatabaseUnavailableException',
  'TimeoutError',
]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let current: unknown = error;
  for (let i = 0; i < 6 && current && typeof current === 'object'; i++) {
    out.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return out;
}

/** The PostgreSQL SQLSTATE of an error from pg, PGlite or the Data API dialect (or its causes). */
export function sqlState(error: unknown): string | undefined {
  for (const e of chain(error)) if (typeof e.code === 'string' && SQLSTATE.test(e.code)) return e.code;
  return undefined;
}

/** Classifies a PostgreSQL SQLSTATE: which errors say "try again" and which say "this file cannot be stored". */
export function classifySqlState(code: string): Classification {
  const cls = code.slice(0, 2);
  if (cls === '08') return { kind: 'transient', reason: 'database_unavailable', code };
  if (cls === '40') return { kind: 'transient', reason: 'transaction_conflict', code };
  if (cls === '53') return { kind: 'transient', reason: 'database_unavailable', code };
  if (/^57P0\d$/.test(code) || code === '57014' || code === '55P03') return { kind: 'transient', reason: 'database_unavailable', code };
  // 21: "ON CONFLICT … cannot affect row a second time" — the file lists the same item twice.
  if (cls === '21' || cls === '22' || cls === '23' || cls === '54') return { kind: 'content', reason: 'database_rejected', code };
  return { kind: 'internal', reason: 'internal_error', code };
}

/**
 * Database and storage errors → transient (retry) or content (reject); anything else is internal
 * (retried as well, and worth a look). `phase` names what was being done, for AWS errors that
 * could come from either side (throttling, 5xx).
 */
export function classifyError(error: unknown, phase: 'storage' | 'database' = 'database'): Classification {
  if (error instanceof RejectError) return { kind: 'content', reason: error.reason };
  const state = sqlState(error);
  if (state) return classifySqlState(state);
  for (const e of chain(error)) {
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || e.code.startsWith('UND_ERR_'))) {
      return { kind: 'transient', reason: phase === 'storage' ? 'storage_unavailable' : 'database_unavailable', code: e.code };
    }
    if (e.name === 'AbortedTransactionError') return { kind: 'transient', reason: 'transaction_conflict' };
    if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return { kind: 'transient', reason: 'database_unavailable' };
    const status = e.$metadata?.httpStatusCode;
    if (e.$retryable || (typeof e.name === 'string' && AWS_TRANSIENT_NAMES.has(e.name)) || (status !== undefined && status >= 500)) {
      const reason = phase === 'storage' ? 'storage_unavailable' : 'database_unavailable';
      return { kind: 'transient', reason, ...(typeof e.name === 'string' ? { code: e.name } : {}) };
    }
  }
  return { kind: 'internal', reason: 'internal_error' };
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
