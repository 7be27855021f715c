// Statements of one load are issued without waiting for each: the transaction runs them one at a
// time, in order, while this process maps, hashes and serializes what comes next — and, since a
// section returns once its statements are queued, while the reader parses the next section. The
// queue is bounded by statements and by the bytes of their parameters (a chunk is up to 3 MiB);
// the first failure is kept and rethrown at the next submit, read or drain, so it is the error
// reported, not the "current transaction is aborted" that follows it.
//
// The queue hands kysely one statement at a time, each after the previous one has finished:
// kysely's transaction connection does not promise to run concurrent callers in call order, and
// the order matters (a version is closed before its successor is inserted). Before the caller
// rolls back it must close() the queue: nothing queued may reach the connection after that.
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
  /** Statements waiting at most. */
  statements: number;
  /** Characters of string parameters (about bytes: the JSON is mostly ASCII) waiting at most. */
  bytes: number;
}

/** Enough to keep the server busy while the next section is parsed; bounded memory. */
export const DEFAULT_QUEUE_LIMITS: QueueLimits = { statements: 32, bytes: 4 * 1024 * 1024 };

const paramBytes = (params: readonly unknown[]): number => params.reduce<number>((a, p) => a + (typeof p === 'string' ? p.length : 8), 0);

export class WriteQueue {
  private readonly pending: { done: Promise<void>; bytes: number }[] = [];
  private pendingBytes = 0;
  /** Settles when the last queued statement has. */
  private tail: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private closed = false;

  constructor(
    private readonly db: Executor,
    private readonly stats: LoadStats,
    private readonly limits: QueueLimits = DEFAULT_QUEUE_LIMITS,
  ) {}

  /**
   * Queues a write; its affected rows count for `table` (for a statement that writes in CTEs and
   * selects the total, `countColumn` names the column of its one row). Resolves once the queue has room.
   */
  async submit(table: string, text: string, params: readonly unknown[], countColumn?: string): Promise<void> {
    await this.rethrow();
    this.assertOpen();
    const done = this.tail
      // after a failure the transaction is aborted, after close() it is being rolled back: what is still queued is not sent
      .then(() => (this.failure || this.closed ? undefined : execute<Record<string, unknown>>(this.db, text, params)))
      .then(
        (r) => {
          if (r) this.stats.add(table, countColumn === undefined ? r.affected : Number(r.rows[0]?.[countColumn] ?? 0));
        },
        (error: unknown) => {
          this.failure ??= { error };
        },
      );
    this.tail = done;
    const bytes = paramBytes(params);
    this.pending.push({ done, bytes });
    this.pendingBytes += bytes;
    while (this.pending.length > 1 && (this.pending.length > this.limits.statements || this.pendingBytes > this.limits.bytes)) {
      const first = this.pending.shift()!;
      await first.done;
      this.pendingBytes -= first.bytes;
    }
    await this.rethrow();
  }

  /** A read (or a write whose result is needed now): runs after everything queued before it. */
  async query<T = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    await this.drain();
    this.assertOpen();
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
    const all = this.pending.splice(0);
    this.pendingBytes = 0;
    await Promise.allSettled(all.map((p) => p.done));
    await this.tail;
  }

  /** Stops the load: statements not yet sent are dropped, the one running is waited for. Later submits throw. */
  async close(): Promise<void> {
    this.closed = true;
    await this.settle();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the load was aborted: its write queue is closed');
  }

  private async rethrow(): Promise<void> {
    if (!this.failure) return;
    await this.settle();
    throw this.failure.error;
  }
}
