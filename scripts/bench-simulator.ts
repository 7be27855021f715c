// Benchmark of the simulator: files per second and memory while it runs.
//   npx tsx scripts/bench-simulator.ts [accounts=20] [days=30] [workers=cpus] [latencyMs=0]
// Prints throughput and the process's resident memory sampled every second (worker threads
// included), so a larger run shows whether memory stays flat.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../simulator/simulate.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const [accounts = 20, days = 30, workers, latencyMs = 0] = process.argv.slice(2).map(Number);
const dir = await mkdtemp(join(tmpdir(), 'orgpulse-bench-sim-'));
const samples: { t: number; rssMb: number; files: number }[] = [];
let files = 0;
const started = performance.now();
const timer = setInterval(() => samples.push({ t: (performance.now() - started) / 1000, rssMb: process.memoryUsage().rss / 1e6, files }), 1000);
try {
  const r = await simulate({ accounts, days, bucket: dir, seed: '1', endDate: '2026-03-31', workers: Number.isFinite(workers) ? workers : undefined, latencyMs, onFile: () => files++ });
  clearInterval(timer);
  const s = r.durationMs / 1000;
  console.log(`${accounts} accounts × ${days} days: ${r.files} files in ${s.toFixed(1)} s (${(r.files / s).toFixed(1)} files/s, ${r.workers} workers, ${(r.bytes / 1e6).toFixed(1)} MB, ${r.apiCalls} API calls)`);
  const rss = samples.map((x) => x.rssMb);
  if (rss.length > 0) {
    const quarter = Math.max(1, Math.floor(rss.length / 4));
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`RSS: max ${Math.max(...rss).toFixed(0)} MB; mean of first quarter ${avg(rss.slice(0, quarter)).toFixed(0)} MB, last quarter ${avg(rss.slice(-quarter)).toFixed(0)} MB`);
    for (const x of samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 10)) === 0)) console.log(`  t=${x.t.toFixed(0)}s files=${x.files} rss=${x.rssMb.toFixed(0)} MB`);
  }
} finally {
  clearInterval(timer);
  await rm(dir, { recursive: true, force: true });
}
