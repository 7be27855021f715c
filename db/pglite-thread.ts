// PGlite in a worker thread, behind the interface kysely's PGliteDialect uses. In this thread,
// PGlite's WebAssembly and the receiver's reading, validation and encoding take turns on one core;
// in a thread of its own the database works while the next statements are prepared.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../lib/worker-thread.js';

export interface ThreadStart {
  /** Where PGlite keeps its files; in memory when absent. */
  dataDir?: string;
}

export type ThreadRequest =
  | { kind: 'query'; id: number; sql: string; params?: unknown[]; rowMode?: 'array' | 'object'; blob?: Blob }
  | { kind: 'close'; id: number };

interface ThreadResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
  /** COPY … TO '/dev/blob' output. */
  buffer?: ArrayBuffer;
}

export type ThreadReply = { id: number } & ({ ready: true } | { closed: true } | { error: Record<string, unknown> } | { result: ThreadResult });

export interface QueryOptions {
  rowMode?: 'array' | 'object';
  blob?: Blob;
}

export interface QueryResults<T> {
  rows: T[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
  blob?: Blob;
}

export interface ThreadTransaction {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResults<T>>;
  rollback(): Promise<void>;
}

/** A PostgreSQL error from the thread, with its fields (code = SQLSTATE, detail …) as PGlite gives them. */
function errorFrom(fields: Record<string, unknown>): Error {
  const { message, stack, ...rest } = fields;
  const error = Object.assign(new Error(String(message)), rest);
  if (typeof stack === 'string') error.stack = stack;
  return error;
}

export class PGliteThread {
  ready = false;
  closed = false;
  readonly waitReady: Promise<void>;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private readonly pending = new Map<number, { resolve: (reply: ThreadReply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  /** Held by a transaction from BEGIN to its end: other queries wait, as PGlite makes them wait. */
  private lock: Promise<void> = Promise.resolve();

  constructor(start: ThreadStart = {}) {
    this.worker = startWorker(import.meta.url, 'pglite-thread-worker', { workerData: start });
    this.waitReady = new Promise<void>((resolve, reject) => {
      this.pending.set(0, {
        resolve: () => {
          this.ready = true;
          resolve();
        },
        reject,
      });
    });
    this.worker.on('message', (message: ThreadReply | { type: 'error'; message: string; stack?: string }) => {
      if ('type' in message) {
        this.failAll(Object.assign(new Error(`the PGlite thread did not start: ${message.message}`), { stack: message.stack }));
        return;
      }
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) this.worker.unref();
      if ('error' in message) waiting.reject(errorFrom(message.error));
      else waiting.resolve(message);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.exited = new Promise<void>((resolve) =>
      this.worker.on('exit', (code) => {
        this.closed = true;
        this.failAll(new Error(`the PGlite thread exited (code ${code})`));
        resolve();
      }),
    );
  }

  static async create(start: ThreadStart = {}): Promise<PGliteThread> {
    const thread = new PGliteThread(start);
    await thread.waitReady;
    return thread;
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  private request(message: ThreadRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never): Promise<ThreadReply> {
    if (this.closed) return Promise.reject(new Error('the PGlite thread is closed'));
    const id = this.nextId++;
    // an idle thread does not keep the process alive (like an idle connection pool); one that
    // owes an answer does
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<ThreadReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Sent at once, without waiting for the lock: the statements of the transaction holding it. */
  private async send<T>(sql: string, params?: unknown[], options: QueryOptions = {}): Promise<QueryResults<T>> {
    const reply = await this.request({ kind: 'query', sql, ...(params ? { params } : {}), ...options });
    const { result } = reply as { result: ThreadResult };
    const { buffer, ...rest } = result;
    return { ...(rest as Omit<QueryResults<T>, 'blob'>), ...(buffer ? { blob: new Blob([buffer]) } : {}) };
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const before = this.lock;
    let release!: () => void;
    this.lock = new Promise<void>((resolve) => (release = resolve));
    await before;
    try {
      return await work();
    } finally {
      release();
    }
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResults<T>> {
    return this.exclusive(() => this.send<T>(sql, params, options));
  }

  transaction<T>(callback: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.send('begin');
      let open = true;
      const tx: ThreadTransaction = {
        query: (sql, params, options) => (open ? this.send(sql, params, options) : Promise.reject(new Error('the transaction is closed'))),
        rollback: async () => {
          open = false;
          await this.send('rollback');
        },
      };
      try {
        const result = await callback(tx);
        if (open) {
          open = false;
          await this.send('commit');
        }
        return result;
      } catch (error) {
        if (open) {
          open = false;
          await this.send('rollback').catch(() => undefined);
        }
        throw error;
      }
    });
  }

  /** Ends the thread at once, as a crash would: an open transaction is lost, a PGlite folder recovers it when next opened. */
  async terminate(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
    await this.exited;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.exclusive(async () => {
      await this.request({ kind: 'close' });
      this.closed = true;
    });
    this.worker.ref(); // until it has exited
    await this.exited;
  }
}
