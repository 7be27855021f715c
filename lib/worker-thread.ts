// Starts a worker thread from a module beside the caller: `name.js` when running compiled, and
// `name.ts` from source (tsx, tests), where the worker registers the TypeScript loader itself
// first, because loader flags in execArgv do not reach worker threads on Node 20.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `callerUrl` is the caller's import.meta.url; `name` the worker module's name without extension. */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = callerUrl.endsWith('.ts');
  const url = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, callerUrl);
  // --input-type (node -e) applies to string input only and would stop a worker started from a file
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
  if (!fromSource) return new Worker(url, { execArgv, ...options });
  const bootstrap =
    `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })` +
    `.catch((e) => { require('node:worker_threads').parentPort.postMessage({ type: 'error', message: String(e), stack: e && e.stack }); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
