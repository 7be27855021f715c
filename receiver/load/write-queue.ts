// Statements of one load are issued without waiting for each: the transaction runs them one at a
// time, in order, while this process parses, maps, hashes and serializes what comes next — also
// across sections, so the next section is read while this one's statements run. What may wait is
// bounded by count and by the size of its parameters (each chunk holds up to 3 MiB). The
// first failure is kept and rethrown at the next submit, read or drain, so it is the error
// reported, not the "current transaction is aborted" that follows it.
//
// The queue hands kysely one statement at a time, each after the previous one has finished:
// kysely's transaction connection does not promise to run concurrent callers in call order, and
// the order matters (a version is closed before its successor is inserted).
import { CompiledQuery } from 'kysely';
import type { LoadStats } from './context.js';
import type { Executor } from './types.js';

export interface QueryResult<T> {
  rows: T[];
  affected: number;
}

export async function execute<T = Record<string, unknown>>(db: Executor, text: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
  const result = await db.executeQuery<T>(CompiledQuery.raw(text, [...params]));
  return { rows: result.rows, affected: Number(result.numAffectedRows ?? 0n) };
}

export interface QueueLimits {
  /** Statements submitted and not yet finished. */
  statements: number;
  /** Their parameters' characters (the array literals of the chunks they carry). */
  chars: number;
}

/**
 * Measured on a 100 MB snapshot (docs/performance.md): with 8 Mi characters the first load took
 * 11 % less time than draining at every section end, for 6–36 MB more peak RSS; 32 Mi was no
 * faster and cost 130 MB.
 */
export const DEFAULT_QUEUE_LIMITS: QueueLimits = { statements: 64, chars: 8 * 1024 * 1024 };

function paramChars(params: readonly unknown[]): number {
  let n = 0;
  for (const p of params) if (typeof p === 'string') n += p.length;
  return n;
}

export class WriteQueue {
  private readonly pending: Promise<void>[] = [];
  private pendingChars = 0;
  /** Settles when the last queued statement has. */
  private tail: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly db: Executor,
    private readonly stats: LoadStats,
    private readonly limits: QueueLimits = DEFAULT_QUEUE_LIMITS,
  ) {}

  /**
   * Queues a write; its affected rows count for `table` (for a statement that writes in CTEs and
   * selects the total, `count` names the column of its one row; for a COPY, which reports no
   * affected rows through kysely, it gives their number). Resolves once the queue has room.
   */
  async submit(table: string, text: string, params: readonly unknown[], count?: string | { rows: number }): Promise<void> {
    await this.rethrow();
    const chars = paramChars(params);
    this.pendingChars += chars;
    const done = this.tail
      // after a failure the transaction is aborted: what is still queued is not sent
      .then(() => (this.failure ? undefined : execute<Record<string, unknown>>(this.db, text, params)))
      .then(
        (r) => {
          this.pendingChars -= chars;
          if (r) this.stats.add(table, count === undefined ? r.affected : typeof count === 'string' ? Number(r.rows[0]?.[count] ?? 0) : count.rows);
        },
        (error: unknown) => {
          this.pendingChars -= chars;
          this.failure ??= { error };
        },
      );
    this.tail = done;
    this.pending.push(done);
    while (this.pending.length > this.limits.statements || (this.pendingChars > this.limits.chars && this.pending.length > 0)) await this.pending.shift();
    await this.rethrow();
  }

  /** A read (or a write whose result is needed now): runs after everything queued before it. */
  async query<T = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    await this.drain();
    const result = execute<T>(this.db, text, params);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Waits for every queued statement; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    await this.rethrow();
  }

  /**
   * Waits for every queued statement, failed or not. Call before giving up on a load: the caller
   * then rolls back, and nothing queued may run on the connection after that.
   */
  async settle(): Promise<void> {
    await Promise.allSettled(this.pending.splice(0));
    await this.tail;
  }

  /**
   * Gives up: statements not yet sent never will be, the one running is waited for. Call before
   * rolling back, so that nothing queued runs on the connection after the ROLLBACK.
   */
  async abort(): Promise<void> {
    this.failure ??= { error: new Error('the load was aborted') };
    await this.settle();
  }

  private async rethrow(): Promise<void> {
    if (!this.failure) return;
    await this.settle();
    throw this.failure.error;
  }
}
