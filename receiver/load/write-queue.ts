// Statements of one load are issued without waiting for each: the transaction runs them one at a
// time, in order, while this process maps, hashes and serializes what comes next. At most `depth`
// statements wait at once (each holds a chunk of up to 3 MiB); the first failure is kept and
// rethrown at the next submit, read or drain, so it is the error reported, not the "current
// transaction is aborted" that follows it.
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

export class WriteQueue {
  private readonly pending: Promise<void>[] = [];
  /** Settles when the last queued statement has. */
  private tail: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly db: Executor,
    private readonly stats: LoadStats,
    private readonly depth = 3,
  ) {}

  /**
   * Queues a write; its affected rows count for `table` (for a statement that writes in CTEs and
   * selects the total, `countColumn` names the column of its one row). Resolves once the queue has room.
   */
  async submit(table: string, text: string, params: readonly unknown[], countColumn?: string): Promise<void> {
    await this.rethrow();
    const done = this.tail
      // after a failure the transaction is aborted: what is still queued is not sent
      .then(() => (this.failure ? undefined : execute<Record<string, unknown>>(this.db, text, params)))
      .then(
        (r) => {
          if (r) this.stats.add(table, countColumn === undefined ? r.affected : Number(r.rows[0]?.[countColumn] ?? 0));
        },
        (error: unknown) => {
          this.failure ??= { error };
        },
      );
    this.tail = done;
    this.pending.push(done);
    while (this.pending.length > this.depth) await this.pending.shift();
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

  private async rethrow(): Promise<void> {
    if (!this.failure) return;
    await this.settle();
    throw this.failure.error;
  }
}
