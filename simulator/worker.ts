// Worker thread entry: simulates the accounts the main thread hands out and reports each written file.
import { parentPort, workerData } from 'node:worker_threads';
import { simulateAccounts, type FileEvent, type WorldSpec } from './simulate.js';

interface Job {
  spec: WorldSpec;
  bucket: string;
  latencyMs?: number;
  concurrency?: number;
}

// The SDK's Node-version notice is about talking to AWS; simulated clients never do.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const job = workerData as Job;
const port = parentPort;
if (!port) throw new Error('simulator/worker.ts must run in a worker thread');

// Asks the main thread for the next account; answers arrive in order.
const waiting: ((index: number | undefined) => void)[] = [];
port.on('message', (m: { type: 'account'; index: number | null }) => waiting.shift()?.(m.index ?? undefined));
const nextAccount = () =>
  new Promise<number | undefined>((resolve) => {
    waiting.push(resolve);
    port.postMessage({ type: 'next' });
  });

simulateAccounts(job.spec, nextAccount, job.bucket, {
  latencyMs: job.latencyMs,
  concurrency: job.concurrency,
  onFile: (event: FileEvent) => port.postMessage({ type: 'file', event }),
  onAccountDone: (accountId: string) => port.postMessage({ type: 'account', accountId }),
})
  // Nothing more to ask for: let the thread end once its messages are out.
  .then(() => port.unref())
  .catch((error: unknown) => {
    const e = error as Error;
    port.postMessage({ type: 'error', message: e?.message ?? String(error), stack: e?.stack });
    process.exitCode = 1;
    port.unref();
  });
