import type { Command } from 'commander';
import { simulate, type SimulateResult } from '../../simulator/simulate.js';
import { progressBars } from '../../lib/progress.js';
import { yesterdayUtc } from '../../simulator/dates.js';
import { parseIsoDate, parsePositiveInt, UsageError } from '../common.js';

interface SimulateCliOptions {
  accounts: number;
  days: number;
  bucket: string;
  seed: string;
  latencyMs: string;
  endDate?: string;
  workers?: number;
  clean?: boolean;
}

function parseLatency(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--latency-ms must be a number of milliseconds ≥ 0, got "${value}"`);
  return n;
}

export function formatSimulateResult(r: SimulateResult): string {
  const lines = [
    `simulated ${r.accounts} account(s) × ${r.days} day(s) (${r.startDate} … ${r.endDate}, seed ${r.seed}) in ${(r.durationMs / 1000).toFixed(1)} s with ${r.workers} worker(s)`,
    `  ${r.files} snapshot files, ${(r.bytes / 1024 / 1024).toFixed(1)} MiB gzipped, ${r.apiCalls} simulated API calls (${Math.round(r.files / (r.durationMs / 1000))} files/s)`,
    `  ${r.anomalies} labelled anomalies → ${r.truthPath}`,
  ];
  const notOk = Object.entries(r.collectorStatus)
    .map(([name, statuses]) => [name, Object.entries(statuses).filter(([s]) => s !== 'ok' && s !== 'skipped')] as const)
    .filter(([, list]) => list.length > 0);
  if (notOk.length > 0) lines.push(`  collectors not ok: ${notOk.map(([n, list]) => `${n} (${list.map(([s, c]) => `${c} ${s}`).join(', ')})`).join('; ')}`);
  for (const gap of r.reportingGaps) lines.push(`  account ${gap.accountId} did not report on ${gap.dates.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export async function runSimulate(opts: SimulateCliOptions): Promise<SimulateResult> {
  const latencyMs = parseLatency(opts.latencyMs);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const bars = progressBars();
  const bar = bars.bar('simulate');
  try {
    const result = await simulate({
      accounts: opts.accounts,
      days: opts.days,
      bucket: opts.bucket,
      seed: opts.seed,
      endDate: opts.endDate,
      latencyMs,
      workers: opts.workers,
      clean: opts.clean,
      onStart: (info) => bar.start(info.files),
      onFile: (e) => bar.tick(e.key.slice(5)),
    });
    bars.stop();
    process.stdout.write(formatSimulateResult(result));
    return result;
  } catch (error) {
    bars.stop();
    if (error instanceof Error && /already holds files/.test(error.message)) throw new UsageError(error.message);
    throw error;
  }
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('generate a simulated organization through the real collectors into a local bucket folder, plus DIR/truth.json')
    .requiredOption('--accounts <n>', 'number of accounts (management and security accounts included)', parsePositiveInt('--accounts'))
    .requiredOption('--days <d>', 'number of days of history', parsePositiveInt('--days'))
    .requiredOption('--bucket <dir>', 'local bucket folder to write data/ into')
    .option('--seed <s>', 'random seed (same seed and end date, same files)', '1')
    .option('--latency-ms <l>', 'simulated latency of every AWS API call', '0')
    .option('--end-date <date>', `last simulated day, YYYY-MM-DD (default: yesterday UTC, ${yesterdayUtc()})`, parseIsoDate('--end-date'))
    .option('--workers <n>', 'worker threads (default: one per CPU)', parsePositiveInt('--workers'))
    .option('--clean', 'replace the files of an earlier run in DIR/data')
    .action(async (opts: SimulateCliOptions) => {
      await runSimulate(opts);
    });
}
