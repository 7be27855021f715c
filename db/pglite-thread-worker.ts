// Worker side of PGliteThread: one PGlite instance, requests run strictly one after the other in
// the order they arrive (a transaction's statements arrive in its order, pipelined).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { typeParsers } from './type-parsers.js';
import { copyQuery } from './copy.js';
import type { ThreadReply, ThreadRequest, ThreadStart } from './pglite-thread.js';

const port = parentPort;
if (!port) throw new Error('db/pglite-thread-worker.ts must run in a worker thread');
const start = workerData as ThreadStart;

/** The fields of a PostgreSQL error that callers read (code for SQLSTATE, detail …), as plain data. */
function plainError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const out: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  for (const [k, v] of Object.entries(error)) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
  return out;
}

const reply = (message: ThreadReply, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

let tail: Promise<unknown> = (async () => {
  const db = await PGlite.create(start.dataDir, { parsers: typeParsers });
  reply({ id: 0, ready: true });
  return db;
})().catch((error: unknown) => reply({ id: 0, error: plainError(error) }));

port.on('message', (request: ThreadRequest) => {
  tail = tail.then(async (db) => {
    const pglite = db as PGlite;
    try {
      if (request.kind === 'close') {
        await pglite.close();
        reply({ id: request.id, closed: true });
        port.close();
        return pglite;
      }
      const result = await copyQuery(pglite, request.sql, request.params, { rowMode: request.rowMode ?? 'object', ...(request.blob ? { blob: request.blob } : {}) });
      const buffer = result.blob ? await result.blob.arrayBuffer() : undefined;
      reply({ id: request.id, result: { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows, buffer } }, buffer ? [buffer] : []);
    } catch (error) {
      reply({ id: request.id, error: plainError(error) });
    }
    return pglite;
  });
});
